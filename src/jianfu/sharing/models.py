"""A request by one institution (a department, or a school for transfers) for student data of other schools.

The request names its purpose, the fields (minimal), the source schools and an expiry date. The education bureau
of the source schools' county (the city's when they span counties) approves or rejects it and decides whether ID
numbers may leave unmasked. Nothing is exported before approval or after expiry; every download is audited.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class StudentExportRequest(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待审批"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "已驳回"

    requester_department = models.ForeignKey(
        "registry.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="申请部门",
    )
    requester_school = models.ForeignKey(
        "registry.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="申请学校",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="经办人"
    )
    schools = models.ManyToManyField("registry.School", related_name="+", verbose_name="数据来源学校")
    route_region = models.ForeignKey(
        "registry.Region", on_delete=models.PROTECT, related_name="+", verbose_name="审批层级"
    )
    purpose = models.TextField("用途")
    fields = models.JSONField("导出字段", default=list)
    id_justification = models.TextField("导出身份证件号的理由", blank=True)
    expires_on = models.DateField("有效期至")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    allow_unmasked_id = models.BooleanField("允许导出完整身份证件号", default=False)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审批人",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_reason = models.CharField("审批意见", max_length=200, blank=True)
    download_count = models.PositiveIntegerField("下载次数", default=0)
    last_downloaded_at = models.DateTimeField("最近下载时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "学生数据导出申请"
        indexes = [
            models.Index(fields=["route_region", "status"]),
            models.Index(fields=["requester_department", "created_at"]),
            models.Index(fields=["requester_school", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(requester_department__isnull=False, requester_school__isnull=True)
                | models.Q(requester_department__isnull=True, requester_school__isnull=False),
                name="student_export_one_requesting_institution",
            ),
            models.CheckConstraint(
                condition=models.Q(allow_unmasked_id=False) | models.Q(status="approved"),
                name="student_export_unmasked_only_when_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.requester_label}"

    @property
    def number(self) -> str:
        """申请编号: printed on every exported sheet."""
        return f"XSDC-{self.pk:06d}" if self.pk else "XSDC-（未保存）"

    @property
    def requester_label(self) -> str:
        requester = self.requester_department or self.requester_school
        return str(requester) if requester is not None else ""

    def is_current(self, today) -> bool:
        """Approved and not expired: the file may be downloaded (expires_on is the last day)."""
        return self.status == self.Status.APPROVED and self.expires_on >= today
