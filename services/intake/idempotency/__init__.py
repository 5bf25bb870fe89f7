"""Idempotency-Key: a retried submission gets the first answer, not a second report."""
