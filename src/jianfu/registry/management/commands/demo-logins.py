"""`jianfu demo-logins`: the table of demo logins that `make run` prints (demo mode only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from jianfu.accounts.demo_accounts import DEMO_ACCOUNTS
from jianfu.accounts.models import Role, User


def _width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


class Command(BaseCommand):
    help = "列出演示账号（用户名、角色、所属机构、密码）；仅限演示模式。"

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("生产模式下没有演示账号。")
        try:
            users = {
                user.username: user
                for user in User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])
            }
        except DatabaseError:
            users = {}  # not migrated yet: show the fixed labels
        rows = [("用户名", "角色", "所属机构", "密码")]
        for account in DEMO_ACCOUNTS:
            user = users.get(account.username)
            # The administrators (ADR 0009) belong to no organisation: their fixed label says what they do.
            organisation = (user.organisation_label if user is not None else "") or account.label
            if user is not None and user.display_name:
                organisation = f"{organisation}（{user.display_name}）"
            rows.append((account.username, Role(account.role).label, organisation, settings.DEMO_PASSWORD))
        widths = [max(_width(row[column]) for row in rows) for column in range(4)]
        for row in rows:
            self.stdout.write(
                "  ".join(_pad(cell, width) for cell, width in zip(row, widths, strict=True)).rstrip()
            )
        self.stdout.write("其余旗县区教育局：county-edu-<行政区划代码>（如 county-edu-150203），密码相同。")
        if not users:
            self.stdout.write("尚未加载演示数据：先运行 jianfu demo-data。")
