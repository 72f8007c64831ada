from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "jianfu.policy"
    verbose_name = "减负措施规则与筛查"
