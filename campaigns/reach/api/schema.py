"""The OpenAPI schema covers /api/v1/ only (Wagtail's own admin API is not for partners)."""


def only_api_v1(endpoints, **kwargs):
    """drf-spectacular preprocessing hook."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
