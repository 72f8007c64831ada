"""The Content-Security-Policy header built once per process (web/csp.py) is the library's own header, and a
response that tailors its policy still gets the library's tailored one."""

from csp.constants import HEADER, NONCE, SELF
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import RequestFactory

from jianfu.web.csp import FixedPolicyCSPMiddleware


def _served(view):
    middleware = FixedPolicyCSPMiddleware(view)
    request = RequestFactory().get("/")
    middleware.process_request(request)
    return request, middleware.process_response(request, view(request))


def test_an_untailored_response_carries_the_policy_of_the_settings():
    _, response = _served(lambda request: HttpResponse("ok"))

    assert response[HEADER] == build_policy()
    assert "script-src 'self'" in response[HEADER]
    assert "unsafe-inline" not in response[HEADER]


def test_a_response_that_updates_its_policy_gets_the_updated_policy():
    def view(request):
        response = HttpResponse("ok")
        response._csp_update = {"img-src": ["https://tiles.example.org"]}
        return response

    _, response = _served(view)

    assert response[HEADER] == build_policy(update={"img-src": ["https://tiles.example.org"]})
    assert "https://tiles.example.org" in response[HEADER]


def test_a_nonce_used_by_the_page_is_in_the_header_when_the_policy_asks_for_nonces(settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, NONCE]}}
    seen = {}

    def view(request):
        seen["nonce"] = str(request.csp_nonce)
        return HttpResponse("ok")

    _, response = _served(view)

    assert f"'nonce-{seen['nonce']}'" in response[HEADER]
