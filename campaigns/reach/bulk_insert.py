"""Plain multi-row statements, and the one route reach figures take to the database.

`bulk_create` builds and prepares a model instance per row, which for the half a million rows
of a large import (reports, values, breakdown cells) costs more than the whole budget. These
inserts take rows of column values as the database stores them, in as few statements as the
database's parameter limit allows, and return what is asked (e.g. the new ids with the columns
that identify each row, so nothing relies on the order of RETURNING).

`write_figures` is how every figure (ReachValue) and breakdown cell (ReachBreakdown) is written:
by the report form and a correction (campaigns.reach.lifecycle) as by the spreadsheet import
and the API (campaigns.reach.batch). It sends no model signals, like `bulk_create` before it:
`tests/reach/test_figure_writes.py` fails if a receiver is ever connected to those models.
"""

from collections.abc import Iterable
from itertools import islice

from django.db import connections, router, transaction

from .models import ReachBreakdown, ReachValue
from .rules import ValueData, parse_count


def _batches(rows, size):
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def insert_rows(model, columns: list[str], rows, returning: tuple[str, ...] = ()) -> list[tuple]:
    connection = connections[router.db_for_write(model)]
    if connection.vendor == "postgresql":
        return _insert_copy(connection, model, columns, rows, returning)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(column) for column in columns)
    suffix = f" RETURNING {', '.join(quote(c) for c in returning)}" if returning else ""
    limit = connection.features.max_query_params or 65535
    per_statement = max(1, min(2000, limit // len(columns)))
    one_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    returned = []
    with connection.cursor() as cursor:
        for batch in _batches(rows, per_statement):
            values = ", ".join([one_row] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} ({names}) VALUES {values}{suffix}",  # noqa: S608 (quoted names)
                [value for row in batch for value in row],
            )
            if returning:
                returned.extend(cursor.fetchall())
    return returned


def delete_rows(model, ids) -> None:
    """DELETE by primary key, one statement per parameter limit's worth of ids, loading nothing.

    For a model that others reference with on_delete=CASCADE (a value's breakdown cells),
    `QuerySet.delete()` selects the rows first and deletes in batches of 100; delete the
    referencing rows first, then these. (`QuerySet._raw_delete` did the same, as private API.)
    """
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    limit = connection.features.max_query_params or 65535
    with connection.cursor() as cursor:
        for batch in _batches(ids, min(limit, 20000)):
            marks = ", ".join(["%s"] * len(batch))
            cursor.execute(f"DELETE FROM {table} WHERE {pk} IN ({marks})", batch)  # noqa: S608


def write_figures(
    figures: Iterable[tuple[int, int, ValueData]],
    *,
    age_bands: dict | None,
    replacing: Iterable[int] = (),
) -> None:
    """Store `figures` (report id, indicator id, figures as the rules read them), after deleting
    the values `replacing` (ids) and their cells.

    Cells name their age band by code, resolved through `age_bands` ({code: id}, the rules'
    context), or by id when `age_bands` is None (figures copied from stored ones). Which values
    are replaced is the caller's: all of a report's (the form: the grid shows every indicator)
    or those of the indicators given (merge: import and API). Queries: the deletes (2, when
    something is replaced), then one INSERT of values and one of cells per parameter limit's
    worth of rows, whatever the number of figures. All or nothing, like `bulk_create`."""
    with transaction.atomic(using=router.db_for_write(ReachValue), savepoint=False):
        _write_figures(figures, age_bands, list(replacing))


def _write_figures(figures, age_bands, replacing: list[int]) -> None:
    if replacing:
        # Cells: a fast delete (one DELETE; nothing references them, no signals).
        ReachBreakdown.objects.filter(value_id__in=replacing).delete()
        delete_rows(ReachValue, replacing)
    figures = figures if isinstance(figures, list) else list(figures)
    if not figures:
        return
    returned = insert_rows(
        ReachValue,
        ["report_id", "indicator_id", "total"],
        ((report, indicator, parse_count(value.total)[0]) for report, indicator, value in figures),
        returning=("id", "report_id", "indicator_id"),
    )
    ids = {(report, indicator): pk for pk, report, indicator in returned}
    insert_rows(
        ReachBreakdown,
        ["value_id", "sex", "age_band_id", "count"],
        _cell_rows(figures, ids, age_bands),
    )


def _cell_rows(figures, ids, age_bands):
    for report, indicator, value in figures:
        value_id = ids[(report, indicator)]
        for cell in value.breakdown:
            band = cell.age_band
            if band and age_bands is not None:
                band = age_bands[band]
            yield (value_id, cell.sex, band or None, parse_count(cell.count)[0])


def _insert_copy(connection, model, columns, rows, returning) -> list[tuple]:
    """PostgreSQL: COPY, with ids drawn from the table's sequence first when they are asked for
    (COPY returns nothing). Parameters bound client-side would be quoted one by one."""
    quote = connection.ops.quote_name
    table = model._meta.db_table
    returned = []
    with connection.cursor() as cursor:
        for batch in _batches(rows, 20000):
            ids = []
            if returning:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, len(batch)],
                )
                ids = [row[0] for row in cursor.fetchall()]
            names = ", ".join(quote(c) for c in (["id", *columns] if returning else columns))
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy,
            ):
                if returning:
                    for pk, row in zip(ids, batch, strict=True):
                        copy.write_row((pk, *row))
                else:
                    for row in batch:
                        copy.write_row(row)
            if returning:
                at = {column: index for index, column in enumerate(columns)}
                picks = [at.get(column) for column in returning]
                returned.extend(
                    tuple(pk if i is None else row[i] for i in picks)
                    for pk, row in zip(ids, batch, strict=True)
                )
    return returned


def column_defaults(model, **given) -> tuple[list[str], list]:
    """Every concrete column but the primary key, with the model's defaults (auto_now: now)."""
    from django.utils import timezone

    connection = connections[router.db_for_write(model)]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    columns, defaults = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(field.column)
        if field.attname in given:
            defaults.append(given[field.attname])
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults.append(now)
        else:
            defaults.append(field.get_db_prep_save(field.get_default(), connection))
    return columns, defaults
