"""`jianfu secondment-reminders [--today YYYY-MM-DD]`: raise the secondment reminders due (a daily job)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jianfu.burden.services.secondments import secondment_reminders_due


class Command(BaseCommand):
    help = "生成借用教师到期提醒（到期前30天、7天）和逾期未返岗提醒；每条只生成一次。"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按此日期计算（YYYY-MM-DD），默认今天")

    def handle(self, *args, today=None, **options):
        try:
            day = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError("--today 应为 YYYY-MM-DD") from exc
        reminders = secondment_reminders_due(today=day)
        for reminder in reminders:
            self.stdout.write(
                f"{reminder.get_threshold_display()}\t{reminder.school.region.name}\t{reminder.school.name}\t"
                f"{reminder.teacher.name}\t借用至 {reminder.ends_on.isoformat()}\t事项 {reminder.matter_id}"
            )
        self.stdout.write(f"{day.isoformat()}：新生成提醒 {len(reminders)} 条")
