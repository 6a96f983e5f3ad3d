"""The admin console: the audit log viewer, its CSV export and the alerts.

Also the retention page: the dry-run preview, the confirmed run and the log of past runs.
Owns no tables of its own: it reads ``AuditEvent`` (and keeps its one threshold in a
``Setting`` row). Calls the shared modules and the candidates area (retention).
"""
