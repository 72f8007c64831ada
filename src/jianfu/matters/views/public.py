"""Public pages: the whitelist of approved Matters, code verification and its QR image. No login."""

import datetime as dt
import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control

from jianfu.matters import codes, selectors
from jianfu.matters.models import Kind
from jianfu.matters.verification import verification
from jianfu.registry.models import Region
from jianfu.web.listing import paginate


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def whitelist(request):
    filters = {
        "school_code": request.GET.get("school", "").strip()[:10],
        "region_code": request.GET.get("region", "").strip()[:6],
        "kind": request.GET.get("kind", "").strip(),
        "date_from": _date(request.GET.get("from", "").strip()),
        "date_to": _date(request.GET.get("to", "").strip()),
        "query": request.GET.get("q", "").strip()[:100],
    }
    page = paginate(request, selectors.whitelist(**filters).prefetch_related("schools"))
    context = {
        "page": page,
        "filters": filters,
        "kinds": Kind.choices,
        "regions": Region.objects.order_by("code"),
    }
    return render(request, "matters/whitelist.html", context)


def verify_form(request):
    code = request.GET.get("code", "").strip()
    if code:
        return redirect("whitelist:verify", code=codes.normalize(code) or code[:20])
    return render(request, "matters/verify.html", {"result": None})


def verify(request, code: str):
    """The verification page. For visitors who are not logged in, the page of a code is kept in the cache for
    JIANFU_VERIFY_CACHE_SECONDS: the busiest public page then costs no query; a decision on a Matter shows here
    within that time. A page carrying a message for this visitor is never kept."""
    seconds = settings.JIANFU_VERIFY_CACHE_SECONDS
    cacheable = seconds > 0 and not request.user.is_authenticated and not len(messages.get_messages(request))
    key = "verify-page:" + hashlib.sha256(code.encode()).hexdigest()
    cache = caches["local"]  # public and short-lived: each process keeps its own copy, no network hop
    if cacheable and (page := cache.get(key)) is not None:
        return HttpResponse(page)
    response = render(request, "matters/verify.html", {"result": verification(code)}, status=200)
    if cacheable:
        cache.set(key, response.content, timeout=seconds)
    return response


@cache_control(public=True, max_age=3600)
def verify_qr(request, code: str):
    # The published rule lives in the scope module; selectors.verify applies it, as the verify page does.
    _status, matter = selectors.verify(raw_code=code)
    if matter is None:
        return HttpResponse(status=404)
    target = request.build_absolute_uri(reverse("whitelist:verify", args=[matter.verification_code]))
    return HttpResponse(codes.qr_svg(target), content_type="image/svg+xml")
