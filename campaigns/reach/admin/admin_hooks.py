"""Admin URLs and hooks of the report screens (imported by campaigns.wagtail_hooks)."""
