from django.apps import AppConfig


class MattersConfig(AppConfig):
    name = "jianfu.matters"
    verbose_name = "涉校事项"
