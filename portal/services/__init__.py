"""Domain services: the rules of the portal. They flush, never commit; the caller commits."""
