"""`jianfu backup --output FILE`: the database and the private uploads in one checked archive (jianfu.common.backup).

It lives in the audit app because jianfu.common is a plain package, not an installed app."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jianfu.common.backup import VENDOR_LABELS, BackupError, backup_create


class Command(BaseCommand):
    help = "备份数据库（PostgreSQL 或 SQLite）和私有上传文件，写成一个 .tar.gz 归档，附清单与校验值。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, required=True, help="归档文件路径，如 jianfu-20260101.tar.gz"
        )

    def handle(self, *args, output: Path, **options):
        try:
            result = backup_create(output=output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        database = result.manifest["database"]
        uploads = result.manifest["uploads"]
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成：{result.path}（{result.size:,} 字节）\n"
                f"  数据库：{VENDOR_LABELS[database['vendor']]}，{len(database['row_counts'])} 张表，"
                f"共 {sum(database['row_counts'].values()):,} 行\n"
                f"  上传文件：{uploads['files']:,} 个，{uploads['bytes']:,} 字节\n"
                f"  SHA-256：{result.sha256}\n"
                "  归档含个人信息，请按涉密资料保管。"
            )
        )
