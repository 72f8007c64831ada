"""我的举报: the reports a user made in their own name, their progress and replies, and their card (unfounded
reports within a year). Anonymous reports are not here: nothing ties them to the account."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jianfu.oversight import selectors
from jianfu.web.listing import paginate


@login_required
@require_GET
def my_reports(request):
    user = request.user
    page = paginate(request, selectors.reports_of(user=user))
    context = {
        "page": page,
        "reports": page.object_list,
        "card": selectors.reporter_card(reporter=user),
        "yellow_at": selectors.YELLOW_CARD_AT,
        "red_at": selectors.RED_CARD_AT,
    }
    return render(request, "oversight/mine.html", context)
