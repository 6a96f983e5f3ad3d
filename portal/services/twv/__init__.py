"""TWV: the work-permit cases of hires, their checklist steps and status, reminders and the
calendar feed.

May call: ``candidates`` and the shared modules (``audit``, ``mail``, ``settings``).
"""
