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
"""

import threading
from collections.abc import Callable

from django.conf import settings
from django.db import connections
from django.db.models import QuerySet

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
            return compiler

        query.get_compiler = get_compiler
        return list(queryset)


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
