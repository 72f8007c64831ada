"""`jianfu restore FILE [--force]`: check a `jianfu backup` archive completely, then put back the database and the
private uploads and compare the row counts (jianfu.common.backup). In the audit app: jianfu.common is no app."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jianfu.common.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "从 jianfu backup 的归档恢复数据库和私有上传文件；先校验清单和每个成员的 SHA-256，目标库已有数据时须加 --force。"

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="jianfu backup 写出的归档文件")
        parser.add_argument(
            "--force", action="store_true", help="目标数据库已有数据时仍然恢复（覆盖现有数据）"
        )

    def handle(self, *args, archive: Path, force: bool, **options):
        try:
            result = backup_restore(archive=archive, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"备份时间：{result.manifest['created_at']}")
        self.stdout.write("各表行数（备份清单 / 恢复后）：")
        for table, (expected, actual) in result.counts.items():
            if expected or actual:
                mark = "一致" if expected == actual else "不一致"
                self.stdout.write(f"  {table}: {expected:,} / {actual:,} {mark}")
        self.stdout.write(f"上传文件：{result.upload_files:,} 个已恢复")
        if result.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"备份早于当前程序：尚有 {len(result.pending_migrations)} 个迁移未执行，请运行 jianfu migrate。"
                )
            )
        if result.mismatched:
            tables = "、".join(result.mismatched)
            raise CommandError(f"恢复后行数与备份清单不一致：{tables}；请检查数据库后重新恢复。")
        self.stdout.write(self.style.SUCCESS(f"恢复完成：{len(result.counts)} 张表的行数与备份清单一致。"))
