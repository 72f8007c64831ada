"""`jianfu rollups-rebuild`: recompute the dashboards' monthly rollups from the whole ledger, in one transaction."""

import time

from django.core.management.base import BaseCommand

from jianfu.burden.rollups import rollups_rebuild


class Command(BaseCommand):
    help = "按负担台账全量重算月度汇总表（回填、批量导入或修复后使用；在一个事务内完成，期间台账暂停写入）。"

    def handle(self, *args, **options):
        started = time.monotonic()
        counts = rollups_rebuild()
        summary = "，".join(f"{name} {count:,} 行" for name, count in counts.items())
        self.stdout.write(f"月度汇总已重算：{summary}（{time.monotonic() - started:.1f} 秒）")
