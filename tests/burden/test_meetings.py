"""Measures 12 and 13: meeting hours per teacher, sub-venue decisions (audited), merged meetings."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.burden import selectors_trainings as selectors
from jianfu.burden.models import LedgerEntry, SubVenueDecision
from jianfu.registry.models import Region
from tests.burden.conftest import approved_matter
from tests.factories import user_with_role

FINDING = {"rule": "M12.sub-venue", "measure": 12, "severity": "review",
           "message": "达茂旗距会场150公里、参会8人，应通过视频会议设分会场", "quote": "", "evidence": ""}  # fmt: skip


def flagged_meeting(school, *, findings=(FINDING,)):
    matter = approved_matter(school, kind="meeting")
    matter.findings = list(findings)
    matter.route_region = Region.objects.get(code="150222")
    matter.save(update_fields=["findings", "route_region"])
    return matter


def test_meeting_hours_per_teacher(place):
    for teacher, hours in ((place.zhang, "1.5"), (place.zhang, "2"), (place.li, "1")):
        LedgerEntry.objects.create(teacher=teacher, school=place.school, category="meetings", hours=Decimal(hours),
                                   date=dt.date(2030, 4, 1), recorded_by=place.admin)  # fmt: skip

    rows = [
        (r["teacher_id"], Decimal(str(r["total"])))
        for r in selectors.meeting_hours(user=place.admin, year=2030)
    ]

    assert rows == [(place.zhang.pk, Decimal("3.5")), (place.li.pk, Decimal("1"))]
    mine = selectors.meeting_hours(user=place.teacher_user, year=2030)
    assert [r["teacher_id"] for r in mine] == [place.zhang.pk]


def test_the_approving_bureau_records_a_sub_venue_decision_audited_and_superseded(client, place):
    matter = flagged_meeting(place.school)
    county = user_with_role(Role.COUNTY_EDU, region_code="150222")
    client.force_login(county)
    url = reverse("burden:sub_venue", args=[matter.pk])

    assert client.post(url, {"video_sub_venue": "no", "reason": "参会人员可当日往返"}).status_code == 302
    assert client.post(url, {"video_sub_venue": "yes", "reason": "改为设分会场"}).status_code == 302

    assert list(SubVenueDecision.objects.order_by("pk").values_list("video_sub_venue", flat=True)) == [
        False,
        True,
    ]
    events = AuditEvent.objects.filter(action="meeting.sub_venue").order_by("pk")
    assert [e.changes["video_sub_venue"] for e in events] == [[None, False], [False, True]]
    flagged = selectors.sub_venue_meetings(user=county)
    assert [(m.pk, m.sub_venue_decision.video_sub_venue) for m in flagged] == [(matter.pk, True)]
    assert "改为设分会场" in client.get(reverse("burden:meetings")).content.decode()


def test_only_the_approving_bureau_decides_and_only_flagged_meetings(client, place):
    matter = flagged_meeting(place.school)
    plain = flagged_meeting(place.school, findings=())
    other_county = user_with_role(Role.COUNTY_EDU, region_code="150203")
    supervisor = user_with_role(Role.SUPERVISOR, region_code="150222")
    county = user_with_role(Role.COUNTY_EDU, region_code="150222")
    data = {"video_sub_venue": "yes", "reason": "x"}

    client.force_login(other_county)
    assert client.post(reverse("burden:sub_venue", args=[matter.pk]), data).status_code == 404
    client.force_login(supervisor)
    assert client.post(reverse("burden:sub_venue", args=[matter.pk]), data).status_code == 403
    client.force_login(county)
    client.post(reverse("burden:sub_venue", args=[plain.pk]), data)
    assert not SubVenueDecision.objects.exists()
    assert [m.pk for m in selectors.sub_venue_meetings(user=county)] == [matter.pk]


def test_merged_meetings_are_listed(client, place):
    into = approved_matter(place.school, kind="meeting")
    merged = approved_matter(place.school, kind="meeting")
    merged.state, merged.merged_into = "merged", into
    merged.save(update_fields=["state", "merged_into"])
    approved_matter(place.school, kind="inspection")

    county = user_with_role(Role.COUNTY_EDU, region_code="150222")
    assert [m.pk for m in selectors.merged_meetings(user=county)] == [merged.pk]
    client.force_login(county)
    response = client.get(reverse("burden:meetings"))
    assert response.status_code == 200 and into.title in response.content.decode()
    client.force_login(user_with_role(Role.PARTY))
    assert client.get(reverse("burden:meetings")).status_code == 403


def test_only_meetings_with_a_sub_venue_finding_are_flagged_and_show_only_that_finding(place):
    other = {"rule": "M12.merge", "measure": 12, "severity": "review", "message": "M12.sub-venue 之外的意见"}
    both = flagged_meeting(place.school, findings=(other, FINDING))
    flagged_meeting(place.school, findings=(other,))  # the rule's name in a message is no finding of it
    flagged_meeting(place.school, findings=({"measure": 12, "message": "没有规则"},))
    county = user_with_role(Role.COUNTY_EDU, region_code="150222")

    flagged = selectors.sub_venue_meetings(user=county)

    assert [(m.pk, m.sub_venue_findings, m.sub_venue_decision) for m in flagged] == [
        (both.pk, [FINDING], None)
    ]
