"""Matches: suggestions (the ranking service over the shared index, the re-ranker), the
match review and the hires that come from it.

May call: ``candidates``, ``vacancies``, ``twv`` and the shared modules.
"""
