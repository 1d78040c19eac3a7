"""Counting without slowing the public site: an in-process buffer written in batches.

A counted request adds 1 to a ``collections.Counter`` in memory, under a lock (threaded servers):
no query, no write; the whole middleware costs 12 µs (scripts/bench_site_counts.py, README).
The buffer is written to the count tables in one transaction, with one
``INSERT ... ON CONFLICT (key) DO UPDATE SET count = count + excluded.count`` per table and 500
keys (the same SQL on SQLite 3.24+ and PostgreSQL 9.5+). Adding in the database rather than
writing a total read earlier makes flushes from several processes, or two at once, add up instead
of overwriting each other.

When: after a response has been sent (Django's ``request_finished`` signal, which the server sends
once the body is out, so no visitor waits for it), if FLUSH_HITS hits are waiting or the oldest
has waited FLUSH_SECONDS; and when the process exits (``atexit``). Never from inside a
transaction someone else opened: it would commit or roll back with theirs (and tests, which run
in one, flush by calling ``flush()``). A failed write puts the counts back for the next try.

What is lost: counts still in memory when a process is killed (at most FLUSH_SECONDS or
FLUSH_HITS of them). The cache was the other choice; Django's local-memory cache is per process
anyway and a shared one (Redis, memcached) is not part of this deployment, and each hit would then
cost a network round trip on the public page.

The buffer keys on ids only: which page (and its campaign and country) or which material a
document belongs to is looked up once per flush, not per request. Settings (optional):
SITE_COUNTS_FLUSH_SECONDS (60), SITE_COUNTS_FLUSH_HITS (1,000).
"""

import atexit
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.core.signals import request_finished
from django.db import DatabaseError, connection, transaction

logger = logging.getLogger(__name__)

PAGE = "page"
DOCUMENT = "document"
BATCH = 500  # rows per INSERT: 3,000 parameters, far below SQLite's and PostgreSQL's limits


class SiteCounter:
    """Hits waiting to be written: (kind, object id, language, day) -> number."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pending: Counter = Counter()
        self._hits = 0
        self._since = time.monotonic()

    def add(self, kind: str, object_id: int, language: str, day) -> None:
        with self._lock:
            self._pending[(kind, object_id, language, day)] += 1
            self._hits += 1

    def due(self) -> bool:
        if not self._hits:
            return False
        seconds = getattr(settings, "SITE_COUNTS_FLUSH_SECONDS", 60)
        hits = getattr(settings, "SITE_COUNTS_FLUSH_HITS", 1000)
        return self._hits >= hits or time.monotonic() - self._since >= seconds

    def take(self) -> Counter:
        """Empty the buffer and hand over what it held."""
        with self._lock:
            pending, self._pending = self._pending, Counter()
            self._hits, self._since = 0, time.monotonic()
        return pending

    def put_back(self, pending: Counter) -> None:
        with self._lock:
            self._pending.update(pending)
            self._hits += sum(pending.values())

    def flush(self) -> int:
        """Write what is waiting; returns the number of hits written."""
        pending = self.take()
        if not pending:
            return 0
        try:
            return write(pending)
        except DatabaseError:
            logger.exception("Site counts not written; kept for the next flush")
            self.put_back(pending)
            return 0


counter = SiteCounter()  # this process's buffer


def flush() -> int:
    """Write this process's waiting counts now (tests, the benchmark, process exit)."""
    return counter.flush()


def discard() -> None:
    """Forget the waiting counts (tests start from an empty buffer)."""
    counter.take()


def flush_if_due(**_kwargs) -> None:
    if counter.due() and not connection.in_atomic_block:
        counter.flush()


_started_on = None  # the database the process counted against, once started


def start() -> None:
    """Flush after responses and at exit; called by the middleware, so nothing runs without it."""
    global _started_on
    if _started_on is None:
        request_finished.connect(flush_if_due, dispatch_uid="campaigns.reporting.site_counts")
        atexit.register(_flush_at_exit)
        _started_on = connection.settings_dict["NAME"]


def _flush_at_exit() -> None:
    # A test run swaps databases under the process: at exit, the test database is gone and the
    # connection points at the real one again, where the test pages' counts do not belong.
    if connection.settings_dict["NAME"] != _started_on:
        return
    try:
        flush()
    except Exception:  # the interpreter is going away: never turn an exit into a traceback
        logger.exception("Site counts lost at exit")


def write(pending: Counter) -> int:
    """Add ``pending`` to the stored counts in one transaction; hits of objects gone (a page
    deleted, a document that is no live material's file) are dropped."""
    from campaigns.models import DownloadCount, PageViewCount

    pages = {key: n for key, n in pending.items() if key[0] == PAGE}
    documents = {key: n for key, n in pending.items() if key[0] == DOCUMENT}
    with transaction.atomic():
        page_rows = _page_rows(pages) if pages else []
        download_rows = _download_rows(documents) if documents else []
        _upsert(PageViewCount, "page_id", page_rows)
        _upsert(DownloadCount, "material_id", download_rows)
    return sum(row[-1] for row in page_rows + download_rows)


def _page_rows(pending: dict) -> list[tuple]:
    """(page, language, day, campaign, country, count): one query for every page's place."""
    from wagtail.models import Page

    places = {
        pk: (campaign_id, campaign_country or country_page_country)
        for pk, campaign_id, campaign_country, country_page_country in Page.objects.filter(
            pk__in={key[1] for key in pending}
        ).values_list(
            "pk", "campaignpage__pk", "campaignpage__country_id", "countrypage__country_id"
        )
    }
    return [
        (page_id, language, day, *places[page_id], count)
        for (_kind, page_id, language, day), count in pending.items()
        if page_id in places
    ]


def _download_rows(pending: dict) -> list[tuple]:
    """(material, language, day, campaign, country, count): a document counts for the live
    material version it is the file of (the first one, if several share it)."""
    from campaigns.models import MaterialVersion

    versions = {}
    for document_id, *version in (
        MaterialVersion.objects.filter(
            document_id__in={key[1] for key in pending}, material__live=True
        )
        .order_by("-material_id", "-sort_order")
        .values_list(
            "document_id",
            "material_id",
            "language",
            "material__campaign_id",
            "material__campaign__country_id",
        )
    ):
        versions[document_id] = version  # the last one kept is the first in order
    rows = Counter()
    for (_kind, document_id, _url_language, day), count in pending.items():
        if document_id in versions:
            material_id, language, campaign_id, country_id = versions[document_id]
            rows[(material_id, language, day, campaign_id, country_id)] += count
    return [(*key, count) for key, count in rows.items()]


def _upsert(model, object_column: str, rows: list[tuple]) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [object_column, "language", "day", "campaign_id", "country_id", "count"]
    key = ", ".join(quote(name) for name in (object_column, "language", "day"))
    count = quote("count")
    adapt = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(quote(name) for name in columns)}) "
                f"VALUES {values} ON CONFLICT ({key}) "
                f"DO UPDATE SET {count} = {table}.{count} + excluded.{count}",
                [
                    value
                    for object_id, language, day, campaign_id, country_id, n in batch
                    for value in (object_id, language, adapt(day), campaign_id, country_id, n)
                ],
            )
