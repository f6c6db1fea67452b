"""Use cases: each changes state, flushes, and writes its audit event; the caller commits once."""
