from django.apps import AppConfig


class DatahubConfig(AppConfig):
    name = "jianfu.datahub"
    verbose_name = "一次采集、多次使用"
