"""Accounts: each user has one role and the organisation that bounds what they see (see the scope package, accounts/scope/).

Besides the seven business roles there are the three administrators of 三员分立 (ADR 0009), who see no business
data, and the pending state of an account the system administrator created and the security administrator has
not yet given a role."""

from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    CITY_EDU = "city_edu", "市教育局"
    COUNTY_EDU = "county_edu", "旗县区教育局"
    PARTY = "party", "党委审批"
    DEPARTMENT = "department", "其他部门"
    SCHOOL_ADMIN = "school_admin", "学校管理员"
    TEACHER = "teacher", "教师"
    SUPERVISOR = "supervisor", "教育督导"
    # 三员分立 (等保 2.0): accounts, grants, the audit log; one person holds at most one of them.
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "安全审计员"
    PENDING = "pending", "待授权"


ADMINISTRATORS = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
BUSINESS_ROLES = frozenset(Role) - ADMINISTRATORS - {Role.PENDING}


class User(AbstractUser):
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.PENDING)
    display_name = models.CharField("姓名", max_length=40, blank=True)
    region = models.ForeignKey(
        "registry.Region", on_delete=models.PROTECT, null=True, blank=True, verbose_name="所属区域"
    )
    department = models.ForeignKey(
        "registry.Department", on_delete=models.PROTECT, null=True, blank=True, verbose_name="所属部门"
    )
    school = models.ForeignKey(
        "registry.School", on_delete=models.PROTECT, null=True, blank=True, verbose_name="所属学校"
    )
    teacher = models.OneToOneField(
        "registry.Teacher", on_delete=models.PROTECT, null=True, blank=True, verbose_name="教师档案"
    )
    # Password policy (accounts/passwords.py): set by every password change; a reset by the system
    # administrator sets must_change_password, and so does a password older than JIANFU_PASSWORD_MAX_AGE_DAYS.
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    must_change_password = models.BooleanField("须修改密码", default=False)

    class Meta:
        verbose_name = "用户"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="teacher") | models.Q(teacher__isnull=False),
                name="teacher_role_has_teacher",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="school_admin") | models.Q(school__isnull=False),
                name="school_admin_has_school",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    @cached_property
    def area_region_codes(self) -> frozenset[str]:
        """GB/T 2260 codes of the regions this user's organisation covers: a city covers its counties."""
        if self.region is None:
            return frozenset()
        codes = {self.region.code}
        if self.region.level == "city":
            codes.update(self.region.children.values_list("code", flat=True))
        return frozenset(codes)

    @cached_property
    def organisation_label(self) -> str:
        for org in (self.department, self.school, self.region):
            if org is not None:
                return str(org)
        return ""


class PasswordHistory(models.Model):
    """A hash of a password the user once had, so the policy can refuse the last few again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history"
    )
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "历史密码"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"
