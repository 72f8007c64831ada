"""Supervision reports: one click on the page, or `jianfu supervision-report`, gives a county's or the city's
report as Excel (several sheets, read back with openpyxl) and as PDF (rendered to PNG with pdftoppm and checked
for its Chinese title, its chart and its embedded fonts). A region outside the user's area is 404 and leaves no
trace."""

import subprocess
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.oversight.supervision_reports import charts
from jianfu.oversight.supervision_reports.measures import MEASURES, basis
from jianfu.policy.catalog import default_catalog
from tests.factories import user_with_role

URL = reverse("oversight:supervision_report")
COUNTY_TITLE = "固阳县2025年度减轻中小学教师负担督导报告"
ACCOUNTABILITY = (
    "各级教育督导部门要把减轻中小学教师负担工作作为教育督导和开学检查的重要内容，坚持定期督导与长期监管相结合，"
    "将结果作为各级党政领导班子和有关领导干部综合考核评价、奖惩任免的重要参考。"
)


def _rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def _line(sheet, label: str) -> tuple:
    return next(row for row in _rows(sheet) if label in row)


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=60).stdout


# --- the report's words ------------------------------------------------------------------------------------------


def test_the_report_quotes_measure_20_and_the_measures_word_for_word():
    text = default_catalog().policy_text.replace("\n", "")
    assert basis().accountability == ACCOUNTABILITY
    assert basis().title == "《包头市关于减轻中小学教师负担的二十条措施》"
    assert basis().issued == "2020年11月27日"
    assert all(fragment in text for fragments in MEASURES.values() for fragment in fragments)


# --- one click on the page ---------------------------------------------------------------------------------------


def test_a_county_gets_its_report_as_excel_with_several_sheets(world, client):
    # Given the county bureau of 固阳县
    client.force_login(world.county)

    # When it clicks for the 2025 report in Excel
    response = client.get(URL, {"region": "150222", "year": 2025, "format": "xlsx"})

    # Then the workbook opens with the overview, the schools and the notes, figures exact, 2024 beside 2025
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["概况", "各学校", "说明"]
    overview = book["概况"]
    assert overview["A1"].value == COUNTY_TITLE
    assert overview["A4"].value == f"措施第20条：“{ACCOUNTABILITY}”"
    assert _line(overview, "人均非教学工作（小时）") == (
        "人均非教学工作（小时）",
        "第20条",
        8.17,
        1.33,
        "+6.84",
    )
    assert _line(overview, "教师体检覆盖率（%）") == ("教师体检覆盖率（%）", "第20条", 33.3, 33.3, "持平")
    assert _line(overview, "收到举报（件）") == ("收到举报（件）", "第20条", 3, 0, "+3")
    schools = _rows(book["各学校"])
    assert schools[0][:4] == ("旗县区", "名称", "督查检查（次）2025年", "督查检查（次）2024年")
    assert [row[:4] for row in schools[1:]] == [
        ("固阳县", "固阳督导一小", 2, 0),
        ("固阳县", "固阳督导二小", 1, 0),
        (None, "固阳县合计", 2, 0),
    ]
    # And the download is in the audit log
    event = AuditEvent.objects.get(category="export")
    assert event.extra["filters"] == {
        "report": "supervision",
        "region": "150222",
        "from": "2025-01",
        "to": "2025-12",
        "format": "xlsx",
    }


def test_the_citys_report_adds_a_sheet_of_counties(world, client):
    client.force_login(world.supervisor)

    response = client.get(URL, {"region": "150200", "year": 2025, "format": "xlsx"})

    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["概况", "各旗县区", "各学校", "说明"]
    counties = _rows(book["各旗县区"])
    assert counties[0][:3] == ("名称", "督查检查（次）2025年", "督查检查（次）2024年")
    assert _line(book["各旗县区"], "昆都仑区")[:3] == ("昆都仑区", 0, 1)
    assert _line(book["各旗县区"], "包头市合计")[:3] == ("包头市合计", 2, 1)
    assert len(_rows(book["各学校"])) == 4  # the header and three schools


def test_a_span_of_months_is_named_in_the_report(world, client):
    client.force_login(world.county)

    response = client.get(URL, {"region": "150222", "from": "2025-01", "to": "2025-06", "format": "xlsx"})

    overview = load_workbook(BytesIO(response.content))["概况"]
    assert overview["A1"].value == "固阳县2025年1月至6月减轻中小学教师负担督导报告"
    assert overview["A2"].value == (
        "统计期间：2025年1月至6月（2025.01.01至2025.06.30）；同比：2024年1月至6月（2024.01.01至2024.06.30）"
    )


