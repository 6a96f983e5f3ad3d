"""Candidates: anonymised profiles, identity vault, consent, support, relocations, retention,
import/export and search.

May call: the shared modules (``audit``, ``mail``, ``settings``).
"""
