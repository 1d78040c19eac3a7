"""Media on S3-compatible object storage, configured by the environment (read by the production
settings; a function of its own so that tests can build the same storages against a local S3).

Two buckets, never one: ``AWS_STORAGE_BUCKET_NAME`` holds public media (Wagtail's images and
renditions, documents), ``AWS_PRIVATE_STORAGE_BUCKET_NAME`` holds what only a permission check
may hand out (reach evidence, import uploads, private exports). One bucket for both would put
evidence one bucket policy away from the public, so the second name is required as soon as the
first is set, and must differ.

- Public bucket: plain URLs (``querystring_auth`` off), so image addresses stay the same from one
  request to the next and cached pages stay valid; no ACL is sent with objects (many S3 services
  refuse ACLs; the bucket's policy grants public reads, on ``original_images/`` and ``images/``
  only: documents are streamed by Wagtail's view, which checks collection privacy first).
- Private bucket: no ACL (objects are private by default), signed URLs only, valid for
  ``AWS_PRIVATE_URL_SECONDS`` (60 by default), minted by the permission-checked views
  (campaigns.ops.storage) after their check.
- Both: names never overwritten (a second upload of ``poster.jpg`` gets a new name, as on
  disk), Signature Version 4, an endpoint for services other than AWS (MinIO, Garage, Ceph,
  Scaleway, OVH...).

The public bucket's address is allowed by the Content-Security-Policy's ``img-src`` (public site
and admin) without configuration: ``public_origins`` works it out from the same options (the
production settings add it; ``CSP_MEDIA_ORIGINS`` adds more, e.g. a CDN in front of it).
"""

import os
import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "storages.backends.s3.S3Storage"
PRIVATE_URL_SECONDS = 60


def object_storages(environ=None) -> dict | None:
    """The "default" and "private" entries of STORAGES on object storage, or None when
    ``AWS_STORAGE_BUCKET_NAME`` is not set (media stay on disk)."""
    environ = os.environ if environ is None else environ
    public = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not public:
        return None
    private = environ.get("AWS_PRIVATE_STORAGE_BUCKET_NAME", "").strip()
    if not private or private == public:
        raise ImproperlyConfigured(
            "AWS_STORAGE_BUCKET_NAME is set: AWS_PRIVATE_STORAGE_BUCKET_NAME must name a second, "
            "private bucket for reach evidence and exports (never the public one)."
        )
    common = {
        "access_key": environ.get("AWS_ACCESS_KEY_ID") or None,  # None: boto3's own lookup
        "secret_key": environ.get("AWS_SECRET_ACCESS_KEY") or None,
        "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("AWS_S3_REGION_NAME") or None,
        "addressing_style": environ.get("AWS_S3_ADDRESSING_STYLE") or None,
        "signature_version": "s3v4",
        "file_overwrite": False,
        "default_acl": None,
    }
    seconds = int(environ.get("AWS_PRIVATE_URL_SECONDS", str(PRIVATE_URL_SECONDS)))
    return {
        "default": {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {
                **common,
                "bucket_name": public,
                "querystring_auth": False,
                "custom_domain": environ.get("AWS_S3_CUSTOM_DOMAIN") or None,  # e.g. a CDN
                # A day: a name deleted and used again later (file_overwrite is off, so never
                # while the first file exists) is not served stale for long by a CDN.
                "object_parameters": {"CacheControl": "public, max-age=86400"},
            },
        },
        "private": {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {
                **common,
                "bucket_name": private,
                "querystring_auth": True,
                "querystring_expire": seconds,
                "custom_domain": None,  # a signed URL names the bucket's own endpoint
                "object_parameters": {"CacheControl": "private, no-store"},
            },
        },
    }


# A bucket name botocore puts in the host name (virtual-hosted style): lowercase letters, digits
# and hyphens; a name with dots or capitals goes in the path, whatever the addressing style.
DNS_BUCKET = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")
AWS_GLOBAL_HOST = "s3.amazonaws.com"


def public_origins(storage: dict) -> list[str]:
    """The origins (``scheme://host[:port]``) a browser fetches public media from, for a
    STORAGES entry: none on disk (same origin); the custom domain; else the bucket's address as
    botocore writes it for ``url()`` (tests/cms/test_csp_media_origins.py compares the two):

    - another service (``endpoint_url``): ``bucket.host`` in virtual-hosted style, else the
      endpoint's host (botocore's "auto" is the path style there);
    - AWS: ``bucket.s3.amazonaws.com`` (auto), ``bucket.s3.<region>.amazonaws.com`` (virtual),
      or ``s3.<region>.amazonaws.com`` (path style, or a name with dots or capitals); the global
      host for us-east-1 or no region. A bucket outside us-east-1 named by the global host may
      answer with a redirect to its regional host: both are allowed.

    Worked out by hand rather than by asking botocore: building a boto3 client takes a second or
    more at start-up, for one string."""
    if not storage or storage.get("BACKEND") != S3_BACKEND:
        return []
    options = storage.get("OPTIONS", {})
    if options.get("custom_domain"):
        return [f"https://{options['custom_domain'].split('/')[0]}"]
    bucket = options["bucket_name"]
    style = options.get("addressing_style") or "auto"
    virtual = bool(DNS_BUCKET.match(bucket)) and style != "path"
    endpoint = options.get("endpoint_url")
    if endpoint:
        parts = urlsplit(endpoint)
        host = f"{bucket}.{parts.netloc}" if virtual and style == "virtual" else parts.netloc
        return [f"{parts.scheme}://{host}"]
    region = options.get("region_name")
    regional = f"s3.{region}.amazonaws.com" if region and region != "us-east-1" else AWS_GLOBAL_HOST
    if not virtual:
        return [f"https://{regional}"]
    if style == "virtual":
        return [f"https://{bucket}.{regional}"]
    return list(
        dict.fromkeys([f"https://{bucket}.{AWS_GLOBAL_HOST}", f"https://{bucket}.{regional}"])
    )
