"""Business rules. Services take and return plain values and models, never requests."""