@pytest.mark.parametrize(
    "params",
    [{"format": "docx"}, {"from": "2025-06", "to": "2025-01"}, {"from": "2024-01", "to": "2025-06"}],
)
def test_a_bad_period_or_format_is_400_and_nothing_is_logged(world, client, params):
    client.force_login(world.county)

    assert client.get(URL, {"region": "150222", **params}).status_code == 400
    assert not AuditEvent.objects.filter(category="export").exists()


def test_a_county_cannot_get_another_countys_or_the_citys_report(world, client):
    # Given the county bureau of 昆都仑区
    client.force_login(world.other_county)

    # When it asks for 固阳县's report, or the city's
    answers = [
        client.get(URL, {"region": code, "year": 2025, "format": fmt}).status_code
        for code in ("150222", "150200")
        for fmt in ("pdf", "xlsx")
    ]

    # Then each is missing, and nothing was written
    assert answers == [404] * 4
    assert not AuditEvent.objects.filter(category="export").exists()


def test_a_school_and_a_teacher_are_refused_the_report(world, client):
    for user in (world.g1_admin, user_with_role(Role.TEACHER, school=world.g1)):
        client.force_login(user)
        assert client.get(URL, {"year": 2025, "format": "pdf"}).status_code == 403
    assert not AuditEvent.objects.filter(category="export").exists()


# --- the command ---------------------------------------------------------------------------------------------


def test_the_command_writes_both_formats_and_logs_them(world, tmp_path):
    # Given the world of 2025
    out = StringIO()

    # When the command writes 固阳县's report as xlsx and as pdf
    for fmt in ("xlsx", "pdf"):
        call_command(
            "supervision-report",
            "--region", "150222", "--year", "2025", "--format", fmt, "--output", str(tmp_path / f"r.{fmt}"),
            stdout=out,
        )  # fmt: skip

    # Then both files are there: the workbook reads back, the PDF starts as one
    book = load_workbook(tmp_path / "r.xlsx")
    assert book.sheetnames == ["概况", "各学校", "说明"]
    assert book["概况"]["A1"].value == COUNTY_TITLE
    assert _line(book["各学校"], "固阳督导一小")[:6] == ("固阳县", "固阳督导一小", 2, 0, 1, 0)
    assert (tmp_path / "r.pdf").read_bytes()[:5] == b"%PDF-"
    assert f"已生成{COUNTY_TITLE}：{tmp_path / 'r.pdf'}" in out.getvalue()
    # And each is in the audit log, by the command
    events = AuditEvent.objects.filter(category="export").order_by("pk")
    assert [(e.actor_id, e.actor_label, e.extra["filters"]["format"]) for e in events] == [
        (None, "命令行 jianfu supervision-report", "xlsx"),
        (None, "命令行 jianfu supervision-report", "pdf"),
    ]


def test_the_command_refuses_an_unknown_region_or_a_missing_directory(world, tmp_path):
    with pytest.raises(CommandError, match="没有行政区划 159999"):
        call_command(
            "supervision-report", "--region", "159999", "--format", "pdf", "--output", str(tmp_path / "x")
        )
    with pytest.raises(CommandError, match="目录不存在"):
        call_command(
            "supervision-report",
            "--region",
            "150222",
            "--format",
            "pdf",
            "--output",
            str(tmp_path / "no" / "x"),
        )
    assert not AuditEvent.objects.filter(category="export").exists()


# --- the PDF, as a reader sees it ------------------------------------------------------------------------------


def _hex(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def test_the_pdf_shows_its_chinese_title_and_a_chart_on_page_one_with_fonts_embedded(world, client, tmp_path):
    # Given the county bureau of 固阳县
    client.force_login(world.county)

    # When it clicks for the 2025 report as PDF
    response = client.get(URL, {"region": "150222", "year": 2025, "format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)

    # Then page 1, rendered to PNG, carries the chart's colour (this period's bars) ...
    _run(
        "pdftoppm", "-f", "1", "-l", "1", "-r", "72", "-png", "-singlefile", str(pdf), str(tmp_path / "page1")
    )
    image = Image.open(tmp_path / "page1.png").convert("RGB")
    wanted = _hex(charts.CURRENT_COLOUR)
    close = sum(
        count
        for count, colour in image.getcolors(maxcolors=1 << 24)
        if all(abs(channel - target) <= 3 for channel, target in zip(colour, wanted, strict=True))
    )
    assert close > 1000, close  # the bars, not just the legend's square
    # ... its text is the Chinese title and measure 20's sentence
    text = _run("pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-")
    assert COUNTY_TITLE in text.replace(" ", "")
    assert "将结果作为各级党政领导班子和有关领导干部综合考核评价" in text.replace(" ", "").replace("\n", "")
    # ... and every font it uses is embedded, the Chinese one among them
    fonts = _run("pdffonts", str(pdf)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    assert any("WenQuanYi" in line for line in fonts)
