"""Data migrations tested as they run: the database taken to a migration, and its models then."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrated_to(targets):
    """Migrate to `targets` ([(app, migration)]) and return the app registry as it was there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps
