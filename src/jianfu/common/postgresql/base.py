"""Django's PostgreSQL backend, its per-request health check (CONN_HEALTH_CHECKS) made free while the server is quiet.

Django checks a reused connection with `SELECT 1` before the first query of every request: a round trip to the
database on every page, a tenth of the teacher home's CPU (docs/scaling.md, issue 8). A server that ends a session
(restart, pg_terminate_backend, idle timeout) sends its notice and closes the socket, and the socket turns
readable. So a connection whose socket has nothing to read between requests is used as it is; one that has
something (that notice, the end of the stream, an error) gets Django's `SELECT 1`, and is replaced if it fails
(ADR 0011).
"""

import select

from django.db.backends.postgresql.base import DatabaseWrapper as PostgreSQLDatabaseWrapper


def socket_is_quiet(fileno: int) -> bool:
    """Nothing to read, no hang-up and no error on the socket, asked without waiting."""
    poller = select.poll()
    poller.register(fileno, select.POLLIN | select.POLLPRI | select.POLLERR | select.POLLHUP)
    return not poller.poll(0)


class DatabaseWrapper(PostgreSQLDatabaseWrapper):
    def close_if_health_check_failed(self):
        if self.connection is None or not self.health_check_enabled or self.health_check_done or self.pool:
            return super().close_if_health_check_failed()
        # Between requests no query is in flight, so any byte waiting is the server speaking unasked.
        if not self.connection.closed and socket_is_quiet(self.connection.fileno()):
            self.health_check_done = True
            return None
        return super().close_if_health_check_failed()
