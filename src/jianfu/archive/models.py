"""The teacher e-archive (measure 17). Basic data is the registry's Teacher, shown and never re-entered here.

An entry goes draft → submitted → verified (locked) or rejected (editable again). Changing a verified entry makes a
new draft version that points at it; once that version is verified the old one is marked replaced.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Section(models.TextChoices):
    EDUCATION = "education", "学历学位"
    POST = "post", "任职经历"
    TITLE = "title", "专业技术职务"
    TEACHING_RESULT = "teaching_result", "教学业绩"
    HONOUR = "honour", "荣誉表彰"
    RESEARCH = "research", "科研成果"
    TRAINING = "training", "培训进修"
    CERTIFICATE = "certificate", "证书"


class EntryStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    VERIFIED = "verified", "已审核"
    REJECTED = "rejected", "已退回"


# The teacher changes these in place; a verified entry changes only through a new version.
EDITABLE_STATUSES = (EntryStatus.DRAFT, EntryStatus.REJECTED)


class ArchiveEntry(models.Model):
    teacher = models.ForeignKey(
        "registry.Teacher", on_delete=models.PROTECT, related_name="archive_entries", verbose_name="教师"
    )
    section = models.CharField("类别", max_length=20, choices=Section.choices)
    title = models.CharField("名称", max_length=120)
    issuer = models.CharField("颁发或认定单位", max_length=120, blank=True)
    date = models.DateField("日期", null=True, blank=True)
    details = models.TextField("说明", blank=True)
    status = models.CharField("状态", max_length=10, choices=EntryStatus.choices, default=EntryStatus.DRAFT)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField("审核时间", null=True, blank=True)
    note = models.CharField("审核意见", max_length=200, blank=True)
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="versions",
        verbose_name="上一版本",
    )
    version = models.PositiveSmallIntegerField("版本", default=1)
    replaced_at = models.DateTimeField("被新版本取代时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("修改时间", default=timezone.now)

    class Meta:
        ordering = ["section", "-date", "-id"]
        verbose_name = "档案条目"
        indexes = [
            models.Index(fields=["teacher", "section"]),
            models.Index(fields=["status", "teacher"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class ArchiveFile(models.Model):
    """A scan or document of an entry. `storage_name` is random and relative to JIANFU_PRIVATE_MEDIA_ROOT;
    `display_name` is the client's file name, kept only as (escaped) display text. Versions share a file."""

    entry = models.ForeignKey(ArchiveEntry, on_delete=models.CASCADE, related_name="files")
    storage_name = models.CharField(max_length=100, editable=False)
    display_name = models.CharField("文件名", max_length=120)
    content_type = models.CharField("类型", max_length=40)
    size = models.PositiveBigIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = "档案附件"

    def __str__(self) -> str:
        return self.display_name


class ArchiveAccessGrant(models.Model):
    """A bureau lets a department read the verified archives of one teacher or of the teachers of some schools,
    for a stated purpose, until `expires_at`; checked on every read."""

    department = models.ForeignKey(
        "registry.Department",
        on_delete=models.PROTECT,
        related_name="archive_grants",
        verbose_name="获授权部门",
    )
    teacher = models.ForeignKey(
        "registry.Teacher",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="archive_grants",
        verbose_name="教师",
    )
    schools = models.ManyToManyField("registry.School", blank=True, related_name="+", verbose_name="学校")
    purpose = models.CharField("用途", max_length=200)
    expires_at = models.DateTimeField("有效期至")
    region = models.ForeignKey(
        "registry.Region", on_delete=models.PROTECT, related_name="+", verbose_name="授权机关所在区域"
    )
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField("授权时间", default=timezone.now)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        ordering = ["-granted_at", "-id"]
        verbose_name = "档案查阅授权"
        indexes = [models.Index(fields=["department", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.department}：{self.purpose}"[:200]

    def is_active(self, *, now=None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())
