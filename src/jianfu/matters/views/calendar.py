"""Calendar feeds: the owner's page (URL, regenerate) and the feed itself (no login: the token is the key)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from jianfu.matters import calendar, selectors
from jianfu.matters.services import calendars

UPCOMING_LIMIT = 50


@login_required
@require_http_methods(["GET", "POST"])
def calendar_page(request):
    owner = calendars.owner_of(request.user)  # 403 for roles without a feed
    if request.method == "POST":
        calendars.calendar_feed_regenerate(actor=request.user)
        messages.success(request, "已生成新的订阅地址；原地址已失效，请在日历应用中更新订阅。")
        return redirect("calendar:mine")
    feed = selectors.calendar_feed_of(user=request.user)
    url = None
    if feed is not None:
        url = request.build_absolute_uri(reverse("calendar:feed", args=[calendar.token_for(feed.nonce)]))
    if "teacher_id" in owner:
        matters = selectors.calendar_matters_for(teacher=request.user.teacher)
        name = calendar.feed_name(teacher=request.user.teacher)
    else:
        matters = selectors.calendar_matters_for(school_id=owner["school_id"])
        name = calendar.feed_name(school=request.user.school)
    context = {
        "feed": feed,
        "url": url,
        "webcal_url": "webcal://" + url.split("://", 1)[1] if url else None,
        "name": name,
        "matters": matters[:UPCOMING_LIMIT],
    }
    return render(request, "matters/calendar.html", context)


@require_GET
def calendar_feed(request, token: str):
    feed = selectors.calendar_feed_by_token(token=token)
    if feed is None:
        raise Http404
    body = calendar.ics(
        name=calendar.feed_name(school=feed.school, teacher=feed.teacher),
        matters=selectors.calendar_matters_of_feed(feed),
        verify_url=lambda code: request.build_absolute_uri(reverse("whitelist:verify", args=[code])),
        host=request.get_host().split(":")[0] or "jianfu",
    )
    response = HttpResponse(body, content_type=calendar.CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="jianfu.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
