"""`jianfu import-teachers FILE`: a national teacher management information system export, with its record groups.

Every bad row is printed (sheet, row, column, reason); by default nothing is written then and the exit status is 2.
"""

from jianfu.imports.management.commands._importing import ImportCommand
from jianfu.imports.services import teachers_import


class Command(ImportCommand):
    help = "导入全国教师管理信息系统导出的教师信息（.xlsx、.xls、.csv）：按身份证件号新增或更新；有错误时不导入并以状态2退出。"
    noun = "教师"

    def run_import(self, **kwargs):
        return teachers_import(actor=None, **kwargs)
