"""Demo content for `manage.py seed_demo`: idempotent builders, one module per concept."""
