"""`jianfu screen`: one Matter as JSON on standard input (or `--batch FILE` of JSON Lines) -> results as JSON.

Malformed input gives a JSON error object naming the field and exit status 2 (in batch mode after all lines).
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from jianfu.policy.catalog import default_catalog, load_catalog
from jianfu.policy.context import ScreeningContext
from jianfu.policy.engine import screen
from jianfu.policy.matter_input import MatterInputError, parse_matter
from jianfu.policy.services import case_index_from_db


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=False)


class Command(BaseCommand):
    stealth_options = ("stdin",)
    help = "按减负措施规则目录筛查事项：从标准输入读取一个事项JSON，或用 --batch 读取JSON Lines文件，输出筛查结果JSON。"

    def add_arguments(self, parser):
        parser.add_argument("--batch", metavar="FILE", help="JSON Lines 文件，每行一个事项；输出每行一个结果")
        parser.add_argument("--catalog", metavar="TOML", help="使用另一个规则目录文件（默认包头市）")

    def _screen_line(self, raw: str, context: ScreeningContext, catalog) -> tuple[dict, bool]:
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            return {
                "error": "invalid_json",
                "errors": [{"field": "", "message": f"不是合法的JSON：{exc.msg}"}],
            }, False
        try:
            matter = parse_matter(data)
        except MatterInputError as exc:
            return {"error": "invalid_matter", "errors": exc.errors}, False
        return screen(matter, context, catalog=catalog).as_dict(), True

    def handle(self, *args, batch: str | None, catalog: str | None, **options):
        catalog = load_catalog(catalog) if catalog else default_catalog()
        # Hook: the matters app will pass its SimilarityIndex of existing Matters here (matter_index=...).
        try:
            case_index = case_index_from_db(catalog)
        except DatabaseError as exc:  # e.g. not migrated yet: screen against the catalog alone, say so
            self.stderr.write(f"案例库不可用，本次筛查不比对已确认案例：{exc}")
            case_index = None
        context = ScreeningContext(case_index=case_index)
        failed = False
        if batch:
            with open(batch, encoding="utf-8") as handle:
                for number, line in enumerate(handle, start=1):
                    if not line.strip():
                        continue
                    result, ok = self._screen_line(line, context, catalog)
                    if not ok:
                        result["line"] = number
                        failed = True
                    self.stdout.write(_dump(result))
        else:
            result, ok = self._screen_line(self.stdin.read(), context, catalog)
            failed = not ok
            self.stdout.write(_dump(result))
        if failed:
            raise CommandError("输入有误，见输出中的 error 对象", returncode=2)

    @property
    def stdin(self):
        return getattr(self, "_stdin", None) or sys.stdin

    def execute(self, *args, **options):
        # call_command(..., stdin=io.StringIO(...)) in tests; sys.stdin otherwise.
        self._stdin = options.pop("stdin", None)
        return super().execute(*args, **options)
