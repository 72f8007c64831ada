"""Views and a middleware that fail the way a database outage does, for tests of web.middleware's 503."""

from django.db import InterfaceError, OperationalError
from django.urls import path

from jianfu.config.urls import urlpatterns as site_urlpatterns

OUTAGE = 'connection to server at "127.0.0.1", port 5432 failed: Connection refused'


def database_down(request):
    raise OperationalError(OUTAGE)


def connection_gone(request):
    raise InterfaceError("connection already closed")


def programming_bug(request):
    raise ValueError("an ordinary bug")


class DatabaseDownMiddleware:
    """Fails before the view, as a session or user lookup does when the database is down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise OperationalError(OUTAGE)


urlpatterns = [
    path("faults/database-down/", database_down),
    path("faults/connection-gone/", connection_gone),
    path("faults/bug/", programming_bug),
    path("api/v1/faults/database-down/", database_down),
    *site_urlpatterns,
]
