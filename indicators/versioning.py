"""Database triggers that give `DataVersion` a new token on every change to the data pages show.

Installed after every `migrate` rather than once in a migration, because SQLite drops a table's
triggers whenever a later migration rebuilds that table; removed again by a `migrate` back to
before `DataVersion` existed, as they would otherwise fail every write.
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
    """Create the triggers, or remove them after a migrate back to before `DataVersion`. On any
    other database there are none, the token stays None and nothing is kept."""
    connection = connections[using]
    table = DataVersion._meta.db_table
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        watched = [model._meta.db_table for model in WATCHED if model._meta.db_table in tables]
        if connection.vendor == "postgresql":
            postgres_triggers(cursor, table, watched, install=table in tables)
        elif connection.vendor == "sqlite":
            sqlite_triggers(cursor, table, watched, install=table in tables)


def postgres_triggers(cursor, table, watched, install):
    if install:
        cursor.execute(POSTGRES_FUNCTION.format(table=table))  # takes no lock on the tables
    for on in watched:
        name = f"{on}_renews_version"
        cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = %s", [name])
        present = cursor.fetchone() is not None
        # A trigger in place is left alone: creating one locks its table against readers.
        if install and not present:
            cursor.execute(POSTGRES_TRIGGER.format(name=name, watched=on, table=table))
        elif present and not install:
            cursor.execute(f"DROP TRIGGER {name} ON {on}")
    if not install:
        cursor.execute(f"DROP FUNCTION IF EXISTS {table}_renew()")


def sqlite_triggers(cursor, table, watched, install):
    for watched_table in watched:
        for event in ("INSERT", "UPDATE", "DELETE"):
            name = f"{watched_table}_{event.lower()}_renews_version"
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            if install:
                cursor.execute(
                    SQLITE_TRIGGER.format(
                        name=name, event=event, watched=watched_table, table=table
                    )
                )
