"""Restoring an archive of campaigns.ops.backup into an empty database and empty storages.

The archive is hostile until read, so everything is checked before anything is written: its
unpacked size, member count, member sizes and compression ratio as it is read, so that a bomb is
refused before it is unpacked (campaigns.ops.archive_limits); only
regular files named ``manifest.json``, ``data.jsonl``, ``media/...`` and ``private/...`` (no
absolute paths, no ``..``, no links or devices, no duplicates); a known format, not newer than
this code; the same migrations as this code (restore with the release that made the backup, then
upgrade); every file's sha256 and size as the manifest says; tables and columns this code knows.
Then the database must be empty (no tables yet, or only the rows ``migrate`` creates: Wagtail's
tree root and default site, contenttypes, permissions, Wagtail's default groups and workflow), and
no file may exist where one would be restored.

Then: ``migrate`` (the project's own, which adds the translated page columns); in one transaction,
the rows ``migrate`` created are deleted (the archive has its own, with the ids other rows point
at), every row is inserted with plain ``INSERT`` statements (no model code, no signals),
foreign keys are checked, PostgreSQL's sequences are moved past the restored ids, and the tables
are read back and must give the manifest's sha256 per table, or nothing is kept. The files
come last, each checked again as it is written.
"""

import hashlib
import json
import posixpath
import tarfile
import tempfile
from contextlib import suppress

from django.apps import apps
from django.core.files.base import File
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.models import QuerySet

from .archive_limits import ArchiveTooLarge, MemberCount, open_capped
from .backup import (
    DATA,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    STORAGE_FOLDERS,
    BackupError,
    backed_up_models,
    decode,
    sha256_of,
    table_digests,
)

# Tables Django's and Wagtail's migrations (and their post_migrate signals) fill by themselves.
MIGRATION_TABLES = {
    "django_content_type",
    "auth_permission",
    "auth_group",
    "auth_group_permissions",
    "wagtailcore_locale",
    "wagtailcore_site",
    "wagtailcore_collection",
    "wagtailcore_groupcollectionpermission",
    "wagtailcore_grouppagepermission",
    "wagtailcore_workflow",
    "wagtailcore_workflowtask",
    "wagtailcore_workflowpage",
    "wagtailcore_task",
    "wagtailcore_groupapprovaltask",
    "wagtailcore_groupapprovaltask_groups",
    "wagtailcore_page",
}
MIGRATION_PAGES = 2  # Wagtail's tree root and its welcome page
BATCH = 500
SPOOL_BYTES = 8 * 1024 * 1024  # a file larger than this is copied through a temporary file


def read_archive(path):
    """Check the archive's size, members and manifest and every checksum; return the manifest.

    Read through campaigns.ops.archive_limits: a compression bomb is refused as soon as its
    headers or unpacked size give it away, before anything is written."""
    try:
        with open_capped(path) as archive:
            return check_archive(archive)
    except ArchiveTooLarge as error:
        raise BackupError(f"{error} Nothing was written.") from error
    except (OSError, EOFError, tarfile.TarError) as error:
        raise BackupError(f"{path} is not a readable backup archive ({error}).") from error


def check_archive(archive):
    members, counted = {}, MemberCount()
    for member in archive:  # one header at a time: checked before its data is skipped
        counted.check_member(member)
        name = safe_name(member)
        if name in members:
            raise BackupError(f"The archive holds {name!r} twice.")
        members[name] = member
    manifest = read_manifest(archive, members)
    expected = {manifest["data"]["path"]: manifest["data"]}
    expected.update((item["path"], item) for item in manifest["files"])
    if set(expected) | {MANIFEST} != set(members):
        extra = sorted(set(members) - set(expected) - {MANIFEST})
        missing = sorted(set(expected) - set(members))
        raise BackupError(
            f"The archive and its manifest disagree (not listed: {extra[:5]}, "
            f"missing: {missing[:5]})."
        )
    for name, item in expected.items():
        sha, size = sha256_of(archive.extractfile(members[name]))
        if (sha, size) != (item["sha256"], item["size"]):
            raise BackupError(f"{name} does not match its checksum in the manifest.")
    return manifest


