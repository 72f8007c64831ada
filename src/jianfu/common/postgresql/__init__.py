"""Django's PostgreSQL backend with a health check that costs no round trip while the server is quiet (ADR 0011)."""
