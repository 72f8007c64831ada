"""The SQLite queue of huey (settings.HUEY without JIANFU_QUEUE_URL), opened on first use rather than at start-up.

huey's own SqliteHuey creates its file and tables when Django starts, in every process: each management command
and the test run would create var/queue.sqlite3 (and fail where var/ does not exist yet). This one creates them
the first time a task is enqueued or the worker starts.
"""

from pathlib import Path

from huey import SqliteHuey
from huey.storage import SqliteStorage


class LazySqliteStorage(SqliteStorage):
    """huey's SqliteStorage, its directory and tables created with the first connection."""

    def __init__(self, *args, **kwargs):
        kwargs["create_tables"] = False
        super().__init__(*args, **kwargs)

    def _create_connection(self):
        Path(self.filename).parent.mkdir(parents=True, exist_ok=True)
        conn = super()._create_connection()
        for statement in self.ddl:
            conn.execute(statement)  # "if not exists": a no-op after the first time
        return conn


class SqliteFileHuey(SqliteHuey):
    storage_class = LazySqliteStorage
