"""Supervision reports (issue 7, point 5; measure 20): the annual (or any period's) report of a county or the
city, as an Excel workbook and as a PDF with its charts, ready for leaders' evaluations.

- `content`: what the report says (`supervision_report` builds it from the indicators, through the scope);
- `measures`: the measures it names and measure 20's sentence it quotes, from the catalog's policy text;
- `charts`: its bar charts as SVG;
- `workbook` and `document`: the .xlsx and the .pdf.

`report_file` gives the bytes, the file name and the content type of either format: the page and the
`jianfu supervision-report` command both go through it.
"""

from dataclasses import dataclass

from jianfu.oversight.supervision_reports.content import SupervisionReport, supervision_report
from jianfu.oversight.supervision_reports.document import report_html, report_pdf
from jianfu.oversight.supervision_reports.workbook import report_workbook

FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class ReportFile:
    content: bytes
    filename: str
    content_type: str


def report_file(report: SupervisionReport, *, file_format: str) -> ReportFile:
    if file_format not in FORMATS:
        raise ValueError(f"unknown format {file_format!r}")
    content = report_pdf(report) if file_format == "pdf" else report_workbook(report)
    return ReportFile(content, f"{report.filename_stem}.{file_format}", FORMATS[file_format])


__all__ = [
    "FORMATS",
    "ReportFile",
    "SupervisionReport",
    "report_file",
    "report_html",
    "report_pdf",
    "report_workbook",
    "supervision_report",
]
