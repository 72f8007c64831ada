"""Binds the request's origin (address, device, request id) for the audit log."""

import uuid

from django.conf import settings

from jianfu.audit import context


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.META.get(settings.JIANFU_REQUEST_ID_HEADER, "")[:64] or uuid.uuid4().hex
        token = context.bind(
            context.RequestContext(
                ip_address=request.META.get("REMOTE_ADDR") or None,
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:200],
                request_id=request_id,
            )
        )
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = request_id
        return response
