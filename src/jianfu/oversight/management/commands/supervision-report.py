"""`jianfu supervision-report --region CODE --year YYYY --format pdf|xlsx --output FILE`: the supervision report of
a county or the city, the same as the page's button makes (optionally `--from YYYY-MM --to YYYY-MM` for a span of
months instead of the year). It reads as the city's supervision office (read-only, the whole city), and the
export is written to the audit log like the page's."""

import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from jianfu.accounts.models import Role, User
from jianfu.audit import events
from jianfu.oversight import supervision_reports
from jianfu.oversight.indicators import Period
from jianfu.registry.models import Region, School

ACTOR = "命令行 jianfu supervision-report"


def _month(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(f"{raw}-01")
    except ValueError:
        raise CommandError(f"月份应为YYYY-MM：{raw}") from None


def _reader(region: Region) -> User:
    """An unsaved, read-only supervisor of the region's city: the data scope applies as for a person."""
    city = region if region.level == Region.Level.CITY else region.parent
    return User(username="supervision-report", role=Role.SUPERVISOR, region=city, is_active=True)


class Command(BaseCommand):
    help = "生成旗县区或全市的减负督导报告（PDF或Excel），与督导指标页面的“下载督导报告”相同。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--region", required=True, help="行政区划代码，如 150222（旗县区）或 150200（全市）"
        )
        parser.add_argument("--year", type=int, help="年度，如 2026（默认今年）")
        parser.add_argument("--from", dest="first", help="起始月份 YYYY-MM（与 --to 一起代替年度）")
        parser.add_argument("--to", dest="last", help="结束月份 YYYY-MM")
        parser.add_argument("--format", required=True, choices=sorted(supervision_reports.FORMATS))
        parser.add_argument("--output", required=True, help="输出文件路径")

    def handle(self, *args, **options):
        region = Region.objects.filter(code=options["region"]).select_related("parent").first()
        if region is None:
            raise CommandError(f"没有行政区划 {options['region']}")
        try:
            if options["first"] or options["last"]:
                first, last = options["first"] or options["last"], options["last"] or options["first"]
                period = Period.months(first=_month(first), last=_month(last))
            else:
                period = Period.year(options["year"] or timezone.localdate().year)
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from None
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"目录不存在：{output.parent}")

        report = supervision_reports.supervision_report(
            user=_reader(region), period=period, region_code=region.code
        )
        made = supervision_reports.report_file(report, file_format=options["format"])
        output.write_bytes(made.content)
        filters = {
            "report": "supervision",
            "region": region.code,
            "from": f"{period.start:%Y-%m}",
            "to": f"{period.end:%Y-%m}",
            "format": options["format"],
            "output": output.name,
        }
        with transaction.atomic():
            events.data_exported(actor=ACTOR, model=School, count=len(report.board.schools), filters=filters)
        self.stdout.write(f"已生成{report.title}：{output}（{len(made.content):,} 字节）")
