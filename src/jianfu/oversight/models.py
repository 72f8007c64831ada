"""Oversight (measure 20). A Report is what the reporter sent, never changed; an anonymous one has no
`reporter`, its evidence neutral names and no metadata (oversight.evidence), and the reporter follows it by a
tracking code of which only a keyed hash is kept (oversight.tracking). Each Report has one Case: screened and
routed at submission (`route_region`), handled received → accepted → investigating → concluded (founded or
unfounded) → responded → closed (oversight.workflow) against working-day deadlines, escalated to the level above
when overdue (`escalation_region`). A founded case has one AccountabilityRecord and feeds the screening case
library (`confirmed_case`)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone


class Channel(models.TextChoices):
    FORM = "form", "举报表单"
    VERIFICATION = "verification", "核验未通过后举报"
    WHITELIST = "whitelist", "白名单事项举报"
    API = "api", "接口"


class OrganizerLevel(models.TextChoices):
    CITY = "city", "市级部门或单位"
    COUNTY = "county", "旗县区部门或单位"
    SCHOOL = "school", "学校"
    UNKNOWN = "unknown", "不清楚"


class Report(models.Model):
    """举报: what was demanded, by whom, when, at which school, with evidence; screened at submission."""

    tracking_hash = models.CharField(max_length=64, unique=True, editable=False)
    channel = models.CharField("举报渠道", max_length=20, choices=Channel.choices, default=Channel.FORM)
    is_anonymous = models.BooleanField("匿名举报", default=True)
    # Only a report made in the reporter's own name keeps the account (and only then counts for the cards).
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="举报人",
    )
    title = models.CharField("反映的要求", max_length=200)
    description = models.TextField("具体情况", blank=True)
    # Who asked: the registry's department when it could be identified, always the name as reported.
    organizer = models.ForeignKey(
        "registry.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="提出要求的部门",
    )
    organizer_name = models.CharField("提出要求的部门或单位", max_length=100)
    organizer_level = models.CharField(
        "提出方层级", max_length=10, choices=OrganizerLevel.choices, default=OrganizerLevel.UNKNOWN
    )
    demanded_on = models.DateField("要求提出日期", null=True, blank=True)
    school = models.ForeignKey(
        "registry.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="学校",
    )
    school_name = models.CharField("学校名称", max_length=80, blank=True)
    # Where it happened: the school's county (or the county named), the city when unknown.
    region = models.ForeignKey(
        "registry.Region", on_delete=models.PROTECT, related_name="+", verbose_name="所在旗县区"
    )
    # From the whitelist: the approved Matter the report is about; from a failed verification: the code tried.
    matter = models.ForeignKey(
        "matters.Matter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="白名单事项",
    )
    verification_code = models.CharField("核验码", max_length=20, blank=True)
    # Whether the demand was an approved Matter valid on the day it was reported (else an unapproved demand).
    on_whitelist = models.BooleanField("属白名单事项", default=False)
    # The screening at submission (policy engine): the findings suggest the measures at stake.
    verdict = models.CharField("筛查结论", max_length=10, blank=True)
    catalog_version = models.CharField("规则目录版本", max_length=40, blank=True)
    findings = models.JSONField("筛查意见", default=list, blank=True)
    measures = models.JSONField("可能违反的条款", default=list, blank=True)
    received_at = models.DateTimeField("收到时间", default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = "举报"
        indexes = [
            models.Index(fields=["region", "received_at"]),
            models.Index(fields=["reporter", "received_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def number(self) -> str:
        """The case number handlers use (never the tracking code)."""
        return f"JB{timezone.localtime(self.received_at):%Y}-{self.pk:05d}"


class Evidence(models.Model):
    """A photo, screenshot or document sent with a report: checked by content like every upload, stored outside
    the web root under a random name; `display_name` is neutral (证据材料N), never the client's file name."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    storage_name = models.CharField(max_length=100, editable=False)
    display_name = models.CharField("文件名", max_length=120)
    content_type = models.CharField("类型", max_length=40)
    size = models.PositiveBigIntegerField("大小")
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["report", "id"]
        verbose_name = "举报证据"

    def __str__(self) -> str:
        return self.display_name


class CaseState(models.TextChoices):
    RECEIVED = "received", "待受理"
    ACCEPTED = "accepted", "已受理"
    INVESTIGATING = "investigating", "调查核实中"
    CONCLUDED = "concluded", "已办结待答复"
    RESPONDED = "responded", "已答复"
    CLOSED = "closed", "已结案"


# States in which the handling bureau still owes the conclusion.
OPEN_STATES = (CaseState.RECEIVED, CaseState.ACCEPTED, CaseState.INVESTIGATING)


class Conclusion(models.TextChoices):
    FOUNDED = "founded", "属实"
    UNFOUNDED = "unfounded", "不属实"


class Deadline(models.TextChoices):
    ACCEPT = "accept", "受理"
    CONCLUDE = "conclude", "办结"
    RESPOND = "respond", "答复"


