"""Final approvals of several Matters racing for fewer free quota slots: exactly the free number win, the rest are
refused with the quota message, and the counter equals the approved count (quotas.reserve locks the counter)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from jianfu.audit.models import AuditEvent
from jianfu.matters.models import Matter, QuotaCounter, QuotaSetting, State
from tests.factories import region
from tests.faults.conftest import POSTGRESQL_ONLY, race
from tests.matters.conftest import campus_activity, decide, later, submit

pytestmark = [POSTGRESQL_ONLY, pytest.mark.django_db(transaction=True)]

RACERS = 6
LIMIT = 3


@pytest.mark.parametrize(
    ("already_approved", "round_"),
    [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0)],
    ids=["no-counter-row-yet-1", "no-counter-row-yet-2", "one-used-1", "one-used-2", "one-slot-left"],
)
def test_six_final_approvals_racing_for_the_free_slots_approve_exactly_that_many(
    town, already_approved, round_
):
    year = dt.date.fromisoformat(later(40)).year
    QuotaSetting.objects.create(year=year, region=region("150222"), campus_activities_per_semester=LIMIT)
    for n in range(already_approved):
        decide(town.county_edu, submit(town.police, campus_activity(town.school_a, title=f"已批活动{n}")))
    racers = [
        submit(town.police, campus_activity(town.school_a, title=f"抢名额活动{round_}-{n}"))
        for n in range(RACERS)
    ]
    free = LIMIT - already_approved

    results = race([lambda matter=matter: decide(town.county_edu, matter) for matter in racers])

    approved = [value.pk for kind, value in results if kind == "ok"]
    refusals = [value for kind, value in results if kind == "error"]
    assert len(approved) == free
    assert all(isinstance(exc, ValidationError) for exc in refusals)
    assert [exc.message_dict["quota"] for exc in refusals] == [
        [f"固阳县第一小学本学期进校园活动已用{LIMIT}，上限{LIMIT}，不能再批准"]
    ] * (RACERS - free)
    assert QuotaCounter.objects.get(school=town.school_a).used == LIMIT
    assert sorted(
        Matter.objects.filter(pk__in=[m.pk for m in racers], state=State.APPROVED).values_list(
            "pk", flat=True
        )
    ) == sorted(approved)
    assert (
        Matter.objects.filter(pk__in=[m.pk for m in racers], state=State.BUREAU_REVIEW).count()
        == RACERS - free
    )
    assert AuditEvent.objects.filter(action="matter.publish").count() == LIMIT
