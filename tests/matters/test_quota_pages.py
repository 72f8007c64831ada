"""Quota and timing settings (city defaults, county overrides) and schools' exam weeks: pages, audit, scope,
and that screening and quotas follow what was set."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.matters import quotas
from jianfu.matters.models import ExamWeek, Matter, QuotaSetting, State
from tests.factories import region, user_with_role
from tests.matters.conftest import campus_activity, decide, inspection, later, submit

YEAR = dt.date.fromisoformat(later(40)).year
FIELDS = {
    "campus_activities_per_semester": "4",
    "supervisions_per_year": "1",
    "social_exams_per_year": "5",
    "proctoring_per_teacher_year": "3",
    "min_interval_days": "20",
    "announce_months_ahead": "2",
}


def _form(**overrides):
    return {"year": str(YEAR), **FIELDS, "reason": "", **overrides}


def _settings():
    return list(
        QuotaSetting.objects.order_by("pk").values_list(
            "region__code", "year", "campus_activities_per_semester", "min_interval_days"
        )
    )


def test_the_city_sets_the_years_defaults_and_the_creation_is_audited(town, client):
    client.force_login(town.city_edu)

    response = client.post(reverse("matters:quotas"), _form(reason="依据2026年全市工作要点"))

    assert response["Location"] == f"{reverse('matters:quotas')}?year={YEAR}"
    assert _settings() == [("150200", YEAR, 4, 20)]
    event = AuditEvent.objects.get(action="quotasetting.create")
    assert (event.actor, event.region_code, event.reason) == (
        town.city_edu,
        "150200",
        "依据2026年全市工作要点",
    )
    assert event.changes == {
        "year": [None, YEAR],
        "region": [None, "150200"],
        "campus_activities_per_semester": [None, 4],
        "supervisions_per_year": [None, 1],
        "social_exams_per_year": [None, 5],
        "proctoring_per_teacher_year": [None, 3],
        "min_interval_days": [None, 20],
        "announce_months_ahead": [None, 2],
    }


def test_a_change_is_audited_with_the_old_and_new_values_of_what_changed(town, client):
    client.force_login(town.city_edu)
    client.post(reverse("matters:quotas"), _form())

    client.post(reverse("matters:quotas"), _form(campus_activities_per_semester="3", min_interval_days="30"))

    assert _settings() == [("150200", YEAR, 3, 30)]
    event = AuditEvent.objects.get(action="quotasetting.update")
    assert event.changes == {"campus_activities_per_semester": [4, 3], "min_interval_days": [20, 30]}


def test_a_county_overrides_the_city_for_its_county_and_can_drop_the_override(town, client):
    client.force_login(town.city_edu)
    client.post(reverse("matters:quotas"), _form())
    client.force_login(town.county_edu)
    page = client.get(reverse("matters:quotas"), {"year": YEAR}).content.decode()
    assert '<span class="tag tag-info" data-testid="quota-source">沿用市级设置</span>' in page
    assert 'data-autosave="quota-150222-' in page

    client.post(reverse("matters:quotas"), _form(campus_activities_per_semester="2"))

    assert _settings() == [("150200", YEAR, 4, 20), ("150222", YEAR, 2, 20)]
    assert quotas.setting_for(year=YEAR, region=region("150222")).campus_activities_per_semester == 2
    assert quotas.setting_for(year=YEAR, region=region("150203")).campus_activities_per_semester == 4
    page = client.get(reverse("matters:quotas"), {"year": YEAR}).content.decode()
    assert 'data-testid="quota-source">本级设置</span>' in page
    assert 'data-testid="quota-reset"' in page

    client.post(reverse("matters:quotas"), {"year": YEAR, "intent": "reset"})

    assert _settings() == [("150200", YEAR, 4, 20)]
    deleted = AuditEvent.objects.get(action="quotasetting.delete")
    assert deleted.changes["campus_activities_per_semester"] == [2, None]
    assert deleted.region_code == "150222"


def test_the_countys_override_is_what_approvals_hold_to(town, client):
    client.force_login(town.county_edu)
    client.post(reverse("matters:quotas"), _form(campus_activities_per_semester="1"))
    decide(town.county_edu, submit(town.police, campus_activity(town.school_a, title="第一项")))
    second = submit(town.police, campus_activity(town.school_a, title="第二项"))

    with pytest.raises(ValidationError) as refused:
        decide(town.county_edu, second, reason="确需开展")

    assert refused.value.message_dict["quota"] == ["固阳县第一小学本学期进校园活动已用1，上限1，不能再批准"]
    assert Matter.objects.get(pk=second.pk).state == State.BUREAU_REVIEW


def test_a_bad_value_is_shown_and_nothing_is_saved(town, client):
    client.force_login(town.city_edu)

    response = client.post(reverse("matters:quotas"), _form(min_interval_days="400"))

    assert response.status_code == 200
    assert "确保该值小于或等于365" in response.content.decode()
    assert _settings() == []


@pytest.mark.parametrize(
    "role", [Role.DEPARTMENT, Role.PARTY, Role.SCHOOL_ADMIN, Role.TEACHER, Role.SUPERVISOR]
)
def test_roles_other_than_the_bureaus_change_no_setting(town, client, role):
    client.force_login(user_with_role(role, region_code="150222"))
    audit_rows = AuditEvent.objects.count()

    saved = client.post(reverse("matters:quotas"), _form())
    reset = client.post(reverse("matters:quotas"), {"year": YEAR, "intent": "reset"})

    assert (saved.status_code, reset.status_code) == (403, 403)
    assert _settings() == []
    assert AuditEvent.objects.count() == audit_rows


def test_a_county_bureau_changes_only_its_own_countys_row(town, client):
    client.force_login(town.city_edu)
    client.post(reverse("matters:quotas"), _form())
    client.force_login(town.county_b_edu)

    client.post(reverse("matters:quotas"), _form(campus_activities_per_semester="1"))

    assert _settings() == [("150200", YEAR, 4, 20), ("150203", YEAR, 1, 20)]


# --- exam weeks ----------------------------------------------------------------------------------------------


def _week(start: dt.date, days: int = 4, title: str = "期末考试周") -> dict:
    return {
        "title": title,
        "starts_on": start.isoformat(),
        "ends_on": (start + dt.timedelta(days=days)).isoformat(),
    }


def _weeks():
    return list(ExamWeek.objects.order_by("pk").values_list("school__name", "title", "starts_on", "ends_on"))


def test_a_school_admin_records_an_exam_week_and_screening_keeps_inspections_out_of_it(town, client):
    admin = user_with_role(Role.SCHOOL_ADMIN, school=town.school_a)
    start = dt.date.fromisoformat(later(58))
    client.force_login(admin)
    assert 'data-autosave="exam-week"' in client.get(reverse("matters:exam_weeks")).content.decode()

    response = client.post(reverse("matters:exam_weeks"), _week(start))

    assert response["Location"] == reverse("matters:exam_weeks")
    assert _weeks() == [("固阳县第一小学", "期末考试周", start, start + dt.timedelta(days=4))]
    event = AuditEvent.objects.get(action="examweek.create")
    assert (event.region_code, event.changes) == (
        "150222",
        {
            "school": [None, town.school_a.code],
            "title": [None, "期末考试周"],
            "starts_on": [None, start.isoformat()],
            "ends_on": [None, (start + dt.timedelta(days=4)).isoformat()],
        },
    )
    matter = submit(town.police, inspection(town.school_a, starts_on=later(60)))
    finding = {f["rule"]: f for f in matter.findings}["M03.exam-week"]
    assert finding["severity"] == "block"


def test_an_exam_week_ending_before_it_starts_is_refused(town, client):
    client.force_login(user_with_role(Role.SCHOOL_ADMIN, school=town.school_a))
    start = dt.date.fromisoformat(later(58))

    response = client.post(reverse("matters:exam_weeks"), _week(start, days=-2))

    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert _weeks() == []


def test_the_school_admin_deletes_its_own_week_with_the_old_values_audited(town, client):
    admin = user_with_role(Role.SCHOOL_ADMIN, school=town.school_a)
    week = ExamWeek.objects.create(
        school=town.school_a, title="期中考试周", starts_on=dt.date(YEAR, 4, 20), ends_on=dt.date(YEAR, 4, 24)
    )
    client.force_login(admin)
    assert (
        'data-confirm="确定删除“期中考试周”吗？"'
        in client.get(reverse("matters:exam_weeks")).content.decode()
    )

    client.post(reverse("matters:exam_week_delete", args=[week.pk]))

    assert _weeks() == []
    event = AuditEvent.objects.get(action="examweek.delete")
    assert event.changes == {
        "title": ["期中考试周", None],
        "starts_on": [f"{YEAR}-04-20", None],
        "ends_on": [f"{YEAR}-04-24", None],
    }


def test_another_schools_admin_cannot_delete_the_week_404_and_nothing_changes(town, client):
    week = ExamWeek.objects.create(
        school=town.school_a, title="期中考试周", starts_on=dt.date(YEAR, 4, 20), ends_on=dt.date(YEAR, 4, 24)
    )
    for user in (
        user_with_role(Role.SCHOOL_ADMIN, school=town.school_a2),
        town.county_edu,
        user_with_role(Role.TEACHER, school=town.school_a),
    ):
        client.force_login(user)
        audit_rows = AuditEvent.objects.count()

        response = client.post(reverse("matters:exam_week_delete", args=[week.pk]))

        assert response.status_code == 404
        assert _weeks() == [("固阳县第一小学", "期中考试周", dt.date(YEAR, 4, 20), dt.date(YEAR, 4, 24))]
        assert AuditEvent.objects.count() == audit_rows


@pytest.mark.parametrize("who", ["teacher", "county_edu", "police"])
def test_only_school_admins_record_exam_weeks(town, client, who):
    user = user_with_role(Role.TEACHER, school=town.school_a) if who == "teacher" else getattr(town, who)
    client.force_login(user)
    audit_rows = AuditEvent.objects.count()

    response = client.post(reverse("matters:exam_weeks"), _week(dt.date(YEAR, 6, 20)))

    assert response.status_code == 403
    assert _weeks() == []
    assert AuditEvent.objects.count() == audit_rows


def test_exam_weeks_are_listed_within_the_scope(town, client):
    ExamWeek.objects.create(
        school=town.school_a, title="甲校考试周", starts_on=dt.date(YEAR, 6, 20), ends_on=dt.date(YEAR, 6, 24)
    )
    ExamWeek.objects.create(
        school=town.school_b, title="乙校考试周", starts_on=dt.date(YEAR, 6, 21), ends_on=dt.date(YEAR, 6, 25)
    )

    def titles(user):
        client.force_login(user)
        page = client.get(reverse("matters:exam_weeks")).content.decode()
        return [title for title in ("甲校考试周", "乙校考试周") if title in page]

    assert titles(town.county_edu) == ["甲校考试周"]
    assert titles(town.city_edu) == ["甲校考试周", "乙校考试周"]
    assert titles(user_with_role(Role.SCHOOL_ADMIN, school=town.school_b)) == ["乙校考试周"]
