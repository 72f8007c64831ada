"""`jianfu escalate-cases [--today YYYY-MM-DD]`: escalate overdue report cases to the level above (a daily job;
running it twice changes nothing the second time)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jianfu.oversight.escalation import cases_escalate_overdue


class Command(BaseCommand):
    help = "将超过受理、办结或答复期限的举报案件升级至上一级督办；每个期限只升级一次，可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按此日期计算（YYYY-MM-DD），默认今天")

    def handle(self, *args, today=None, **options):
        try:
            day = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError("--today 应为 YYYY-MM-DD") from exc
        escalated = cases_escalate_overdue(today=day)
        for case in escalated:
            above = case.escalation_region.name if case.escalation_region else "市教育督导部门"
            self.stdout.write(
                f"{case.report.number}\t{case.route_region.name}\t{case.get_escalated_for_display()}逾期\t→ {above}"
            )
        self.stdout.write(f"{day.isoformat()}：升级督办 {len(escalated)} 件")
