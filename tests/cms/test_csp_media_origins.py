"""Public media on object storage are allowed by the Content-Security-Policy without
configuration: cms.storage.public_origins works the bucket's address out of the storage
options, for each way of naming it, and agrees with the URL botocore itself writes for it
(what django-storages' url() returns); the production settings add it to the public and admin
policies' img-src, and CSP_MEDIA_ORIGINS adds more."""

from urllib.parse import urlsplit

import pytest

from cms.storage import S3_BACKEND, object_storages, public_origins
from tests.cms.test_production_settings import values

BUCKETS = {"AWS_STORAGE_BUCKET_NAME": "campaigns-media",
           "AWS_PRIVATE_STORAGE_BUCKET_NAME": "campaigns-evidence"}  # fmt: skip

# (the environment beside the two buckets, the origins images are served from)
SPELLINGS = {
    "a custom domain (a CDN)": (
        {"AWS_S3_CUSTOM_DOMAIN": "media.example.org", "AWS_S3_REGION_NAME": "eu-west-3"},
        ["https://media.example.org"],
    ),
    "a custom domain with a path": (
        {"AWS_S3_CUSTOM_DOMAIN": "cdn.example.org/campaigns"},
        ["https://cdn.example.org"],
    ),
    "another service, path style (botocore's auto there)": (
        {"AWS_S3_ENDPOINT_URL": "https://s3.example.org"},
        ["https://s3.example.org"],
    ),
    "another service with a port, path style": (
        {"AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000", "AWS_S3_ADDRESSING_STYLE": "path"},
        ["http://127.0.0.1:9000"],
    ),
    "another service, virtual-hosted style": (
        {
            "AWS_S3_ENDPOINT_URL": "https://s3.fr-par.scw.cloud",
            "AWS_S3_REGION_NAME": "fr-par",
            "AWS_S3_ADDRESSING_STYLE": "virtual",
        },
        ["https://campaigns-media.s3.fr-par.scw.cloud"],
    ),  # fmt: skip
    "AWS, no region": ({}, ["https://campaigns-media.s3.amazonaws.com"]),
    "AWS, us-east-1": (
        {"AWS_S3_REGION_NAME": "us-east-1"},
        ["https://campaigns-media.s3.amazonaws.com"],
    ),
    "AWS, a region (the global host may redirect to the regional one)": (
        {"AWS_S3_REGION_NAME": "eu-west-3"},
        [
            "https://campaigns-media.s3.amazonaws.com",
            "https://campaigns-media.s3.eu-west-3.amazonaws.com",
        ],
    ),  # fmt: skip
    "AWS, a region, virtual-hosted style": (
        {"AWS_S3_REGION_NAME": "eu-west-3", "AWS_S3_ADDRESSING_STYLE": "virtual"},
        ["https://campaigns-media.s3.eu-west-3.amazonaws.com"],
    ),
    "AWS, a region, path style": (
        {"AWS_S3_REGION_NAME": "eu-west-3", "AWS_S3_ADDRESSING_STYLE": "path"},
        ["https://s3.eu-west-3.amazonaws.com"],
    ),
    "AWS, no region, path style": (
        {"AWS_S3_ADDRESSING_STYLE": "path"},
        ["https://s3.amazonaws.com"],
    ),
    "AWS, a bucket name with dots (always in the path)": (
        {
            "AWS_STORAGE_BUCKET_NAME": "media.campaigns.example",
            "AWS_S3_REGION_NAME": "eu-west-3",
            "AWS_S3_ADDRESSING_STYLE": "virtual",
        },
        ["https://s3.eu-west-3.amazonaws.com"],
    ),  # fmt: skip
}


def public_storage(environ: dict) -> dict:
    return object_storages({**BUCKETS, **environ})["default"]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_the_public_buckets_origin_for_each_spelling(spelling):
    environ, expected = SPELLINGS[spelling]
    assert public_origins(public_storage(environ)) == expected


@pytest.fixture(scope="module")
def boto_session():
    boto3 = pytest.importorskip("boto3")
    return boto3.session.Session()


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_botocore_writes_its_urls_on_one_of_those_origins(spelling, boto_session):
    """What django-storages' S3Storage.url() returns for the public bucket (querystring_auth
    off: its unsigned client's URL), built by botocore itself, with no request sent."""
    import botocore
    from botocore.config import Config

    environ, expected = SPELLINGS[spelling]
    options = public_storage(environ)["OPTIONS"]
    if options["custom_domain"]:
        url = f"https://{options['custom_domain']}/images/poster.jpg"  # S3Storage.url's format
    else:
        client = boto_session.client(
            "s3",
            region_name=options["region_name"],
            endpoint_url=options["endpoint_url"],
            config=Config(
                s3={"addressing_style": options["addressing_style"]},
                signature_version=botocore.UNSIGNED,
            ),
        )
        url = client.generate_presigned_url(
            "get_object", Params={"Bucket": options["bucket_name"], "Key": "images/poster.jpg"}
        )
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == expected[-1 if "virtual" in spelling else 0]
    assert f"{parts.scheme}://{parts.netloc}" in expected


def test_media_on_disk_add_no_origin():
    assert public_origins({"BACKEND": "django.core.files.storage.FileSystemStorage"}) == []
    assert public_origins({}) == []
    assert object_storages({}) is None


def test_the_private_bucket_is_never_an_origin():
    storages = object_storages({**BUCKETS, "AWS_S3_ENDPOINT_URL": "https://s3.example.org",
                                "AWS_S3_ADDRESSING_STYLE": "virtual"})  # fmt: skip
    assert storages["private"]["BACKEND"] == S3_BACKEND
    assert public_origins(storages["default"]) == ["https://campaigns-media.s3.example.org"]
    assert "evidence" not in repr(public_origins(storages["default"]))


# --- The production settings -------------------------------------------------------------------


def test_production_allows_the_public_bucket_in_both_policies():
    found = values(
        ["SECURE_CSP", "SECURE_CSP_ADMIN"],
        **BUCKETS,
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
        AWS_S3_ADDRESSING_STYLE="virtual",
    )
    for policy in (found["SECURE_CSP"], found["SECURE_CSP_ADMIN"]):
        assert policy["img-src"][0] == "'self'"
        assert "https://campaigns-media.s3.example.org" in policy["img-src"]
        assert not any("evidence" in source for source in policy["img-src"])
        assert "https://campaigns-media.s3.example.org" not in policy.get("script-src", [])


def test_csp_media_origins_adds_to_the_derived_origin_once():
    found = values(
        ["SECURE_CSP", "SECURE_CSP_ADMIN"],
        **BUCKETS,
        AWS_S3_CUSTOM_DOMAIN="media.example.org",
        CSP_MEDIA_ORIGINS="https://media.example.org, https://tiles.example.net",
    )
    assert found["SECURE_CSP"]["img-src"] == [
        "'self'", "https://media.example.org", "https://tiles.example.net"
    ]  # fmt: skip
    assert found["SECURE_CSP_ADMIN"]["img-src"] == [
        "'self'", "data:", "blob:", "https://media.example.org", "https://tiles.example.net"
    ]  # fmt: skip


def test_without_object_storage_images_come_from_the_site_only():
    found = values(["SECURE_CSP", "SECURE_CSP_ADMIN"])
    assert found["SECURE_CSP"]["img-src"] == ["'self'"]
    assert found["SECURE_CSP_ADMIN"]["img-src"] == ["'self'", "data:", "blob:"]
