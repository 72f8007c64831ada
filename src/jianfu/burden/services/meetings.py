"""Measure 12: for a meeting the screening flagged (M12.sub-venue: counties 50 km or more away with 5 or more
attendees), the approving bureau records whether a video sub-venue is set up, and why. A new decision supersedes
the previous one (kept, never edited); each is audited in its transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.burden.models import SubVenueDecision
from jianfu.burden.models.trainings import SUB_VENUE_RULE
from jianfu.matters.models import Kind, Matter, State


def sub_venue_decide(*, actor, matter_id: int, video_sub_venue: bool, reason: str) -> SubVenueDecision:
    with transaction.atomic():
        matter = scope.access_by_id(actor, Matter, matter_id)
        matter = (
            Matter.objects.select_for_update(of=("self",)).select_related("route_region").get(pk=matter.pk)
        )
        bureau = (
            Role.CITY_EDU if matter.route_region and matter.route_region.level == "city" else Role.COUNTY_EDU
        )
        if actor.role != bureau or actor.region_id != matter.route_region_id:
            raise PermissionDenied("只有审批该会议的教育局可以决定是否设视频分会场")
        if matter.kind != Kind.MEETING or matter.state in (State.DRAFT, State.MERGED, State.REJECTED):
            raise ValidationError({"matter": "只有在办或已批准的会议可以决定分会场"})
        if not any(f.get("rule") == SUB_VENUE_RULE for f in matter.findings or []):
            raise ValidationError({"matter": "该会议没有分会场筛查意见"})
        if not reason.strip():
            raise ValidationError({"reason": "请写明理由"})
        previous = matter.sub_venue_decisions.order_by("-decided_at", "-pk").first()
        decision = SubVenueDecision.objects.create(
            matter=matter,
            region=matter.route_region,
            video_sub_venue=bool(video_sub_venue),
            reason=reason.strip()[:300],
            decided_by=actor,
        )
        events.sub_venue_decided(actor=actor, decision=decision, previous=previous)
    return decision