class Case(models.Model):
    """The handling of one report by the responsible bureau, with its deadlines (working days)."""

    report = models.OneToOneField(Report, on_delete=models.PROTECT, related_name="case")
    state = models.CharField(
        "办理状态", max_length=20, choices=CaseState.choices, default=CaseState.RECEIVED, db_index=True
    )
    route_region = models.ForeignKey(
        "registry.Region", on_delete=models.PROTECT, related_name="+", verbose_name="承办教育局"
    )
    # Set when a deadline passed: the bureau of the level above supervises (督办) and may act too.
    escalation_region = models.ForeignKey(
        "registry.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="督办机关",
    )
    escalated_at = models.DateTimeField("升级督办时间", null=True, blank=True)
    escalated_for = models.CharField("因逾期升级的环节", max_length=10, choices=Deadline.choices, blank=True)
    accept_due_on = models.DateField("受理期限")
    conclude_due_on = models.DateField("办结期限")
    respond_due_on = models.DateField("答复期限", null=True, blank=True)
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    investigating_at = models.DateTimeField("开始调查时间", null=True, blank=True)
    concluded_at = models.DateTimeField("办结时间", null=True, blank=True)
    responded_at = models.DateTimeField("答复时间", null=True, blank=True)
    closed_at = models.DateTimeField("结案时间", null=True, blank=True)
    conclusion = models.CharField("核查结论", max_length=10, choices=Conclusion.choices, blank=True)
    conclusion_note = models.TextField("核查情况", blank=True)
    # What the reporter reads with the tracking code: written for them, naming no one who reported.
    reply = models.TextField("答复内容", blank=True)
    # A founded case enters the screening case library (policy.ConfirmedCase).
    confirmed_case = models.OneToOneField(
        "policy.ConfirmedCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="入库案例",
    )

    class Meta:
        ordering = ["-report__received_at", "-id"]
        verbose_name = "举报案件"
        indexes = [
            models.Index(fields=["route_region", "state"]),
            models.Index(fields=["escalation_region", "state"]),
            models.Index(fields=["state", "conclude_due_on"]),
        ]

    def __str__(self) -> str:
        return self.report.number

    @property
    def current_deadline(self) -> tuple[str, object] | None:
        """(which deadline, its date) the case is working against now; None once responded or closed."""
        if self.state == CaseState.RECEIVED:
            return Deadline.ACCEPT, self.accept_due_on
        if self.state in OPEN_STATES:
            return Deadline.CONCLUDE, self.conclude_due_on
        if self.state == CaseState.CONCLUDED and self.respond_due_on is not None:
            return Deadline.RESPOND, self.respond_due_on
        return None

    def is_overdue(self, *, today=None) -> bool:
        deadline = self.current_deadline
        return deadline is not None and (today or timezone.localdate()) > deadline[1]


class CaseStep(models.Model):
    """One row of a case's timeline. The receipt of an anonymous report names no one (actor empty)."""

    class Action(models.TextChoices):
        RECEIVE = "receive", "收到举报"
        ACCEPT = "accept", "受理"
        INVESTIGATE = "investigate", "调查核实"
        CONCLUDE = "conclude", "办结"
        RESPOND = "respond", "答复举报人"
        CLOSE = "close", "结案"
        ESCALATE = "escalate", "逾期升级督办"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    from_state = models.CharField("原状态", max_length=20, blank=True)
    to_state = models.CharField("新状态", max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField("操作人", max_length=150, blank=True)
    organisation = models.CharField("单位", max_length=200, blank=True)
    note = models.TextField("说明", blank=True)
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "案件办理记录"

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.actor_label}"


class AccountabilityAction(models.TextChoices):
    CRITICISM = "criticism", "批评教育"
    RECTIFY = "rectify", "责令整改"
    NOTICE = "notice", "通报批评"
    ADMONISH = "admonish", "诫勉谈话"
    DISCIPLINE = "discipline", "党纪政务处分"
    ORGANISATIONAL = "organisational", "组织处理"
    OTHER = "other", "其他处理"


class AccountabilityRecord(models.Model):
    """Who is responsible for a founded case, the measure broken and the action taken (问责记录)."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="accountability")
    department = models.ForeignKey(
        "registry.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="责任部门",
    )
    department_name = models.CharField("责任部门或单位", max_length=100)
    person = models.CharField("责任人", max_length=60, blank=True)
    measure = models.PositiveSmallIntegerField(
        "违反条款", validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    rule_id = models.CharField("规则编号", max_length=60, blank=True)
    action = models.CharField("处理方式", max_length=20, choices=AccountabilityAction.choices)
    action_detail = models.TextField("处理情况", blank=True)
    # Where the violation happened (the report's county), for the per-county accounts.
    region = models.ForeignKey(
        "registry.Region", on_delete=models.PROTECT, related_name="+", verbose_name="所在旗县区"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="记录人"
    )
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = "问责记录"
        indexes = [models.Index(fields=["region", "recorded_at"])]

    def __str__(self) -> str:
        return f"{self.department_name}：第{self.measure}条"
