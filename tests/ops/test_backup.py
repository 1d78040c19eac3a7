"""``manage.py backup`` and ``manage.py restore``: a round trip on SQLite and on PostgreSQL that
gives back every table's rows and every file, and hostile archives refused with nothing written.

The restore runs in a subprocess with its own database (a new SQLite file, or a new PostgreSQL
database) and its own empty media folders; there it is backed up again, and the two manifests
(rows and sha256 per table, sha256 per file) must be the same.
"""

import datetime
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from campaigns.models import ReachAttachment
from campaigns.ops.backup import stored_files, table_digests
from tests.factories import (
    ChannelFactory,
    CountryFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
    agreement,
    allocation,
    campaign_page,
    country_page,
    document,
    material,
    reach_report,
)

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
EVIDENCE = b"attendance sheet, 40 names\n" * 50
TRANSLATED = {
    "fr": ("Le désert n'est pas une route", "desert-fr"),
    "wo": ("Màndiŋ du yoon", "mandin"),
    "ar": ("الصحراء ليست طريقا", "sahra"),
}
# Restores the archive given as argv[1] into the database of DATABASE_URL with empty media
# folders (the test settings make new ones), backs that database up again into argv[2], then
# adds rows.
RESTORE_THEN_BACKUP = """
import sys, django
django.setup()
from django.core.management import call_command
call_command("restore", sys.argv[1])
call_command("backup", "-o", sys.argv[2])
# New rows get new ids (PostgreSQL's sequences were moved past the restored ones).
from django.contrib.auth.models import Group, User
Group.objects.create(name="after the restore")
User.objects.create(username="after-the-restore")
"""

RESTART_SEQUENCES = """DO $$ DECLARE s record; BEGIN
FOR s IN SELECT oid::regclass AS name FROM pg_class WHERE relkind = 'S' LOOP
EXECUTE format('ALTER SEQUENCE %s RESTART', s.name);
END LOOP; END $$;"""


@pytest.fixture
def site():
    """Pages with titles and slugs in several languages, images, documents, funding, a report
    with private evidence."""
    senegal = CountryFactory(code="SN", languages="fr, wo")
    campaign = campaign_page(country_page(senegal))
    for code, (title, slug) in TRANSLATED.items():
        setattr(campaign, f"title_{code}", title)
        setattr(campaign, f"slug_{code}", slug)
    campaign.save()
    material(campaign, languages=("en", "fr"))
    allocation(agreement(), campaign)
    organisation = OrganisationFactory(name="IOM Senegal", countries=[senegal])
    report = reach_report(
        campaign,
        organisation,
        RegionFactory(country=senegal, code="SN-DK", name="Dakar"),
        ChannelFactory(code="radio"),
        datetime.date(2026, 3, 1),
    )
    ReachAttachment.objects.create(
        report=report,
        title="Attendance",
        file=ContentFile(EVIDENCE, name="attendance.txt"),
        uploaded_by=UserFactory(username="reporter"),
    )
    return campaign


def backup(tmp_path, name="site.tar.gz"):
    target = tmp_path / name
    out = io.StringIO()
    call_command("backup", "-o", str(target), stdout=out)
    assert "rows in" in out.getvalue()
    return target


def manifest_of(path):
    with tarfile.open(path, "r:gz") as archive:
        return json.load(archive.extractfile("manifest.json"))


