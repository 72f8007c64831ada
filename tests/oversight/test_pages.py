"""The oversight pages: the report form (plain, from a failed verification, from the whitelist), its receipt,
the case list and case page with their steps, evidence downloads, my reports, and the menu entries."""

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from jianfu.audit.models import AuditEvent
from jianfu.matters.models import Kind, Matter, State
from jianfu.oversight.models import Case, CaseState, Report
from tests.factories import altcha_solution, oversight_report, png_bytes
from tests.oversight.conftest import FOUNDED, UNFOUNDED, handle_to


def _approved_matter(baotou) -> Matter:
    matter = Matter.objects.create(
        kind=Kind.CAMPUS_ACTIVITY,
        title="交通安全知识宣讲进校园",
        organizer=baotou.culture.department,
        submitted_by=baotou.culture,
        chain="bureau",
        state=State.APPROVED,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=10),
        verification_code="ABCD2345",
        approved_by_label="固阳县教育局",
    )
    matter.schools.add(baotou.school)
    return matter


# --- the report form -------------------------------------------------------------------------------------------


def test_the_report_form_is_public_and_protected_without_inline_script(client, baotou):
    response = client.get(reverse("reporting:new"))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-pow-url="/report/challenge"' in page
    assert 'data-autosave="oversight-report"' in page
    assert '<script src="/static/jianfu/oversight.js" defer></script>' in page
    assert "<script>" not in page and "onclick" not in page
    assert 'class="hp-field" aria-hidden="true"' in page
    assert "未登录提交的举报一律为匿名举报" in page
    assert "no-cache" in response["Cache-Control"]


def test_a_logged_in_user_chooses_anonymity_checked_by_default(client, baotou):
    client.force_login(baotou.teacher)

    page = client.get(reverse("reporting:new")).content.decode()

    assert re.search(r'<input type="checkbox" name="anonymous"[^>]* checked', page)


def test_the_verify_page_of_an_unknown_code_links_to_a_prefilled_report(client, baotou):
    page = client.get(reverse("whitelist:verify", args=["ZZZZ9999"])).content.decode()

    assert 'href="/report/?code=ZZZZ9999" data-testid="report-link"' in page
    form = client.get("/report/?code=ZZZZ9999").content.decode()
    assert "查无此核验码：该要求未经批准公示。" in form
    assert 'name="verification_code" value="ZZZZ9999"' in form


def test_the_whitelist_links_each_matter_to_a_report_about_it(client, baotou):
    matter = _approved_matter(baotou)

    page = client.get(reverse("whitelist:list")).content.decode()

    assert f'href="/report/?matter={matter.pk}" data-testid="report-matter"' in page
    form = client.get(f"/report/?matter={matter.pk}").content.decode()
    assert 'value="关于“交通安全知识宣讲进校园”"' in form
    assert 'name="organizer_name" value="固阳县文化旅游局"' in form
    assert f'name="matter" value="{matter.pk}"' in form


def test_a_report_sent_from_the_whitelist_is_about_that_matter(client, baotou):
    matter = _approved_matter(baotou)

    client.post(
        reverse("reporting:new"),
        {
            "title": "宣讲要求教师写观后感",
            "organizer_name": "固阳县文化旅游局",
            "organizer_level": "county",
            "matter": str(matter.pk),
            "altcha": altcha_solution(),
        },
    )

    report = Report.objects.get()
    assert (report.matter, report.channel, report.on_whitelist) == (matter, "whitelist", True)


def test_the_receipt_shows_the_code_once_with_a_copy_button_and_is_never_cached(client, baotou):
    response = client.post(
        reverse("reporting:new"),
        {
            "title": "要求教师下载某应用并注册",
            "organizer_name": "固阳县文化旅游局",
            "organizer_level": "county",
            "school": "固阳县金山小学",
            "altcha": altcha_solution(),
        },
    )

    page = response.content.decode()
    code = re.search(r'data-testid="tracking-code">([0-9A-Z-]{24})<', page).group(1)
    assert 'data-copy="#tracking-code"' in page
    assert 'data-testid="route">固阳县教育局<' in page
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert code not in client.get(reverse("reporting:track")).content.decode()


def test_a_form_error_keeps_what_was_typed_and_stores_nothing(client, baotou):
    response = client.post(
        reverse("reporting:new"),
        {"title": "", "description": "已经写好的情况说明", "altcha": altcha_solution()},
    )

    page = response.content.decode()
    assert "已经写好的情况说明" in page
    assert 'data-testid="error-title"' in page
    assert Report.objects.count() == 0


# --- cases -----------------------------------------------------------------------------------------------------


def test_the_case_list_shows_the_countys_cases_with_their_deadlines(client, baotou):
    case = oversight_report(school="固阳县金山小学").report.case
    oversight_report(school="2115000002", organizer_name="某公司", organizer_level="unknown")
    client.force_login(baotou.county)

    page = client.get(reverse("oversight:cases")).content.decode()

    assert page.count('data-testid="case-row-') == 1
    assert f'data-testid="case-row-{case.pk}"' in page
    assert case.accept_due_on.isoformat() in page


def test_the_case_pages_are_for_the_bureaus_and_supervisors(client, baotou):
    case = oversight_report(school="固阳县金山小学").report.case
    client.force_login(baotou.teacher)

    assert client.get(reverse("oversight:cases")).status_code == 403
    assert client.get(reverse("oversight:case", args=[case.pk])).status_code == 403