def safe_name(member):
    name = member.name
    if not member.isreg():
        raise BackupError(f"The archive member {name!r} is not a regular file (links refused).")
    normal = posixpath.normpath(name)
    if (
        name.startswith("/")
        or "\\" in name
        or normal != name
        or normal.startswith("..")
        or "/../" in f"/{name}/"
    ):
        raise BackupError(f"The archive member {name!r} has an unsafe path.")
    folder = name.split("/", 1)[0]
    if name not in (MANIFEST, DATA) and (folder not in STORAGE_FOLDERS or "/" not in name):
        raise BackupError(f"The archive member {name!r} is not part of a backup.")
    return name


def read_manifest(archive, members):
    if MANIFEST not in members:
        raise BackupError("The archive has no manifest.json: not a backup of this site.")
    try:
        handle = archive.extractfile(members[MANIFEST])
        manifest = json.loads(b"".join(iter(lambda: handle.read(1 << 20), b"")))
    except ValueError as error:
        raise BackupError(f"The archive's manifest is not valid JSON ({error}).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("The archive's manifest is not a backup manifest of this site.")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            f"The archive is in backup format {version!r}; this code reads up to "
            f"{FORMAT_VERSION}: restore it with the release that made it."
        )
    try:
        if manifest["data"]["path"] != DATA:
            raise BackupError("The manifest names an unexpected data file.")
        for item in manifest["files"]:
            str(item["path"]), str(item["sha256"]), int(item["size"])
        dict(manifest["tables"]), dict(manifest["migrations"]), dict(manifest["database"])
    except (KeyError, TypeError, ValueError) as error:
        raise BackupError(f"The archive's manifest is incomplete ({error}).") from error
    return manifest


def check_compatible(manifest, using=DEFAULT_DB_ALIAS):
    """Same kind of database, same migrations, only tables and columns this code has."""
    vendor = connections[using].vendor
    if manifest["database"].get("vendor") != vendor:
        raise BackupError(
            f"The archive comes from {manifest['database'].get('vendor')}, this database is "
            f"{vendor}: restore into the same kind of database (Wagtail's search tables differ)."
        )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.graph.nodes)
    archived = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    for key, squashed in loader.replacements.items():  # recorded both ways, known as the squash
        if key in archived or set(squashed.replaces) <= archived:
            archived = (archived - set(squashed.replaces)) | {key}
    if archived - known:
        raise BackupError(
            "The archive was made by a newer release (unknown migrations: "
            f"{sorted(archived - known)[:5]}): restore it with that release."
        )
    if known - archived:
        raise BackupError(
            "The archive was made by an older release (migrations it lacks: "
            f"{sorted(known - archived)[:5]}): restore it with that release, then upgrade."
        )
    for label, table in manifest["tables"].items():
        model = model_for(label)
        columns = {field.column for field in model._meta.local_concrete_fields}
        if set(table["columns"]) - columns:
            raise BackupError(
                f"{label} has columns this site lacks: {sorted(set(table['columns']) - columns)}"
                " (a content language missing from LANGUAGES?)."
            )


def model_for(label):
    with suppress(LookupError, ValueError):
        return apps.get_model(label)
    raise BackupError(f"The archive holds {label}, a model this site does not have.")


def is_empty(using=DEFAULT_DB_ALIAS):
    """No tables, or only what ``migrate`` puts in them: an empty site."""
    for model in backed_up_models(using):
        table = model._meta.db_table
        if table == "wagtailcore_page":
            allowed = MIGRATION_PAGES
        else:
            allowed = None if table in MIGRATION_TABLES else 0
        if allowed is not None and QuerySet(model=model, using=using).count() > allowed:
            return False
    return True


