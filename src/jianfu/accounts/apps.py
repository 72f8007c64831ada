from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "jianfu.accounts"
    verbose_name = "账号与权限"

    def ready(self) -> None:
        from jianfu.accounts import checks, signals  # noqa: F401  (registers checks and auth audit receivers)
