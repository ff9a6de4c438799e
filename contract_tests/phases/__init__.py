"""Steps schemathesis has no phase for: each takes the run's schema and options and returns failures."""