def check_targets(manifest):
    for item in manifest["files"]:
        folder, name = item["path"].split("/", 1)
        if storages[STORAGE_FOLDERS[folder]].exists(name):
            raise BackupError(
                f"{item['path']} already exists: restore into empty media storages only."
            )


def restore(path, using=DEFAULT_DB_ALIAS, stdout=None):
    """Check ``path`` and the target, migrate, load, verify, then write the files."""
    manifest = read_archive(path)
    check_compatible(manifest, using)
    if not is_empty(using):
        raise BackupError(
            "The database is not empty: restore into a new, empty database only (nothing written)."
        )
    check_targets(manifest)
    call_command("migrate", interactive=False, verbosity=0, database=using)
    with open_capped(path) as archive:  # checked above; capped all the same
        try:
            load_data(archive.extractfile(DATA), manifest, using)
        except DatabaseError as error:  # rolled back: the database is migrated and empty
            raise BackupError(f"The rows could not be loaded ({error}).") from error
        restore_files(archive, manifest)
    return manifest


def load_data(data, manifest, using=DEFAULT_DB_ALIAS):
    connection = connections[using]
    models_ = [model_for(label) for label in manifest["tables"]]
    with transaction.atomic(using=using):
        tables = [model._meta.db_table for model in backed_up_models(using)]
        with connection.cursor() as cursor:
            for sql in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
                cursor.execute(sql)
            insert_rows(cursor, data, connection)
        connection.check_constraints(table_names=tables)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models_):
                cursor.execute(sql)
        found = table_digests(using)
        # A table the source did not have (an app whose migrations it never ran) stays empty.
        empty = {"rows": 0, "sha256": hashlib.sha256().hexdigest()}
        expected = {label: empty for label in found}
        expected.update(
            (label, {"rows": table["rows"], "sha256": table["sha256"]})
            for label, table in manifest["tables"].items()
        )
        wrong = sorted(label for label in expected if found.get(label) != expected[label])
        if wrong:
            raise BackupError(f"The restored tables differ from the backup: {wrong[:5]}.")


def insert_rows(cursor, data, connection):
    quote = connection.ops.quote_name
    fields = sql = None
    batch = []
    for line in data:
        row = json.loads(line)
        if isinstance(row, dict):  # a table's header
            flush_batch(cursor, sql, batch)
            model = model_for(row["model"])
            by_column = {field.column: field for field in model._meta.local_concrete_fields}
            if not set(row["columns"]) <= set(by_column):
                raise BackupError(f"The data of {row['model']} has columns this site lacks.")
            fields = [by_column[column] for column in row["columns"]]
            sql = "INSERT INTO {} ({}) VALUES ({})".format(
                quote(model._meta.db_table),
                ", ".join(quote(column) for column in row["columns"]),
                ", ".join(["%s"] * len(fields)),
            )
            continue
        batch.append([decode(f, v, connection) for f, v in zip(fields, row, strict=True)])
        if len(batch) >= BATCH:
            flush_batch(cursor, sql, batch)
    flush_batch(cursor, sql, batch)


def flush_batch(cursor, sql, batch):
    if batch:
        try:
            cursor.executemany(sql, batch)
        except DatabaseError as error:
            raise BackupError(f"{sql.split('(', 1)[0]}...: {error}") from error
        batch.clear()


def restore_files(archive, manifest):
    """Each file copied in blocks (never whole into memory), checked again, then stored."""
    for item in manifest["files"]:
        folder, name = item["path"].split("/", 1)
        source = archive.extractfile(item["path"])
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as copy:
            digest = hashlib.sha256()
            while block := source.read(1 << 20):
                digest.update(block)
                copy.write(block)
            if digest.hexdigest() != item["sha256"]:
                raise BackupError(f"{item['path']} changed while it was restored.")
            copy.seek(0)
            saved = storages[STORAGE_FOLDERS[folder]].save(name, File(copy, name=name))
        if saved != name:
            raise BackupError(f"{item['path']} was stored as {saved}: the storage was not empty.")
