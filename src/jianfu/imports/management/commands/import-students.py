"""`jianfu import-students FILE`: a national student registry (学籍) export.

Every bad row is printed (sheet, row, column, reason); by default nothing is written then and the exit status is 2.
"""

from jianfu.imports.management.commands._importing import ImportCommand
from jianfu.imports.services import students_import


class Command(ImportCommand):
    help = "导入全国中小学生学籍信息管理系统导出的学生信息（.xlsx、.xls、.csv）：按身份证件号新增或更新；有错误时不导入并以状态2退出。"
    noun = "学生"

    def run_import(self, **kwargs):
        return students_import(actor=None, **kwargs)
