"""Requests the database could not serve.

A NUL character in a parameter is refused with 400 before any view: PostgreSQL's text types cannot hold NUL, so
?q=a%00b used to reach the ORM and answer 500 on every search box and filter; no form has a reason to send one.

While the database is down or restarting, every request answers 503 with a Chinese page and Retry-After instead of
a 500 (or a traceback); with CONN_HEALTH_CHECKS the same process reconnects by itself once the database is back.
"""

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string

MESSAGE = "请求参数包含不允许的字符（NUL），请检查后重新提交。"


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Browsers send forms with a file field as multipart: its fields are checked too (its files are bytes).
        form = request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        )
        if "\x00" in request.path or _has_nul(request.GET) or (form and _has_nul(request.POST)):
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


DATABASE_ERRORS = (OperationalError, InterfaceError)
UNAVAILABLE_MESSAGE = "系统繁忙，数据库暂时无法访问，请稍后重试。"
RETRY_AFTER_SECONDS = 30
_UNAVAILABLE = "_jianfu_database_unavailable"
logger = logging.getLogger("jianfu.web")


@receiver(got_request_exception, dispatch_uid="jianfu.web.middleware.mark_database_unavailable")
def _mark_database_unavailable(sender, request=None, **kwargs) -> None:
    """A database error raised outside the view (a session read in a middleware) has already become Django's 500
    response when it reaches DatabaseUnavailableMiddleware; this mark, set while the exception is handled, tells
    it to answer 503 instead."""
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        setattr(request, _UNAVAILABLE, True)


def unavailable_response(request) -> HttpResponse:
    """503 with Retry-After: JSON for the API, else a standalone page that needs no database (no context)."""
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": UNAVAILABLE_MESSAGE}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Listed near the top of MIDDLEWARE so it sees the outcome of every inner middleware and of the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, _UNAVAILABLE, False):
            return unavailable_response(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.warning(
                "database unavailable, answered 503: %s %s: %s", request.method, request.path, exception
            )
            return unavailable_response(request)
        return None
