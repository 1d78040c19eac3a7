"""A real S3 API on loopback (moto's server, one per test session) and, per test, two new
buckets configured exactly as production configures them (cms.storage.object_storages).

The public bucket gets the policy the README asks for: anyone may read ``original_images/`` and
``images/``, nothing else; the private bucket gets none (its objects are private by default).
"""

import json
import uuid
from types import SimpleNamespace

import pytest
from django.core.files.storage import storages

from campaigns.models import ReachAttachment
from cms.storage import object_storages

REGION = "us-east-1"
PUBLIC_PREFIXES = ("original_images/", "images/")


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3 server in a thread of this process, on a free port of 127.0.0.1."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def public_read_policy(bucket):
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "PublicImages",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": [f"arn:aws:s3:::{bucket}/{prefix}*" for prefix in PUBLIC_PREFIXES],
                }
            ],
        }
    )


def s3_environment(endpoint, **extra):
    """The environment a deployment sets, with new bucket names."""
    suffix = uuid.uuid4().hex[:12]
    return {
        "AWS_STORAGE_BUCKET_NAME": f"media-{suffix}",
        "AWS_PRIVATE_STORAGE_BUCKET_NAME": f"private-{suffix}",
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_ACCESS_KEY_ID": "campaigns-test",
        "AWS_SECRET_ACCESS_KEY": "campaigns-test-secret",
        **extra,
    }


def create_buckets(environment):
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=environment["AWS_S3_ENDPOINT_URL"],
        region_name=REGION,
        aws_access_key_id=environment["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=environment["AWS_SECRET_ACCESS_KEY"],
    )
    public = environment["AWS_STORAGE_BUCKET_NAME"]
    private = environment["AWS_PRIVATE_STORAGE_BUCKET_NAME"]
    client.create_bucket(Bucket=public)
    client.put_bucket_policy(Bucket=public, Policy=public_read_policy(public))
    client.create_bucket(Bucket=private)
    return client


def use_object_storage(settings, monkeypatch, environment):
    """STORAGES as the production settings build them from ``environment``.

    A FileField's callable storage is called once, when its model is defined: a deployment sets
    STORAGES before that; here the attachment field is pointed at the new "private" storage
    the same way (undone after the test)."""
    settings.STORAGES = {**settings.STORAGES, **object_storages(environment)}
    settings.WAGTAILDOCS_SERVE_METHOD = "serve_view"  # as cms/settings/production.py
    field = ReachAttachment._meta.get_field("file")
    monkeypatch.setattr(field, "storage", storages["private"])


@pytest.fixture
def object_storage(s3_endpoint, settings, monkeypatch):
    environment = s3_environment(s3_endpoint, AWS_PRIVATE_URL_SECONDS="60")
    client = create_buckets(environment)
    use_object_storage(settings, monkeypatch, environment)
    return SimpleNamespace(
        client=client,
        endpoint=s3_endpoint,
        environment=environment,
        public=environment["AWS_STORAGE_BUCKET_NAME"],
        private=environment["AWS_PRIVATE_STORAGE_BUCKET_NAME"],
        keys=lambda bucket: sorted(
            item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])
        ),
    )