def test_another_countys_bureau_gets_404_for_the_case_and_its_evidence(client, baotou):
    report = oversight_report(school="固阳县金山小学", files=[("a.png", png_bytes())]).report
    client.force_login(baotou.other_county)

    assert client.get(reverse("oversight:case", args=[report.case.pk])).status_code == 404
    response = client.post(reverse("oversight:case_step", args=[report.case.pk, "accept"]), {"note": ""})
    assert response.status_code == 404
    assert client.get(reverse("oversight:evidence", args=[report.evidence.get().pk])).status_code == 404
    assert Case.objects.get().state == CaseState.RECEIVED
    assert AuditEvent.objects.filter(actor=baotou.other_county).exclude(action="auth.login").count() == 0


def test_a_supervisor_reads_the_case_without_a_step_form(client, baotou):
    case = oversight_report(school="固阳县金山小学").report.case
    client.force_login(baotou.supervisor)

    page = client.get(reverse("oversight:case", args=[case.pk])).content.decode()

    assert 'data-testid="case-title"' in page
    assert 'data-testid="step-form"' not in page


def test_the_county_accepts_on_the_case_page(client, baotou):
    case = oversight_report(school="固阳县金山小学").report.case
    client.force_login(baotou.county)
    page = client.get(reverse("oversight:case", args=[case.pk])).content.decode()
    assert f'action="/oversight/cases/{case.pk}/accept/"' in page

    response = client.post(reverse("oversight:case_step", args=[case.pk, "accept"]), {"note": "已受理"})

    assert response["Location"] == reverse("oversight:case", args=[case.pk])
    assert Case.objects.get().state == CaseState.ACCEPTED


def test_a_step_out_of_order_on_the_page_is_refused_and_nothing_changes(client, baotou):
    case = oversight_report(school="固阳县金山小学").report.case
    client.force_login(baotou.county)
    before = Case.objects.values().get()

    response = client.post(reverse("oversight:case_step", args=[case.pk, "close"]), {"note": ""}, follow=True)

    assert "本案当前为“待受理”，不能结案。" in response.content.decode()
    assert Case.objects.values().get() == before


def test_a_founded_conclusion_missing_its_accountability_is_shown_with_the_errors(client, baotou):
    case = handle_to(
        baotou.county, oversight_report(school="固阳县金山小学").report.case, "accept", "investigate"
    )
    client.force_login(baotou.county)
    before = Case.objects.values().get()

    response = client.post(
        reverse("oversight:case_step", args=[case.pk, "conclude"]),
        {"conclusion": "founded", "note": "属实。", "library_title": "某标题"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="error-department_name">请填写责任部门或单位<' in page
    assert Case.objects.values().get() == before


def test_a_reply_template_fills_the_reply_form(client, baotou):
    case = oversight_report(school="固阳县金山小学").report.case
    handle_to(baotou.county, case, "accept", "investigate", "conclude", **UNFOUNDED)
    client.force_login(baotou.county)

    page = client.get(
        reverse("oversight:case", args=[case.pk]) + "?template=unfounded-not-verified"
    ).content.decode()

    received = timezone.localtime(case.report.received_at)
    assert (
        f"您于{received:%Y年%m月%d日}反映的“要求全体教师为“最美家乡”评选网络投票并截图上报”经调查核实，"
        "未发现固阳县文化旅游局向学校或教师提出所反映的要求。" in page.replace("&ldquo;", "“")
    )
    assert 'data-testid="template-founded-stopped"' not in page


def test_downloading_evidence_is_audited(client, baotou):
    report = oversight_report(school="固阳县金山小学", files=[("a.png", png_bytes())]).report
    client.force_login(baotou.county)

    response = client.get(reverse("oversight:evidence", args=[report.evidence.get().pk]))

    assert b"".join(response.streaming_content) == png_bytes()
    assert (
        response["Content-Disposition"]
        == "attachment; filename*=utf-8''%E8%AF%81%E6%8D%AE%E6%9D%90%E6%96%991.png"
    )
    event = AuditEvent.objects.get(action="evidence.download")
    assert (event.actor, event.category, event.extra) == (baotou.county, "read", {"case": report.case.pk})


def test_the_case_page_shows_a_named_reporters_card(client, baotou):
    for _ in range(2):
        previous = oversight_report(actor=baotou.teacher, anonymous=False).report.case
        handle_to(baotou.county, previous, "accept", "investigate", "conclude", **UNFOUNDED)
    case = oversight_report(actor=baotou.teacher, anonymous=False, school="固阳县金山小学").report.case
    client.force_login(baotou.county)

    page = client.get(reverse("oversight:case", args=[case.pk])).content.decode()

    assert 'data-testid="reporter-card">黄牌：一年内不实举报2次<' in page


# --- my reports and the menu -----------------------------------------------------------------------------------


def test_my_reports_lists_named_reports_with_their_replies_and_not_anonymous_ones(client, baotou):
    named = oversight_report(actor=baotou.teacher, anonymous=False, title="实名反映的事").report
    oversight_report(actor=baotou.teacher, anonymous=True, title="匿名反映的事")
    handle_to(baotou.county, named.case, "accept", "investigate", "conclude", "respond", **FOUNDED)
    client.force_login(baotou.teacher)

    page = client.get(reverse("oversight:mine")).content.decode()

    assert "实名反映的事" in page and "匿名反映的事" not in page
    assert "经核查，情况属实，已责令停止。" in page


def test_the_menus_offer_reporting_to_everyone_and_cases_to_the_bureaus(client, baotou):
    public = client.get(reverse("whitelist:list")).content.decode()
    assert 'href="/report/"' in public and 'href="/report/track/"' in public

    client.force_login(baotou.county)
    county = client.get(reverse("oversight:cases")).content.decode()
    assert 'href="/oversight/cases/"' in county and 'href="/oversight/accountability/"' in county

    client.force_login(baotou.teacher)
    teacher = client.get(reverse("oversight:mine")).content.decode()
    assert 'href="/oversight/my-reports/"' in teacher and 'href="/oversight/cases/"' not in teacher
