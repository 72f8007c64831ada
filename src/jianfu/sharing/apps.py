from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "jianfu.sharing"
    verbose_name = "学生数据授权导出"
