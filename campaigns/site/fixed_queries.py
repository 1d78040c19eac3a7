"""Queries of a fixed shape, compiled to SQL once per process and run with new values.

A public page's queries select a page row's ~150 translated columns minus those of languages the
visit never reads; Django builds and compiles that list on every request (a few milliseconds
per page). The SQL text depends only on the models, the languages read and the database, all
fixed while a process lives; the values (a page's id, a URL) change with each request.

``FixedQuery(build)`` calls ``build(*markers)`` once per database alias, where each marker is a
stand-in value (an int or a string) that the query takes as a plain parameter; it compiles the
queryset, notes where each marker sits among the SQL parameters, and keeps the compiler's state
(selected columns, related objects to populate). ``run(*values)`` then executes that SQL with the
values in the markers' places and builds the results with Django's own iterables (model
instances, ``select_related`` objects, annotations, ``values_list`` tuples, prefetches), as
evaluating the queryset would. Nothing read from the database is kept: only SQL text, so no
content change (a publish, a translation, a new site) can make it stale. A marker must reach
the parameters unchanged (``field=marker``, not ``field__startswith=marker``): if one does not,
or another parameter equals it, compiling fails loudly.

On PostgreSQL (psycopg 3) each such query is also a prepared statement of the connection: the
server parses and plans its SQL once per connection, not on each request. A public page's
queries are wide (a page row's columns, subqueries for its country and view restrictions), and
planning them was most of their time in the server: 2.1 ms of the campaign page's 8 queries
against 0.5 ms prepared (minimum of 200 each, a loaded machine). Django turns psycopg's
preparation off (``prepare_threshold`` None) for connection poolers in transaction mode (before
PgBouncer 1.21's ``max_prepared_statements``) and binds parameters in the client; only these
queries use a server-binding cursor with ``prepare=True``, every other query is unchanged.
``FIXED_QUERIES_PREPARED = False`` in the settings turns this off (such a pooler). psycopg
keeps at most ``prepared_max`` (100) statements per connection, deallocating the oldest. The
server types each parameter of a prepared statement: one whose type it cannot infer (a bare
string in the selected columns) fails loudly, where ``Cast`` or ``Value(output_field=...)``
names it.
"""

import sys
import threading
from collections.abc import Callable
from types import SimpleNamespace

from django.conf import settings
from django.db import connections
from django.db.models import QuerySet
from django.db.models.sql.compiler import cursor_iter
from django.db.models.sql.constants import GET_ITERATOR_CHUNK_SIZE, MULTI

# Stand-ins for the values of a run: an integer within any database's integer range (lookups
# on an out-of-range integer compile to an empty result, without the parameter) and a string
# no content holds.
INT_MARKER = 2_080_000_000
STR_MARKER = "fixed-query-marker-{}-5c1e"


def markers(kinds: tuple[type, ...]) -> tuple:
    return tuple(
        INT_MARKER + index if kind is int else STR_MARKER.format(index)
        for index, kind in enumerate(kinds)
    )


class _Compiled:
    """One alias's SQL, the markers' places in its parameters and the compiler's state."""

    def __init__(self, queryset: QuerySet, marker_values: tuple, using: str):
        compiler = queryset.query.get_compiler(using=using)
        self.sql, params = compiler.as_sql()
        self.params = tuple(params)
        # Each marker's places: (index, the parameter's type). PostgreSQL's psycopg 3 backend
        # passes integers as its own int subclasses (Int4, Int8...), which a value is cast to.
        self.places = []
        for marker in marker_values:
            found = [
                (index, type(param))
                for index, param in enumerate(self.params)
                if isinstance(param, type(marker)) and not isinstance(param, bool)
                and param == marker
            ]  # fmt: skip
            if not found:
                raise ValueError(f"Marker {marker!r} is not a parameter of {self.sql}")
            self.places.append(found)
        state = dict(compiler.__dict__)
        for name in ("query", "connection", "using"):
            state.pop(name)
        self.state = state
        self.compiler_class = type(compiler)


