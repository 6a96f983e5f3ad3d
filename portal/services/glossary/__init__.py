"""The glossary: a municipality's own Dutch labels for ESCO skills.

Owns ``SkillLabel`` rows and puts them over the shipped labels of the process-wide
taxonomy (``matching.taxonomy.Taxonomy.set_glossary``), so pickers, pages, search,
match reasons, matching text and exports all show them at once. Lists the skills used in
vacancies and profiles that still have no Dutch label, and reads and writes the glossary
as a CSV file that municipalities can share. Calls only the shared modules.
"""
