"""Accounts: users, passwords and their reset, two-factor login, login throttling, employers.

May call: the shared modules (``audit``, ``mail``, ``settings``). No other area.
"""
