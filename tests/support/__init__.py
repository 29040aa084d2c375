"""Helpers shared by tests and benchmarks (not shipped with the application)."""
