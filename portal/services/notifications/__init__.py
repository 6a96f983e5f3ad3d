"""Notifications: the in-portal list of each user's notifications, their e-mails (at once
or as a daily digest), and the transactional outbox every e-mail of the portal goes
through (``flask notifications send``).

May call: the shared modules only. Every other area may call it.
"""
