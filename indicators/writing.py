"""Writing many figures and revisions at once, without building a model instance for each.

PostgreSQL gets COPY into a temporary table and one INSERT … ON CONFLICT; other databases get
executemany with the same upsert. Both run inside the caller's transaction.
"""

from datetime import date
from decimal import Decimal

from django.db import connection

from .models import Figure, FigureRevision

FIGURE_COLUMNS = (
    "indicator_id", "month", "breakdown", "category", "value", "numerator", "denominator",
    "status", "status_reason", "commentary", "is_percentage",
)  # fmt: skip
KEY_COLUMNS = FIGURE_COLUMNS[:4]
REVISION_COLUMNS = (
    "upload_id", "indicator_id", "month", "breakdown", "category", "existed_before",
    "value_before", "numerator_before", "denominator_before", "status_before",
    "status_reason_before", "commentary_before", "exists_after", "value", "numerator",
    "denominator", "status", "status_reason", "commentary",
)  # fmt: skip


def upsert_figures(rows):
    """rows: tuples in FIGURE_COLUMNS order; a figure already held for the key is replaced."""
    if not rows:
        return
    table = Figure._meta.db_table
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in FIGURE_COLUMNS[4:])
    conflict = f"ON CONFLICT ({', '.join(KEY_COLUMNS)}) DO UPDATE SET {updates}"
    columns = ", ".join(FIGURE_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE TEMPORARY TABLE incoming_figures ON COMMIT DROP AS "
                f"SELECT {columns} FROM {table} WITH NO DATA"
            )
            copy_rows(cursor, "incoming_figures", FIGURE_COLUMNS, rows)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming_figures {conflict}"
            )
            cursor.execute("DROP TABLE incoming_figures")
        else:
            marks = ", ".join(["?"] * len(FIGURE_COLUMNS))
            raw_executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks}) {conflict}", rows)


def insert_revisions(rows):
    """rows: tuples in REVISION_COLUMNS order."""
    if not rows:
        return
    table = FigureRevision._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            copy_rows(cursor, table, REVISION_COLUMNS, rows)
        else:
            marks = ", ".join(["?"] * len(REVISION_COLUMNS))
            columns = ", ".join(REVISION_COLUMNS)
            raw_executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def delete_figures(keys):
    """keys: (indicator_id, month, breakdown, category) tuples."""
    keys = list(keys)
    if not keys:
        return
    table = Figure._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement, so the data version trigger fires once rather than once a figure.
            columns = ", ".join(KEY_COLUMNS)
            cursor.execute(
                f"CREATE TEMPORARY TABLE leaving_figures ON COMMIT DROP AS "
                f"SELECT {columns} FROM {table} WITH NO DATA"
            )
            copy_rows(cursor, "leaving_figures", KEY_COLUMNS, keys)
            match = " AND ".join(f"{table}.{c} = leaving_figures.{c}" for c in KEY_COLUMNS)
            cursor.execute(f"DELETE FROM {table} USING leaving_figures WHERE {match}")
            cursor.execute("DROP TABLE leaving_figures")
        else:
            where = " AND ".join(f"{c} = %s" for c in KEY_COLUMNS)
            cursor.executemany(f"DELETE FROM {table} WHERE {where}", keys)


def raw_executemany(sql, rows):
    """SQLite's own executemany, without Django rewriting every row's parameters. Its errors
    are raised as Django's, as a cursor's are, so that a locked database is a busy page (see
    scorecard/middleware.py), not a server error."""
    connection.ensure_connection()
    rows = [tuple(map(adapt, row)) for row in rows]
    with connection.wrap_database_errors:
        connection.connection.executemany(sql, rows)


def adapt(value):
    return str(value) if isinstance(value, Decimal | date) else value


def copy_rows(cursor, table, columns, rows):
    raw = cursor.cursor  # psycopg's own cursor, for COPY
    with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
