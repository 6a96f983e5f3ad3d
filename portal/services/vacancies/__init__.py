"""Vacancies: posting and their life cycle, the rules a valid vacancy meets, JSON Lines
import, shortage occupations and the ESCO taxonomy search.

May call: the shared modules (``audit``, ``mail``, ``settings``).
"""
