"""Backups: one archive holding the database and every stored file, restorable elsewhere.

Why this format rather than ``pg_dump`` or ``dumpdata``:

- The same code works on SQLite and PostgreSQL (an archive goes back into the same kind).
  Every managed model's table (Wagtail's, auth, contenttypes, taggit, ours, many-to-many tables
  included) is read column by column, in primary-key order, into ``data.jsonl``: one header
  line per table (model, table, columns), then one JSON array per row. Rows are read with a
  plain ``QuerySet`` and written back with plain ``INSERT`` statements, never through model
  instances: django-modeltranslation's descriptors turn ``title`` into "the title in the active
  language", and ``save()``/signals would add rows or change timestamps (``auto_now``). The
  translated page columns wagtail-modeltranslation adds outside the migrations (``title_fr``,
  ``slug_wo``...) are model fields, so they are dumped like any other.
- It is consistent: all tables are read in one transaction, under ``REPEATABLE READ READ ONLY``
  (one snapshot) on PostgreSQL; on SQLite the transaction holds the write lock
  (``transaction_mode`` IMMEDIATE in settings), so nothing changes while it reads. Files are read
  after the rows: a file uploaded meanwhile may be archived without its row (harmless), a file
  deleted meanwhile is missing though its row is kept.
- Files come through the storages API (``default`` = MEDIA_ROOT, ``private`` = reach evidence),
  so the same code serves a bucket.
- ``manifest.json`` states the format version, when and from what (database vendor, Django and
  Wagtail versions, applied migrations per app) and what: per table its rows, columns and a
  sha256 of its rows; the sha256 and size of the data file and of every file.

The archive is hostile until read (campaigns.ops.restore checks it before writing anything).
"""

import base64
import datetime
import decimal
import hashlib
import io
import json
import tarfile
import tempfile
import uuid
from collections import defaultdict
from pathlib import Path

import django
import wagtail
from django.apps import apps
from django.core.files.storage import storages
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.duration import duration_iso_string

FORMAT = "campaigns-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.jsonl"
# Archive folder -> storage alias. Everything else in an archive is refused.
STORAGE_FOLDERS = {"media": "default", "private": "private"}
CHUNK = 2000
# Tables the database fills by itself: on SQLite, triggers copy Wagtail's search entries into
# this full-text table as the entries are inserted.
DERIVED_TABLES = {"wagtailsearch_indexentry_fts"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


def backed_up_models(using=DEFAULT_DB_ALIAS):
    """Every model that owns a table in the database, many-to-many tables included, once each."""
    existing = set(connections[using].introspection.table_names())
    seen, found = set(), []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in seen | DERIVED_TABLES:
            continue
        seen.add(meta.db_table)
        if meta.db_table in existing:  # an installed app whose migrations were never run
            found.append(model)
    return sorted(found, key=lambda model: model._meta.db_table)


def encode(field, value):
    """A column's value as JSON, in a form ``decode`` (``field.to_python``) reads back."""
    if value is None or isinstance(field, models.JSONField):
        return value
    if isinstance(field, models.BinaryField):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, str | int | float | bool | list | dict):
        return value
    return field.get_prep_value(value)  # e.g. a StreamField's value, as its JSON text


def decode(field, value, connection):
    """A dumped value as the parameter of an INSERT into ``connection``'s database."""
    if value is not None and not isinstance(field, models.JSONField):
        value = field.to_python(value)
    return field.get_db_prep_save(value, connection)


