"""The idle timeout without a session write per request: an active session's expiry moves at most once a minute.

Django's SESSION_SAVE_EVERY_REQUEST rewrites the session row on every page, and a user's parallel requests queue
on that one row. Here a request re-saves the session (pushing the expiry JIANFU_SESSION_IDLE_MINUTES ahead) only
when the last push is JIANFU_SESSION_REFRESH_SECONDS old, so the idle timeout holds to within that margin.
"""

import time

from django.conf import settings

TOUCHED = "_jianfu_touched"  # when the expiry was last pushed, in whole seconds since the epoch


class IdleSessionMiddleware:
    """Listed after SessionMiddleware, so its mark is saved by that middleware on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty() or response.status_code >= 500:
            return response
        now = int(time.time())
        if session.modified or now - session.get(TOUCHED, 0) >= settings.JIANFU_SESSION_REFRESH_SECONDS:
            session[TOUCHED] = now  # the save below pushes the expiry
        return response
