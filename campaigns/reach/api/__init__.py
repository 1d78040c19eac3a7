"""The reach REST API for partner systems, under /api/v1/ (Django REST framework)."""
