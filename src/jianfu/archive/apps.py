from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "jianfu.archive"
    verbose_name = "教师电子档案"

    def ready(self) -> None:
        from jianfu.archive import checks  # noqa: F401  (registers the private-storage check)
