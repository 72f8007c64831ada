"""`jianfu demo-data --scale small|city|province`: load a synthetic Baotou registry and the demo logins."""

from django.core.management.base import BaseCommand, CommandError

from jianfu.registry.demo.generator import BATCH_SIZE, DEFAULT_SEED, DemoDataRefused, load_demo_data
from jianfu.registry.demo.schools import SCALES

_LABELS = {
    "regions": "行政区划",
    "departments": "部门",
    "schools": "学校",
    "teachers": "教师",
    "students": "学生",
    "users": "演示账号",
    "matters": "涉校事项",
    "archive_entries": "教师档案条目",
    "ledger_entries": "负担台账记录",
}


class Command(BaseCommand):
    help = "加载合成的包头市演示数据（学校、教师、学生、部门、演示账号）；数据库中已有学校时不做任何改动。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="small", help="数据规模，默认 small")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="随机种子；同一种子生成相同数据")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="每批写入的行数")
        parser.add_argument(
            "--no-ledger", action="store_true", help="不生成演示负担台账（基准测试自行装载台账）"
        )

    def handle(
        self, *args, scale: str, seed: int, batch_size: int, no_ledger: bool, verbosity: int, **options
    ):
        def progress(message: str) -> None:
            if verbosity > 0:
                self.stderr.write(f"  {message}")

        try:
            result = load_demo_data(scale, seed=seed, batch_size=batch_size, progress=progress)
        except DemoDataRefused as exc:
            raise CommandError(str(exc)) from exc
        if result.skipped:
            self.stdout.write("已有数据，跳过：数据库中已有学校，演示数据未加载。")
            return
        # The registry layer knows nothing of the pipeline; the command puts the two together.
        from jianfu.matters.demo import demo_matters_load

        matters = demo_matters_load()
        result.counts["matters"] = len(matters)
        from jianfu.archive.demo import demo_archive_load

        result.counts["archive_entries"] = len(demo_archive_load())
        from jianfu.burden.demo import demo_ledger_load

        result.counts["ledger_entries"] = 0 if no_ledger else demo_ledger_load()
        counts = "，".join(f"{_LABELS.get(key, key)} {value:,}" for key, value in result.counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"演示数据（{result.scale}）已加载：{counts}；用时 {result.seconds:.1f} 秒。")
        )
