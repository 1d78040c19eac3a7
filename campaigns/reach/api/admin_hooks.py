"""Admin screens of the API (personal tokens), imported by campaigns.wagtail_hooks."""
