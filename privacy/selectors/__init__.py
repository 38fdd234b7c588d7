"""Reads of the privacy app, one module per concern: `retention` (which courses are due),
`family_export` (everything held about a family) and `audit_log` (the Logning screen)."""
