"""``manage.py backup`` and ``restore`` with media on object storage (moto's S3 server on
loopback): the archive holds the public bucket's images and documents and the private bucket's
evidence; restored into an empty database and two new, empty buckets (a subprocess configured
from the environment, as production is), the site and its files come back the same."""

import os
import sqlite3
import subprocess
import sys
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from campaigns.models import ReachAttachment
from tests.factories import UserFactory, document, image
from tests.ops.conftest import create_buckets, s3_environment
from tests.ops.test_backup import RESTORE_THEN_BACKUP, backup, manifest_of

pytestmark = [pytest.mark.django_db, pytest.mark.s3]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EVIDENCE = b"attendance sheet, 40 names\n" * 50


@pytest.fixture
def site(object_storage):
    from tests.factories import reach_report
    from tests.reach.conftest import MARCH, build_world

    world = build_world()
    report = reach_report(world.sn_campaign, world.iom_senegal, world.dakar, world.radio, MARCH)
    ReachAttachment.objects.create(
        report=report,
        title="Attendance",
        file=ContentFile(EVIDENCE, name="attendance.txt"),
        uploaded_by=UserFactory(username="reporter"),
    )
    image(title="Returnees", size=(300, 200)).get_rendition("fill-60x40")
    document("leaflet.pdf", b"%PDF-1.4 leaflet" * 20)
    return object_storage


def bucket_files(storage_env, client):
    found = {}
    for folder, bucket in (
        ("media", storage_env["AWS_STORAGE_BUCKET_NAME"]),
        ("private", storage_env["AWS_PRIVATE_STORAGE_BUCKET_NAME"]),
    ):
        for item in client.list_objects_v2(Bucket=bucket).get("Contents", []):
            body = client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
            found[f"{folder}/{item['Key']}"] = body
    return found


def test_the_backup_reads_both_buckets(site, tmp_path):
    archive = backup(tmp_path)
    files = {item["path"] for item in manifest_of(archive)["files"]}
    in_buckets = bucket_files(site.environment, site.client)
    assert files == set(in_buckets)
    assert any(path.startswith("private/reach/attachments/") for path in files)
    assert any(path.startswith("media/original_images/") for path in files)
    assert any(path.startswith("media/images/") for path in files)  # the rendition
    assert any(path.startswith("media/documents/") for path in files)
    with tarfile.open(archive, "r:gz") as opened:
        for path, body in in_buckets.items():
            assert opened.extractfile(path).read() == body


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the database part is tested elsewhere")
def test_restore_into_empty_buckets(site, tmp_path):
    archive = backup(tmp_path)
    target = tmp_path / "restored.sqlite3"  # migrated and empty: what migrate committed
    source = sqlite3.connect(connection.settings_dict["NAME"])
    with source, sqlite3.connect(target) as copy:
        source.backup(copy)
    source.close()
    elsewhere = s3_environment(site.endpoint)
    client = create_buckets(elsewhere)
    done = subprocess.run(
        [sys.executable, "-c", RESTORE_THEN_BACKUP, str(archive), str(tmp_path / "again.tar.gz")],
        cwd=ROOT,
        env={
            **os.environ,
            **elsewhere,
            "DATABASE_URL": f"sqlite:///{target}",
            "DJANGO_SETTINGS_MODULE": "tests.ops.s3_settings",
        },
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "checksums verified" in done.stdout
    original, restored = manifest_of(archive), manifest_of(tmp_path / "again.tar.gz")
    assert restored["tables"] == original["tables"]
    assert restored["files"] == original["files"]
    assert bucket_files(elsewhere, client) == bucket_files(site.environment, site.client)
    # The evidence went back into the private bucket only.
    public = client.list_objects_v2(Bucket=elsewhere["AWS_STORAGE_BUCKET_NAME"])["Contents"]
    assert not [item for item in public if item["Key"].startswith("reach/")]
