"""Requests the database could not store: a NUL character in a parameter is refused with 400 before any view.

PostgreSQL's text types cannot hold NUL, so ?q=a%00b used to reach the ORM and answer 500 on every search box
and filter; no form of the platform has a reason to send one.
"""

from django.http import HttpResponseBadRequest

MESSAGE = "请求参数包含不允许的字符（NUL），请检查后重新提交。"


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        form = request.method == "POST" and request.content_type == "application/x-www-form-urlencoded"
        if "\x00" in request.path or _has_nul(request.GET) or (form and _has_nul(request.POST)):
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
