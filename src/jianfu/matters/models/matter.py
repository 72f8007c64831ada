"""A Matter (涉校事项): any demand on schools or teachers, screened, routed through its approval chain, published."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    INSPECTION = "inspection", "督查检查考核"
    CAMPUS_ACTIVITY = "campus_activity", "进校园活动"
    SOCIAL_EXAM = "social_exam", "社会考试"
    MEETING = "meeting", "会议"
    TRAINING = "training", "培训"
    SECONDMENT = "secondment", "借用教师"
    DATA_REQUEST = "data_request", "数据报表"
    TASK = "task", "其他任务"


class State(models.TextChoices):
    DRAFT = "draft", "草稿"
    CONSULTATION = "consultation", "教育部门会商"
    BUREAU_REVIEW = "bureau_review", "教育部门审批"
    PARTY_REVIEW = "party_review", "党委审批"
    PARTY_FILING = "party_filing", "党委备案"
    RETURNED = "returned", "退回修改"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "不予批准"
    MERGED = "merged", "已合并"


class Chain(models.TextChoices):
    EDUCATION_OWN = "education_own", "教育部门自办：本级教育部门审批"
    INSPECTION = "inspection", "其他部门督查检查：教育部门会商 → 同级党委审批 → 教育部门统筹实施"
    BUREAU = "bureau", "教育部门审批"
    SECONDMENT = "secondment", "借用教师：县级以上教育部门同意 → 同级党委审批备案"


PENDING_STATES = (State.CONSULTATION, State.BUREAU_REVIEW, State.PARTY_REVIEW, State.PARTY_FILING)
EDITABLE_STATES = (State.DRAFT, State.RETURNED)


class Matter(models.Model):
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    title = models.CharField("标题", max_length=300)
    description = models.TextField("内容", blank=True)
    organizer = models.ForeignKey(
        "registry.Department", on_delete=models.PROTECT, related_name="matters", verbose_name="组织部门"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="经办人"
    )
    # The Matter JSON of the screening engine (jianfu.policy.matter_input), as last saved.
    payload = models.JSONField("事项内容", default=dict)
    schools = models.ManyToManyField("registry.School", related_name="matters", verbose_name="涉及学校")
    teacher = models.ForeignKey(
        "registry.Teacher",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="借用教师",
    )
    route_region = models.ForeignKey(
        "registry.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审批层级",
    )
    chain = models.CharField("审批流程", max_length=20, choices=Chain.choices)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    # The screening at submission: what the approvers decide on.
    verdict = models.CharField("筛查结论", max_length=10, blank=True)
    catalog_version = models.CharField("规则目录版本", max_length=40, blank=True)
    findings = models.JSONField("筛查意见", default=list, blank=True)
    similar = models.JSONField("相似事项", default=list, blank=True)
    justification = models.TextField("审批说明", blank=True)
    comprehensive = models.BooleanField("综合督导检查", default=False)
    plan_entry = models.ForeignKey(
        "matters.PlanEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="matters"
    )
    out_of_plan = models.BooleanField("计划外", default=False)
    starts_on = models.DateField("开始日期", null=True, blank=True)
    ends_on = models.DateField("结束日期", null=True, blank=True)
    verification_code = models.CharField("核验码", max_length=12, unique=True, null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by_label = models.CharField("批准机关", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    # Indexed: every process's similarity index reads the Matters changed since its last look by updated_at.
    updated_at = models.DateTimeField("更新时间", auto_now=True, db_index=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True, db_index=True)
    party_reached_at = models.DateTimeField("报党委时间", null=True, blank=True)
    decided_at = models.DateTimeField("办结时间", null=True, blank=True)
    # Measure 2 and 12 (互认共享): a pending Matter merged into an earlier one of the same kind ends `merged`
    # pointing at it; an inspection may reuse an earlier inspection's results and materials.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name="已合并到",
    )
    reuses = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reused_by",
        verbose_name="沿用其检查结果和材料",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "涉校事项"
        indexes = [
            models.Index(fields=["route_region", "state", "submitted_at"]),
            models.Index(fields=["state", "kind", "starts_on"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_pending(self) -> bool:
        return self.state in PENDING_STATES

    @property
    def is_valid_today(self) -> bool:
        if self.state != State.APPROVED:
            return False
        today = timezone.localdate()
        return self.ends_on is None or self.ends_on >= today

    @property
    def display_code(self) -> str:
        code = self.verification_code or ""
        return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


class MatterStep(models.Model):
    """One row of a Matter's timeline: who did what, from which state to which, and why."""

    class Action(models.TextChoices):
        CREATE = "create", "创建草稿"
        UPDATE = "update", "修改草稿"
        SUBMIT = "submit", "提交审批"
        APPROVE = "approve", "同意"
        REJECT = "reject", "不予批准"
        SEND_BACK = "send_back", "退回修改"
        COORDINATE = "coordinate", "教育部门统筹实施"
        PUBLISH = "publish", "公示"
        EXTEND = "extend", "延长借用期限"
        MERGE = "merge", "合并到其他事项"
        ABSORB = "absorb", "合并了其他事项"
        REUSE = "reuse", "沿用检查结果和材料"
        REUSED = "reused", "检查结果被沿用"

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    from_state = models.CharField("原状态", max_length=20, blank=True)
    to_state = models.CharField("新状态", max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField("操作人", max_length=150, blank=True)
    organisation = models.CharField("单位", max_length=200, blank=True)
    reason = models.TextField("说明", blank=True)
    extra = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "事项办理记录"

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.actor_label}"

    @property
    def to_state_label(self) -> str:
        return State(self.to_state).label if self.to_state in State.values else self.to_state


class Attachment(models.Model):
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to="matters/%Y/%m/")
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=120)
    size = models.PositiveBigIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = "附件"

    def __str__(self) -> str:
        return self.original_name
