"""The admin console's reading side: the audit log viewer, its CSV export and the alerts.

Owns no tables of its own: it reads ``AuditEvent`` (and keeps its one threshold in a
``Setting`` row). Calls only the shared modules.
"""
