from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "jianfu.oversight"
    verbose_name = "监督问责"
