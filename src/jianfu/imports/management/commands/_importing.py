"""What `import-teachers` and `import-students` share: arguments, the report of every bad row, exit status 2."""

import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from jianfu.imports.pipeline import Outcome


def describe(error) -> str:
    value = f"“{error.value}”" if error.value else ""
    return f"{error.sheet} 第{error.row}行 {error.column}{value}：{error.reason}"


class ImportCommand(BaseCommand):
    noun = ""  # 教师 / 学生

    def add_arguments(self, parser):
        parser.add_argument("file", help=".xlsx、.xls 或 .csv 文件（按内容识别，不看扩展名）")
        parser.add_argument(
            "--school",
            default="",
            metavar="学校标识码",
            help="文件中的人员都属于这所学校（文件没有“学校标识码”列时必填）",
        )
        parser.add_argument(
            "--skip-bad-rows",
            action="store_true",
            help="跳过有错误的行，导入其余的行（默认：有任何错误就什么也不导入）",
        )

    def run_import(self, **kwargs) -> Outcome:
        raise NotImplementedError

    def handle(self, *args, file: str, school: str, skip_bad_rows: bool, verbosity: int, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}", returncode=2)

        def progress(done: int, total: int) -> None:
            if verbosity >= 2:
                print(f"已检查 {done} 行", file=sys.stderr, flush=True)

        try:
            outcome = self.run_import(
                path=path, school_code=school, skip_bad_rows=skip_bad_rows, progress=progress
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages), returncode=2) from exc
        for note in outcome.notes:
            self.stderr.write(note)
        for error in outcome.errors:
            self.stdout.write(describe(error))
        if outcome.error_count > len(outcome.errors):
            self.stdout.write(f"……另有 {outcome.error_count - len(outcome.errors)} 处错误未列出")
        if outcome.status == "failed":
            raise CommandError(f"无法导入，未导入任何数据：{outcome.message}", returncode=2)
        if outcome.status == "rejected":
            raise CommandError(
                f"共 {outcome.rows} 行，发现 {outcome.error_count} 处错误，未导入任何数据", returncode=2
            )
        skipped = f"，跳过有错误的 {outcome.skipped} 行" if outcome.skipped else ""
        records = "".join(
            f"；{name} {summary['rows']} 行，{summary['teachers']} 名教师的记录有变化"
            for name, summary in outcome.records.items()
        )
        self.stdout.write(
            f"已导入{self.noun}：共 {outcome.rows} 行，新增 {outcome.created} 人，更新 {outcome.updated} 人，"
            f"{outcome.unchanged} 人没有变化{skipped}{records}"
        )
