"""Forms avoided by the registry (measures 15-17): the teacher × field entries approved data requests got from
the registry without asking any teacher, against those teachers were asked for. A delivery's counts per school
(DeliveryTally) belong to the month it was delivered in."""

from django.db.models import Sum
from django.db.models.functions import Coalesce

from jianfu.accounts import scope
from jianfu.datahub.models import DeliveryTally
from jianfu.oversight.indicators.periods import Comparison
from jianfu.oversight.indicators.tally import Area, Tally


def forms_read(*, user, area: Area, comparison: Comparison, tally: Tally) -> None:
    rows = (
        scope.visible_to(user, DeliveryTally)
        .filter(comparison.moments("delivery__created_at"), school_id__in=area.school_ids)
        .annotate(which=comparison.which("delivery__created_at", moment=True))
        .order_by()
        .values("which", "school_id")
        .annotate(served=Coalesce(Sum("served"), 0), asked=Coalesce(Sum("asked"), 0))
    )
    for item in rows:
        figures = tally.school(item["which"], item["school_id"])
        figures.served, figures.asked = item["served"], item["asked"]
