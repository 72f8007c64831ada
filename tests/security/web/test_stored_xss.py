"""Stored XSS: markup typed into a Matter, a report or an archive file name comes back escaped on every page that
shows it — the list and the detail pages of each role that reads it, and the public whitelist and verify pages;
and markup typed into a search box or a code is echoed escaped (reflected XSS)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jianfu.archive.models import ArchiveFile
from jianfu.archive.services.entries import archive_entry_review
from tests.factories import oversight_report, pdf_bytes
from tests.matters.conftest import campus_activity, decide, submit
from tests.security.web.conftest import ATTRIBUTE_BREAK, ESCAPED, PAYLOADS, SCRIPT


def assert_escaped(page: str, payload: str, escaped: str) -> None:
    assert payload not in page
    assert escaped in page


def page_of(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("payload", PAYLOADS, ids=["script", "attribute-break"])
def test_given_a_matter_with_markup_in_title_and_description_when_each_page_shows_it_then_it_is_escaped(
    client, county, payload
):
    matter = submit(
        county.police,
        campus_activity(county.school, title=f"检查{payload}", description=f"宣讲交通安全。{payload}"),
    )
    escaped = ESCAPED[payload]

    for user, url in [
        (county.police, reverse("matters:list")),
        (county.police, reverse("matters:detail", args=[matter.pk])),
        (county.county, reverse("matters:inbox")),
        (county.county, reverse("matters:detail", args=[matter.pk])),
    ]:
        page = page_of(client, user, url)
        assert payload not in page, url
        assert f"检查{escaped}" in page, url

    approved = decide(county.county, matter)
    assert approved.state == "approved"
    client.logout()
    for url in [reverse("whitelist:list"), reverse("whitelist:verify", args=[approved.verification_code])]:
        page = client.get(url).content.decode()
        assert payload not in page, url
        assert f"检查{escaped}" in page, url


@pytest.mark.parametrize("payload", PAYLOADS, ids=["script", "attribute-break"])
def test_given_a_report_with_markup_when_the_bureau_reads_the_case_list_and_case_then_it_is_escaped(
    client, county, payload
):
    received = oversight_report(
        title=f"举报{payload}", description=f"情况说明{payload}", school="固阳县金山小学"
    )
    case = received.report.case
    escaped = ESCAPED[payload]

    list_page = page_of(client, county.county, reverse("oversight:cases"))
    case_page = page_of(client, county.county, reverse("oversight:case", args=[case.pk]))
    supervisor_page = page_of(client, county.supervisor, reverse("oversight:case", args=[case.pk]))

    assert_escaped(list_page, payload, f"举报{escaped}")
    assert_escaped(case_page, payload, f"举报{escaped}")
    assert_escaped(case_page, payload, f"情况说明{escaped}")
    assert_escaped(supervisor_page, payload, f"情况说明{escaped}")


def test_given_a_named_report_with_markup_when_the_reporter_reads_my_reports_then_it_is_escaped(
    client, county
):
    oversight_report(actor=county.teacher, anonymous=False, title=f"举报{SCRIPT}", school="固阳县金山小学")

    page = page_of(client, county.teacher, reverse("oversight:mine"))

    assert_escaped(page, SCRIPT, f"举报{ESCAPED[SCRIPT]}")


# The teacher's file name: a "/" would be taken for a directory and cut, so the payloads carry none.
FILE_PAYLOADS = {
    ATTRIBUTE_BREAK + ".pdf": ESCAPED[ATTRIBUTE_BREAK] + ".pdf",
    "<svg onload=alert(1)>.pdf": "&lt;svg onload=alert(1)&gt;.pdf",
}


@pytest.mark.parametrize("name", list(FILE_PAYLOADS), ids=["attribute-break", "svg-onload"])
def test_given_an_archive_file_name_with_markup_when_the_school_and_bureau_read_it_then_it_is_escaped(
    client, county, name
):
    client.force_login(county.teacher)
    client.post(
        reverse("archive:mine"),
        {
            "section": "certificate",
            "title": "教师资格证",
            "issuer": "包头市教育局",
            "date": dt.date(2024, 9, 10).isoformat(),
            "action": "submit",
            "file": SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf"),
        },
    )
    stored = ArchiveFile.objects.get()
    assert stored.display_name == name
    teacher_id = county.teacher.teacher_id

    pages = [(county.teacher, reverse("archive:mine")), (county.admin, reverse("archive:verify"))]
    shown = [page_of(client, user, url) for user, url in pages]
    archive_entry_review(actor=county.admin, entry_id=stored.entry_id, decision="verify")
    for user in (county.admin, county.county):
        shown.append(page_of(client, user, reverse("archive:teacher", args=[teacher_id])))

    for page in shown:
        assert name.removesuffix(".pdf") not in page
        assert FILE_PAYLOADS[name] in page


@pytest.mark.parametrize("payload", PAYLOADS, ids=["script", "attribute-break"])
def test_given_markup_in_a_search_box_or_code_when_the_page_echoes_it_then_it_is_escaped(
    client, county, payload
):
    """Reflected, not stored: what the visitor typed comes back in the search box or the page text."""
    public = [
        ("/whitelist/", {"q": payload}),
        ("/report/", {"code": payload}),
        ("/report/", {"title": payload}),
    ]
    logged_in = [
        (reverse("matters:list"), {"q": payload}),
        (reverse("registry:teachers"), {"q": payload}),
        (reverse("oversight:cases"), {"q": payload}),
        (reverse("archive:teachers"), {"q": payload}),
    ]
    pages = [client.get(url, params).content.decode() for url, params in public]
    pages.append(client.get(f"/verify/{payload}").content.decode())
    client.force_login(county.county)
    pages += [client.get(url, params).content.decode() for url, params in logged_in]

    assert [payload in page for page in pages] == [False] * len(pages)
    assert [ESCAPED[payload] in page for page in pages[:1] + pages[-4:]] == [True] * 5