def canonical(row):
    return json.dumps(row, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def table_rows(model, using=DEFAULT_DB_ALIAS):
    """(columns, rows) of a model's table in primary-key order, as JSON-ready lists."""
    fields = model._meta.local_concrete_fields
    # A plain QuerySet: no manager that rewrites field names (modeltranslation) or hides rows.
    queryset = models.QuerySet(model=model, using=using).order_by("pk")
    values = queryset.values_list(*(field.attname for field in fields))
    rows = (
        [encode(field, value) for field, value in zip(fields, row, strict=True)]
        for row in values.iterator(chunk_size=CHUNK)
    )
    return [field.column for field in fields], rows


def table_digests(using=DEFAULT_DB_ALIAS):
    """{model label: {"rows", "sha256"}} of the database as it is: what a restore must reproduce."""
    digests = {}
    for model in backed_up_models(using):
        _columns, rows = table_rows(model, using)
        digest, count = hashlib.sha256(), 0
        for row in rows:
            digest.update(canonical(row).encode() + b"\n")
            count += 1
        digests[model._meta.label] = {"rows": count, "sha256": digest.hexdigest()}
    return digests


def applied_migrations(using=DEFAULT_DB_ALIAS):
    per_app = defaultdict(list)
    for app_label, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        per_app[app_label].append(name)
    return dict(per_app)


def dump_data(out, using=DEFAULT_DB_ALIAS):
    """Write every table to ``out`` (binary) in one snapshot; return the per-table manifest."""
    connection = connections[using]
    tables = {}
    outermost = not connection.in_atomic_block  # a snapshot can only be asked for up front
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        migrations = applied_migrations(using)
        for model in backed_up_models(using):
            columns, rows = table_rows(model, using)
            label = model._meta.label
            header = {"model": label, "table": model._meta.db_table, "columns": columns}
            out.write((canonical(header) + "\n").encode())
            digest, count = hashlib.sha256(), 0
            for row in rows:
                line = canonical(row).encode() + b"\n"
                out.write(line)
                digest.update(line)
                count += 1
            tables[label] = {"table": model._meta.db_table, "rows": count}
            tables[label].update(columns=columns, sha256=digest.hexdigest())
    return tables, migrations


def stored_files(alias):
    """Every file of a storage, as names relative to it, walking its folders."""
    storage = storages[alias]
    pending, names = [""], []
    while pending:
        folder = pending.pop()
        try:
            directories, files = storage.listdir(folder)
        except FileNotFoundError:
            continue
        for name in files:
            path = f"{folder}/{name}" if folder else name
            try:
                local = Path(storage.path(path))
            except NotImplementedError:  # a bucket: no local files, no links
                names.append(path)
                continue
            if local.is_file() and not local.is_symlink():  # links are not followed out
                names.append(path)
        pending.extend(f"{folder}/{name}" if folder else name for name in directories)
    return sorted(names)


def sha256_of(handle):
    digest, size = hashlib.sha256(), 0
    for block in iter(lambda: handle.read(1 << 20), b""):
        digest.update(block)
        size += len(block)
    return digest.hexdigest(), size


def add_bytes(archive, name, payload):
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(payload), int(timezone.now().timestamp()), 0o644
    archive.addfile(info, io.BytesIO(payload))


def write_backup(target, using=DEFAULT_DB_ALIAS):
    """Write the archive to ``target`` (a path); return its manifest.

    The archive is written beside the target and renamed at the end, so a failed backup never
    leaves a half-written file under the target's name."""
    target = Path(target)
    connection = connections[using]
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "database": {"vendor": connection.vendor},
        "versions": {"django": django.__version__, "wagtail": wagtail.__version__},
    }
    partial = target.with_name(f".{target.name}.partial")
    try:
        with tempfile.TemporaryFile() as data, tarfile.open(partial, "w:gz") as archive:
            manifest["tables"], manifest["migrations"] = dump_data(data, using)
            data.seek(0)
            sha, size = sha256_of(data)
            manifest["data"] = {"path": DATA, "sha256": sha, "size": size}
            data.seek(0)
            info = tarfile.TarInfo(DATA)
            info.size, info.mtime, info.mode = size, int(timezone.now().timestamp()), 0o644
            archive.addfile(info, data)
            manifest["files"] = []
            for folder, alias in STORAGE_FOLDERS.items():
                manifest["files"].extend(add_storage(archive, folder, alias))
            add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def add_storage(archive, folder, alias):
    storage, listed = storages[alias], []
    for name in stored_files(alias):
        with storage.open(name, "rb") as handle:
            sha, size = sha256_of(handle)
            handle.seek(0)
            info = tarfile.TarInfo(f"{folder}/{name}")
            info.size, info.mtime, info.mode = size, int(timezone.now().timestamp()), 0o644
            archive.addfile(info, handle)
        listed.append({"path": f"{folder}/{name}", "sha256": sha, "size": size})
    return listed