class FixedQuery:
    """``build(*markers)`` → a queryset; ``run(*values)`` → its results with those values."""

    def __init__(self, build: Callable[..., QuerySet], kinds: tuple[type, ...]):
        self.kinds = kinds
        self.marker_values = markers(kinds)
        self.template = build(*self.marker_values)
        self.compiled: dict[str, _Compiled] = {}
        self.lock = threading.Lock()

    def _compiled(self, using: str) -> _Compiled:
        compiled = self.compiled.get(using)
        if compiled is None:
            with self.lock:
                compiled = self.compiled.get(using)
                if compiled is None:
                    compiled = _Compiled(self.template._chain(), self.marker_values, using)
                    self.compiled[using] = compiled
        return compiled

    def run(self, *values) -> list:
        """The results of the query with ``values`` in place of the markers (a list)."""
        for value, kind in zip(values, self.kinds, strict=True):
            if type(value) is not kind:
                raise TypeError(f"{value!r} is not a {kind.__name__}")
        queryset = self.template._chain()
        query = queryset.query

        def get_compiler(using=None, connection=None, elide_empty=True):
            if connection is None:
                connection = connections[using]
            compiled = self._compiled(connection.alias)
            compiler = compiled.compiler_class(query, connection, connection.alias, elide_empty)
            compiler.__dict__.update(compiled.state)
            params = list(compiled.params)
            for places, value in zip(compiled.places, values, strict=True):
                for index, kind in places:
                    params[index] = value if type(value) is kind else kind(value)
            sql, params = compiled.sql, tuple(params)
            compiler.as_sql = lambda *args, **kwargs: (sql, params)
            if prepares(connection):
                compiler.execute_sql = _prepared_execute_sql(compiler, sql, bigints(params))
            return compiler

        query.get_compiler = get_compiler
        return list(queryset)


def prepares(connection) -> bool:
    """Whether fixed queries run as prepared statements on this connection."""
    return (
        connection.vendor == "postgresql"
        and _psycopg3()
        and getattr(settings, "FIXED_QUERIES_PREPARED", True)
    )


def _psycopg3() -> bool:
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return is_psycopg3


def bigints(params: tuple) -> tuple:
    """The plain integers among ``params`` as bigints: psycopg types a plain integer by its
    size (smallint, integer, bigint), and a statement is prepared for each set of types, so
    one query would be prepared up to three times as its ids grow. Django's own integers
    (``Int4``...) keep their types."""
    from psycopg.types.numeric import Int8

    return tuple(Int8(param) if type(param) is int else param for param in params)


def _prepared_execute_sql(compiler, sql: str, params: tuple):
    """``compiler.execute_sql`` (Django's) with the SQL run as a prepared statement: the rows
    of a plain evaluation (``MULTI``, not chunked) as Django's returns them; anything else
    by Django's own."""
    default = compiler.execute_sql

    def execute_sql(result_type=MULTI, chunked_fetch=False, chunk_size=GET_ITERATOR_CHUNK_SIZE):
        if result_type != MULTI or chunked_fetch:
            return default(result_type, chunked_fetch, chunk_size)
        connection = compiler.connection
        cursor = prepared_cursor(connection)
        try:
            cursor.execute(sql, params)
        except Exception:
            cursor.close()
            raise
        column_count = compiler.col_count if compiler.has_extra_select else None
        return list(
            cursor_iter(cursor, connection.features.empty_fetchmany_value, column_count, chunk_size)
        )

    return execute_sql


def prepared_cursor(connection):
    """A cursor of ``connection`` (Django's wrapper: query logging, error wrapping, execute
    wrappers) whose ``execute`` prepares its SQL, as ``connection.cursor()`` makes one."""
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = connection.connection
        if raw.prepare_threshold is None:
            # psycopg prepares nothing while this is None, not even on request. Never reached
            # by counting: only ``prepare=True`` prepares (Django's client-binding cursors
            # never prepare whatever its value).
            raw.prepare_threshold = sys.maxsize
        return connection._prepare_cursor(_PreparingCursor(connection, raw))


class _PreparingCursor:
    """psycopg's server-binding cursor executing with ``prepare=True``; what Django's query
    log reads of it (``_query``) is the SQL as a client-binding cursor sends it, the text
    Django logs for every other query."""

    def __init__(self, connection, raw):
        from django.db.backends.postgresql import base

        cursor = base.ServerBindingCursor(raw)
        tzloader = raw.adapters.get_loader(base.TIMESTAMPTZ_OID, base.Format.TEXT)
        if connection.timezone != tzloader.timezone:  # as DatabaseWrapper.create_cursor
            base.register_tzloader(connection.timezone, cursor)
        self.cursor = cursor
        self.executed = None

    def execute(self, sql, params=None):
        self.executed = (sql, params)
        return self.cursor.execute(sql, params, prepare=True)

    @property
    def _query(self):
        import psycopg

        text = psycopg.ClientCursor(self.cursor.connection).mogrify(*self.executed)
        return SimpleNamespace(query=text.encode())

    def __getattr__(self, name):
        return getattr(self.cursor, name)

    def __iter__(self):
        return iter(self.cursor)


_registry: dict[tuple, FixedQuery] = {}


def fixed_query(key: tuple, build: Callable[..., QuerySet], kinds: tuple[type, ...]) -> FixedQuery:
    """The process's ``FixedQuery`` for ``key`` (everything ``build`` depends on besides its
    markers: the model, the languages read...), made on first use. The site's languages are
    part of every key: the columns a query leaves out are named from them (and a test may
    change them)."""
    key = (*key, tuple(settings.LANGUAGES))
    query = _registry.get(key)
    if query is None:
        query = _registry.setdefault(key, FixedQuery(build, kinds))
    return query
