"""Writes of accounts: the system administrator's (users), the security administrator's (grants) and every
user's own password change (passwords). Each checks who acts, and writes its audit row in its own transaction."""
