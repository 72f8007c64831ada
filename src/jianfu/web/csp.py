"""django-csp's middleware, with the policy built once per process for the responses that don't tailor it.

jianfu's policy is one fixed set of directives (settings.CONTENT_SECURITY_POLICY): no nonces, no view that
updates or replaces it. django-csp builds the header anew for every response (~0.1 ms, a twentieth of a teacher's
home page); here the library builds it once and every untailored response reuses it. A response or request that
does tailor it (a csp decorator, a nonce asked for) goes through the library unchanged.
"""

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings

# What django-csp reads to tailor a policy per response; any of them set means the library's own path.
TAILORING = (
    "_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
    "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro",
)  # fmt: skip


class FixedPolicyCSPMiddleware(CSPMiddleware):
    def __init__(self, get_response) -> None:
        super().__init__(get_response)
        self._policy = build_policy()  # the library's own header from settings, built once
        if getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None) or (
            getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
        ).get("EXCLUDE_URL_PREFIXES"):
            self._policy = None  # report-only and excluded prefixes: the library decides per request

    def process_response(self, request, response):
        tailored = getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in TAILORING
        )
        if self._policy is None or tailored or HEADER in response or settings.DEBUG:
            return super().process_response(request, response)
        response[HEADER] = self._policy
        # As the library does: a nonce asked for after the header is written is an error, not a silent gap.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
