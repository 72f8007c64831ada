"""The supervision report as a PDF: an HTML template laid out by WeasyPrint, the charts inline SVG, the Chinese
font (Debian's fonts-wqy-microhei) embedded as a subset. The template loads nothing from outside: any URL it
might name is refused, so rendering never touches the network or the file system."""

from django.template.loader import render_to_string

from jianfu.oversight.supervision_reports.content import SupervisionReport

TEMPLATE = "oversight/supervision/report.html"


class ExternalResourceRefused(ValueError):
    pass


def _refuse(url: str, *args, **kwargs):
    raise ExternalResourceRefused(f"督导报告不加载外部资源：{url[:80]}")


def report_html(report: SupervisionReport) -> str:
    return render_to_string(TEMPLATE, {"report": report})


def report_pdf(report: SupervisionReport) -> bytes:
    from weasyprint import HTML  # loaded on first use: Pango is needed only when a PDF is made

    return HTML(string=report_html(report), url_fetcher=_refuse).write_pdf()
