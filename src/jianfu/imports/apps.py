from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "jianfu.imports"
    verbose_name = "数据导入"
