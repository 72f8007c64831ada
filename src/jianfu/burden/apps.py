from django.apps import AppConfig


class BurdenConfig(AppConfig):
    name = "jianfu.burden"
    verbose_name = "教师负担台账"
