"""Database triggers that give `DataVersion` a new token on every change to the data pages show.

Installed after every `migrate` rather than once in a migration, because SQLite drops a table's
triggers whenever a later migration rebuilds that table.
"""

from django.db import connections

from .models import Benchmark, DataVersion, Figure, Indicator, NeighbourFigure, Threshold

WATCHED = (Indicator, Threshold, Benchmark, NeighbourFigure, Figure)

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION {table}_renew() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {table} (id, token) VALUES (1, md5(random()::text || clock_timestamp()::text))
    ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
    RETURN NULL;
END $$
"""
# One trigger per statement, so a COPY of 100,000 figures renews the token once.
POSTGRES_TRIGGER = """
CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {watched}
FOR EACH STATEMENT EXECUTE FUNCTION {table}_renew()
"""
# SQLite has only row triggers. An upsert, not INSERT OR REPLACE: a trigger's OR clause gives way
# to the conflict handling of the statement that fired it.
SQLITE_TRIGGER = """
CREATE TRIGGER {name} AFTER {event} ON {watched} BEGIN
    INSERT INTO {table} (id, token) VALUES (1, lower(hex(randomblob(16))))
    ON CONFLICT (id) DO UPDATE SET token = excluded.token;
END
"""


def install_version_triggers(using="default", **_signal_arguments):
    """(Re)create the triggers. On any other database there are none, the token stays None and
    nothing is kept."""
    connection = connections[using]
    table = DataVersion._meta.db_table
    if table not in connection.introspection.table_names():
        return  # migrated back to before the table existed
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            install_postgres_triggers(cursor, table)
        elif connection.vendor == "sqlite":
            install_sqlite_triggers(cursor, table)


def install_postgres_triggers(cursor, table):
    cursor.execute(POSTGRES_FUNCTION.format(table=table))
    for watched in (model._meta.db_table for model in WATCHED):
        name = f"{watched}_renews_version"
        cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {watched}")
        cursor.execute(POSTGRES_TRIGGER.format(name=name, watched=watched, table=table))


def install_sqlite_triggers(cursor, table):
    for watched in (model._meta.db_table for model in WATCHED):
        for event in ("INSERT", "UPDATE", "DELETE"):
            name = f"{watched}_{event.lower()}_renews_version"
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(
                SQLITE_TRIGGER.format(name=name, event=event, watched=watched, table=table)
            )
