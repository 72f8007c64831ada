from django.apps import AppConfig


class ParentSchoolsConfig(AppConfig):
    name = "jianfu.parentschools"
    verbose_name = "家长学校"
