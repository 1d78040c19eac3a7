"""The OpenAPI schema covers /api/v1/ only (Wagtail's own admin API is not for partners), and
documents the error answers every endpoint can give, not only the ones its view annotates.

Served at /api/v1/schema/ (campaigns.reach.api.urls); tests/reach/test_api_schema.py checks
requests and answers against it.
"""

ERRORS = {"$ref": "#/components/schemas/Errors"}
ALWAYS = {
    "401": "No credentials, or a wrong token (send `Authorization: Token <key>`).",
    "403": "Your role does not allow this (or, for a write, these figures are not yours).",
    "429": "Too many requests: wait as many seconds as the Retry-After header says.",
}
PAGING = ("page", "page_size")


def only_api_v1(endpoints, **kwargs):
    """drf-spectacular preprocessing hook."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def document_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation answers errors in one shape
    (campaigns.reach.api.errors), so each documents the ones it can give."""
    for path, operations in result["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            query = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            errors = dict(ALWAYS)
            if "{" in path:
                errors["404"] = "No such object, or not one you may see."
            elif "page" in query:
                errors["404"] = "No such page."
            if "requestBody" in operation:
                errors["400"] = "Malformed JSON, or a body the rules refuse."
                errors["415"] = "The body is not JSON (send Content-Type: application/json)."
            elif query - set(PAGING):
                errors["400"] = "A filter value that cannot be read (e.g. month=March)."
            for code, description in errors.items():
                content = {"application/json": {"schema": ERRORS}}
                operation["responses"].setdefault(
                    code, {"content": content, "description": description}
                )
    return result
