"""The append-only audit log: every state change and every read of personal data.

Rows are only ever inserted. The model refuses updates and deletes, and database triggers (see the
migrations) refuse them too, so not even a raw query from the application can rewrite history.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from jianfu.accounts.models import Role
from jianfu.common.append_only import AppendOnlyQuerySet


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or remove an audit row."""


class AuditEventQuerySet(AppendOnlyQuerySet):
    error = AppendOnlyError
    update_refused = "审计日志只能追加，不能修改"
    delete_refused = "审计日志只能追加，不能删除"


class AuditEvent(models.Model):
    class Category(models.TextChoices):
        CHANGE = "change", "数据变更"
        READ = "read", "个人信息查阅"
        AUTH = "auth", "登录与会话"
        EXPORT = "export", "数据导出"

    occurred_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField("操作人", max_length=150, blank=True)
    actor_role = models.CharField("角色", max_length=20, blank=True)
    ip_address = models.GenericIPAddressField("来源地址", null=True, blank=True)
    user_agent = models.CharField("终端", max_length=200, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    category = models.CharField("类别", max_length=10, choices=Category.choices)
    action = models.CharField("操作", max_length=60, db_index=True)
    object_type = models.CharField("对象类型", max_length=60, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_label = models.CharField("对象", max_length=200, blank=True)
    region_code = models.CharField("所属区域", max_length=6, blank=True, db_index=True)
    reason = models.CharField("事由", max_length=200, blank=True)
    changes = models.JSONField("变更内容", default=dict, blank=True, encoder=DjangoJSONEncoder)
    extra = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = "审计记录"
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("审计日志只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能删除")

    @property
    def actor_role_label(self) -> str:
        return Role(self.actor_role).label if self.actor_role in Role.values else self.actor_role
