"""Reporting reads on a read replica, everything else on the primary ("default").

A Django router only sees a model and hints, never the view or the task that runs the query, and
"which queries may be a moment old" is a property of the code path, not of the model: the same
``ReachReport`` is read by the validation screen (must be fresh) and by the dashboard (may lag).
So the code path says it, explicitly: ``with reading_from_replica(): ...`` around the dashboard's
figures, the open data page's and files' figures, and the export tasks' rows; the router reads a
context variable (safe across threads and async tasks) and sends those reads to the replica.

What stays on "default" always, whatever the context:

- every write (``db_for_write``), and every read inside a transaction on "default": a
  transaction reads its own writes and locks rows on the primary (the reach summary's catch-up,
  the open data table's rebuild run inside one, even when a dashboard view triggers them);
- the models of the apps in ``ON_DEFAULT`` (users, groups, permissions, sessions, sign-in
  throttling): permission checks and sessions never read a lagging copy;
- everything outside a ``reading_from_replica()`` block: the admin, reach entry and validation,
  the public pages.

Only active when the settings name a replica (``DATABASE_READ_REPLICA``, set by the production
settings when ``DATABASE_REPLICA_URL`` is): otherwise every method answers None and Django uses
"default" as before. With a replica, reads outside a block go to "default" even for an instance
read from the replica (a relation a template follows later), and such an instance is saved to
"default".
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

ON_DEFAULT = {"auth", "sessions", "contenttypes", "axes", "admin"}

_on_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


def replica_alias() -> str | None:
    """The replica's alias in DATABASES, or None when there is none."""
    return getattr(settings, "DATABASE_READ_REPLICA", None) or None


@contextmanager
def reading_from_replica(enabled: bool = True):
    """Within the block, read-only queries go to the replica (when there is one). Usable as a
    decorator too. ``enabled=False`` (or ``reading_from_default()``) turns it off inside an
    outer block, for a read that must be fresh."""
    token = _on_replica.set(enabled)
    try:
        yield
    finally:
        _on_replica.reset(token)


def reading_from_default():
    return reading_from_replica(False)


def replica_in_use() -> bool:
    """Whether reads made here and now go to the replica."""
    return bool(_on_replica.get() and replica_alias())


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        alias = replica_alias()
        if alias is None:
            return None
        if not _on_replica.get() or model._meta.app_label in ON_DEFAULT:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return alias

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS if replica_alias() else None

    def allow_relation(self, obj1, obj2, **hints):
        """The replica is a copy of "default": their rows may refer to each other."""
        alias = replica_alias()
        if alias is None:
            return None
        both = {DEFAULT_DB_ALIAS, alias}
        return True if {obj1._state.db, obj2._state.db} <= both else None

    def allow_migrate(self, db, app_label, **hints):
        """Never migrate the replica itself: it follows the primary's changes (nor a test
        mirror, which is the primary's database under another alias)."""
        alias = replica_alias()
        if (alias is not None and db == alias) or settings.DATABASES[db].get("TEST", {}).get(
            "MIRROR"
        ):
            return False
        return None
