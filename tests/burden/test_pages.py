"""The burden pages: who may open which, out of scope is 404 and changes nothing, Excel exports are audited."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.burden.models import Dispute, LedgerEntry
from jianfu.web.listing import XLSX
from tests.burden.conftest import approved_matter
from tests.factories import user_with_role


def test_a_school_records_participation_through_its_page(client, place):
    matter = approved_matter(place.school)
    client.force_login(place.admin)

    response = client.post(
        reverse("burden:record"),
        {"matter": matter.pk, "teachers": [place.zhang.pk, place.wang.pk], "hours": "1.5",
         "date": dt.date.today().isoformat(), "category": "", "note": ""},
    )  # fmt: skip

    assert response.status_code == 302
    assert sorted(LedgerEntry.objects.values_list("teacher_id", "hours")) == sorted(
        [(place.zhang.pk, Decimal("1.50")), (place.wang.pk, Decimal("1.50"))]
    )


def test_a_teacher_disputes_through_the_page_and_a_colleagues_entry_is_404(client, place):
    mine, theirs = (
        LedgerEntry.objects.create(teacher=t, school=place.school, category="other", hours=Decimal("2"),
                                   date=dt.date.today(), recorded_by=place.admin)
        for t in (place.zhang, place.li)
    )  # fmt: skip
    client.force_login(place.teacher_user)

    assert client.post(reverse("burden:dispute", args=[mine.pk]), {"reason": "没有参加"}).status_code == 302
    assert client.post(reverse("burden:dispute", args=[theirs.pk]), {"reason": "x"}).status_code == 404
    assert list(Dispute.objects.values_list("entry_id", flat=True)) == [mine.pk]


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.TEACHER, 403), (Role.SCHOOL_ADMIN, 200), (Role.DEPARTMENT, 403)],
)
def test_the_school_workload_page_by_role(client, place, role, status):
    user = {Role.TEACHER: place.teacher_user, Role.SCHOOL_ADMIN: place.admin}.get(role) or user_with_role(
        role
    )
    client.force_login(user)
    assert client.get(reverse("burden:school")).status_code == status


def test_a_county_bureau_opens_its_schools_but_another_countys_is_404(client, place):
    county = user_with_role(Role.COUNTY_EDU, region_code="150222")
    client.force_login(county)

    assert client.get(reverse("burden:school"), {"school": place.school.pk}).status_code == 200
    assert client.get(reverse("burden:school"), {"school": place.other_school.pk}).status_code == 404
    assert client.get(reverse("burden:county")).status_code == 200
    assert client.get(reverse("burden:county"), {"region": "150203"}).status_code == 404
    assert client.get(reverse("burden:city")).status_code == 403


def test_the_city_page_lists_counties_and_exports_audited_excel(client, place):
    client.force_login(user_with_role(Role.CITY_EDU))

    assert client.get(reverse("burden:city")).status_code == 200
    response = client.get(reverse("burden:city"), {"export": "xlsx"})

    assert response["Content-Type"] == XLSX
    assert AuditEvent.objects.filter(action="ledgerentry.export").count() == 1


def test_the_teachers_own_page_exports_their_categories(client, place):
    client.force_login(place.teacher_user)
    response = client.get(reverse("burden:mine"), {"export": "xlsx"})
    assert response["Content-Type"] == XLSX


def test_the_proctoring_page_opens_for_the_school(client, place):
    client.force_login(place.admin)
    assert client.get(reverse("burden:proctoring")).status_code == 200
    client.force_login(place.teacher_user)
    assert client.get(reverse("burden:proctoring")).status_code == 403