def restore_elsewhere(archive, again, database_url):
    env = {**os.environ, "DATABASE_URL": database_url}
    env["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    done = subprocess.run(
        [sys.executable, "-c", RESTORE_THEN_BACKUP, str(archive), str(again)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "checksums verified" in done.stdout


def assert_same_site(first, second):
    original, restored = manifest_of(first), manifest_of(second)
    assert restored["tables"] == original["tables"]
    assert restored["files"] == original["files"]
    assert restored["migrations"] == original["migrations"]
    page = original["tables"]["wagtailcore.Page"]
    assert {"title_fr", "slug_fr", "title_wo", "slug_wo", "title_ar"} <= set(page["columns"])
    assert original["tables"]["campaigns.ReachAttachment"]["rows"] == 1
    files = {item["path"] for item in original["files"]}
    assert any(path.startswith("private/reach/attachments/") for path in files)
    assert any(path.startswith("media/original_images/") for path in files)


def test_the_backup_holds_translated_columns_and_private_evidence(site, tmp_path):
    manifest = manifest_of(backup(tmp_path))
    with tarfile.open(tmp_path / "site.tar.gz", "r:gz") as archive:
        data = archive.extractfile("data.jsonl").read().decode()
        # The attachment's file: other tests' files (exports) may share the private storage.
        evidence = next(
            m for m in archive.getmembers() if m.name.startswith("private/reach/attachments/")
        )
        assert archive.extractfile(evidence).read() == EVIDENCE
    for title, slug in TRANSLATED.values():
        assert json.dumps(title, ensure_ascii=False) in data and f'"{slug}"' in data
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["tables"] == {
        label: {**manifest["tables"][label], **digest} for label, digest in table_digests().items()
    }


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite round trip")
def test_round_trip_on_sqlite(site, tmp_path):
    archive = backup(tmp_path)
    # A migrated, empty database: what migrate committed in the test database before this test.
    target = tmp_path / "restored.sqlite3"
    source = sqlite3.connect(connection.settings_dict["NAME"])
    with source, sqlite3.connect(target) as copy:
        source.backup(copy)
    source.close()
    restore_elsewhere(archive, tmp_path / "again.tar.gz", f"sqlite:///{target}")
    assert_same_site(archive, tmp_path / "again.tar.gz")


@pytest.mark.postgres
def test_round_trip_on_postgresql(site, tmp_path):
    import psycopg

    archive = backup(tmp_path)
    settings = connection.settings_dict
    name = f"restore_{uuid.uuid4().hex[:12]}"
    server = {"host": settings["HOST"], "port": settings["PORT"] or 5432, "user": settings["USER"]}
    env = {**os.environ, "PGPASSWORD": settings["PASSWORD"] or ""}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        # A migrated, empty database: what migrate committed in the test database (a full
        # migrate takes minutes on a loaded machine), copied with pg_dump.
        where = ["-h", server["host"], "-p", str(server["port"]), "-U", server["user"]]
        schema = subprocess.run(
            ["pg_dump", *where, "--no-owner", settings["NAME"]],
            env=env,
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", *where, name],
            input=schema,
            env=env,
            capture_output=True,
            check=True,
        )
        # Sequences as a new database has them, knowing nothing of the restored ids.
        subprocess.run(
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", *where, name, "-c", RESTART_SEQUENCES],
            env=env,
            capture_output=True,
            check=True,
        )
        password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
        url = f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"
        restore_elsewhere(archive, tmp_path / "again.tar.gz", url)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert_same_site(archive, tmp_path / "again.tar.gz")


# --- Refusals: nothing written ------------------------------------------------------------------


def rewritten(archive, tmp_path, change):
    """A copy of ``archive`` whose members ({name: (TarInfo, bytes)}) ``change`` altered."""
    with tarfile.open(archive, "r:gz") as source:
        members = {
            m.name: (m, source.extractfile(m).read() if m.isreg() else b"")
            for m in source.getmembers()
        }
    change(members)
    target = tmp_path / "hostile.tar.gz"
    with tarfile.open(target, "w:gz") as out:
        for info, payload in members.values():
            info.size = len(payload) if info.isreg() else 0
            out.addfile(info, io.BytesIO(payload) if info.isreg() else None)
    return target


def add_member(name, kind=tarfile.REGTYPE, payload=b"owned"):
    def change(members):
        info = tarfile.TarInfo(name)
        info.type = kind
        if kind == tarfile.SYMTYPE:
            info.linkname = "/etc/passwd"
        members[name] = (info, payload)

    return change


def corrupt_first_file(members):
    name = next(name for name in members if name.startswith("media/"))
    members[name] = (members[name][0], b"tampered" + members[name][1][8:])


def other_vendor(members):
    manifest = json.loads(members["manifest.json"][1])
    manifest["database"]["vendor"] = "oracle"
    members["manifest.json"] = (members["manifest.json"][0], json.dumps(manifest).encode())


def newer_format(members):
    manifest = json.loads(members["manifest.json"][1])
    manifest["format_version"] += 1
    members["manifest.json"] = (members["manifest.json"][0], json.dumps(manifest).encode())


def state():
    return table_digests(), {alias: stored_files(alias) for alias in ("default", "private")}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (add_member("media/../../escaped.txt"), "unsafe path"),
        (add_member("../escaped.txt"), "unsafe path"),
        (add_member("/tmp/escaped.txt"), "unsafe path"),
        (add_member("media/link", tarfile.SYMTYPE), "not a regular file"),
        (add_member("media/extra.txt"), "disagree"),
        (add_member("settings.py"), "not part of a backup"),
        (corrupt_first_file, "does not match its checksum"),
        (newer_format, "backup format"),
        (other_vendor, "same kind of database"),
    ],
)
def test_a_hostile_archive_is_refused_before_anything_is_written(tmp_path, change, message):
    document()  # a file in the archive: the whole site would only make the test slower
    hostile = rewritten(backup(tmp_path), tmp_path, change)
    before = state()
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(hostile))
    assert state() == before
    assert not (tmp_path.parent / "escaped.txt").exists()


def test_a_database_with_content_is_refused(site, tmp_path):
    archive = backup(tmp_path)
    before = state()
    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore", str(archive))
    assert state() == before


def test_a_missing_or_foreign_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="not a readable backup archive"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))
    (tmp_path / "notes.tar.gz").write_bytes(b"not gzip")
    with pytest.raises(CommandError, match="not a readable backup archive"):
        call_command("restore", str(tmp_path / "notes.tar.gz"))
