"""Accounts: each user has one role and the organisation that bounds what they see (see the scope package, accounts/scope/)."""

from functools import cached_property

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


class User(AbstractUser):
    role = models.CharField("角色", max_length=20, choices=Role.choices)
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
