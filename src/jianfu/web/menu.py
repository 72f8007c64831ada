"""The navigation each role sees: an entry appears only if the data scope lets the user see its data."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.urls import reverse

from jianfu.accounts import scope
from jianfu.accounts.models import BUSINESS_ROLES, Role
from jianfu.audit.models import AuditEvent
from jianfu.matters.models import CalendarFeed, Matter
from jianfu.oversight.models import Case
from jianfu.parentschools.models import ParentSchoolSession
from jianfu.policy.models import ConfirmedCase
from jianfu.registry.models import Department, Region, School, Student, Teacher
from jianfu.sharing.models import StudentExportRequest


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str


def _public() -> list[MenuItem]:
    """What everyone may open, logged in or not: the whitelist with code checks, the rule catalog, and the
    reporting channel (measure 20) with its tracking page."""
    return [
        MenuItem("白名单核验", reverse("whitelist:list")),
        MenuItem("年度计划", reverse("plans:list")),
        MenuItem("规则目录", reverse("policy:catalog")),
        MenuItem("举报", reverse("reporting:new")),
        MenuItem("举报查询", reverse("reporting:track")),
    ]


def _burden(user) -> list[MenuItem]:
    """The burden ledger (措施第8、20条): a teacher's own workload, a school's ledger, an area's workload."""
    if user.role == Role.TEACHER and user.teacher_id:
        return [MenuItem("我的工作量", reverse("burden:mine"))]
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        return [
            MenuItem("教师工作量", reverse("burden:school")),
            MenuItem("工作量看板", reverse("burden:dashboard")),
            MenuItem("登记参与情况", reverse("burden:record")),
            MenuItem("台账异议", reverse("burden:disputes")),
            MenuItem("监考安排", reverse("burden:proctoring")),
        ]
    if user.role in (Role.CITY_EDU, Role.COUNTY_EDU, Role.SUPERVISOR) and user.region_id:
        area = "burden:city" if user.region.level == "city" else "burden:county"
        return [
            MenuItem("教师工作量", reverse(area)),
            MenuItem("工作量看板", reverse("burden:dashboard")),
            MenuItem("负担台账", reverse("burden:entries")),
            MenuItem("预警线设置", reverse("burden:thresholds")),
        ]
    return []


def _registers(user) -> list[MenuItem]:
    """Measures 11-14 and 20: the secondment register, trainings, meetings and wellbeing."""
    items = []
    if user.role in (Role.CITY_EDU, Role.COUNTY_EDU, Role.SUPERVISOR, Role.SCHOOL_ADMIN, Role.TEACHER):
        items.append(MenuItem("借用教师", reverse("burden:secondments")))
        items.append(MenuItem("培训计划", reverse("burden:trainings")))
        items.append(MenuItem("会议统计", reverse("burden:meetings")))
    if user.role == Role.TEACHER and user.teacher_id:
        items.append(MenuItem("健康问卷", reverse("burden:wellbeing")))
    if (user.role == Role.SCHOOL_ADMIN and user.school_id) or (
        user.role in (Role.CITY_EDU, Role.COUNTY_EDU, Role.SUPERVISOR) and user.region_id
    ):
        items.append(MenuItem("教师健康", reverse("burden:wellbeing_results")))
        items.append(MenuItem("年度体检", reverse("burden:physical_exams")))
    return items


def _archive(user) -> list[MenuItem]:
    """Measure 17: the teacher's own e-archive and who read it; the school's verification; the readers."""
    if user.role == Role.TEACHER and user.teacher_id:
        return [
            MenuItem("我的档案", reverse("archive:mine")),
            MenuItem("谁查看了我的档案", reverse("archive:access_log")),
        ]
    items = []
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        items.append(MenuItem("档案审核", reverse("archive:verify")))
    if user.role in (Role.SCHOOL_ADMIN, Role.CITY_EDU, Role.COUNTY_EDU, Role.SUPERVISOR, Role.DEPARTMENT):
        items.append(MenuItem("教师档案", reverse("archive:teachers")))
    if user.role in (Role.CITY_EDU, Role.COUNTY_EDU, Role.SUPERVISOR):
        items.append(MenuItem("档案查阅授权", reverse("archive:grants")))
    return items


def _datahub(user) -> list[MenuItem]:
    """Measures 15-17: the field dictionary for everyone; requests and counts; a teacher's forms."""
    items = [MenuItem("数据字典", reverse("datahub:fields"))]
    if user.role in (Role.CITY_EDU, Role.COUNTY_EDU, Role.SUPERVISOR, Role.DEPARTMENT):
        items.append(MenuItem("数据复用", reverse("datahub:overview")))
    if user.role == Role.TEACHER and user.teacher_id:
        items.append(MenuItem("数据填报", reverse("datahub:tasks")))
    return items


def _oversight(user) -> list[MenuItem]:
    """Measure 20: the cases and the accountability accounts for an area; everyone's own reports."""
    items = []
    if scope.can_see(user, Case):
        items.append(MenuItem("案件办理", reverse("oversight:cases")))
        items.append(MenuItem("问责台账", reverse("oversight:accountability")))
    if (user.role == Role.SCHOOL_ADMIN and user.school_id) or (
        user.role in (Role.CITY_EDU, Role.COUNTY_EDU, Role.SUPERVISOR) and user.region_id
    ):  # supervision indicators and, for an area, its reports (oversight.views_supervision)
        items.append(MenuItem("督导指标", reverse("oversight:indicators")))
    items.append(MenuItem("我的举报", reverse("oversight:mine")))
    return items


def _administration(user) -> list[MenuItem]:
    """三员分立 (ADR 0009): each administrator's duty and nothing else; a pending account only its password."""
    items = []
    if user.role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN):
        items.append(MenuItem("账号管理", reverse("accounts:users")))
    if user.role == Role.SYSTEM_ADMIN:
        items.append(MenuItem("新建账号", reverse("accounts:user_new")))
    if user.role == Role.SECURITY_ADMIN:
        items.append(MenuItem("安全策略", reverse("accounts:policy")))
    if scope.can_see(user, AuditEvent):
        items.append(MenuItem("审计日志", reverse("audit:events")))
    items.append(MenuItem("修改密码", reverse("accounts:password_change")))
    return items


def menu_for(user) -> list[MenuItem]:
    if not user.is_authenticated:
        return [*_public(), MenuItem("登录", reverse("login"))]
    items = [MenuItem("首页", reverse("home"))]
    if user.role not in BUSINESS_ROLES:
        return [*items, *_administration(user)]
    entries = [
        (Region, "行政区划", "registry:regions"),
        (School, "学校", "registry:schools"),
        (Department, "部门", "registry:departments"),
        (Teacher, "教师", "registry:teachers"),
        (Student, "学生", "registry:students"),
        (AuditEvent, "审计日志", "audit:events"),
    ]
    for model, label, name in entries:
        if scope.can_see(user, model):
            items.append(MenuItem(label, reverse(name)))
    if user.role in (Role.CITY_EDU, Role.COUNTY_EDU, Role.SCHOOL_ADMIN):  # measures 15-16: national exports
        items.append(MenuItem("数据导入", reverse("imports:upload")))
    if scope.can_see(user, Matter):
        items.append(MenuItem("涉校事项", reverse("matters:list")))
        if user.role in (Role.CITY_EDU, Role.COUNTY_EDU, Role.PARTY):
            items.append(MenuItem("待我审批", reverse("matters:inbox")))
    if user.role in (Role.CITY_EDU, Role.COUNTY_EDU):
        items.append(MenuItem("配额与时限", reverse("matters:quotas")))
    if user.role in (Role.CITY_EDU, Role.COUNTY_EDU, Role.SCHOOL_ADMIN):
        items.append(MenuItem("考试周", reverse("matters:exam_weeks")))
    items.extend(_burden(user))
    items.extend(_registers(user))
    items.extend(_archive(user))
    items.extend(_datahub(user))
    # Measure 16: student exports between institutions; measure 19: parent schools.
    if scope.can_see(user, StudentExportRequest):
        items.append(MenuItem("学生数据导出", reverse("sharing:exports")))
    if scope.can_see(user, ParentSchoolSession):
        items.append(MenuItem("家长学校", reverse("parentschools:sessions")))
    if scope.can_see(user, CalendarFeed):
        items.append(MenuItem("日程订阅", reverse("calendar:mine")))
    items.extend(_oversight(user))
    items.extend(_public())
    if scope.can_see(user, ConfirmedCase):
        items.append(MenuItem("案例库", reverse("policy:cases")))
    return items


# The navigation grouped by subject, so a bureau's thirty entries fit one line of menus on a desktop and a short
# list of headings on a phone. An entry whose label is not listed stays a link of its own.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("基础数据", ("行政区划", "学校", "部门", "教师", "学生", "数据导入", "数据字典")),
    ("涉校事项", ("涉校事项", "待我审批", "配额与时限", "考试周", "年度计划", "日程订阅")),
    (
        "减负台账",
        (
            "我的工作量",
            "教师工作量",
            "工作量看板",
            "登记参与情况",
            "负担台账",
            "台账异议",
            "预警线设置",
            "监考安排",
            "借用教师",
            "培训计划",
            "会议统计",
        ),
    ),
    (
        "档案与健康",
        (
            "我的档案",
            "谁查看了我的档案",
            "教师档案",
            "档案审核",
            "档案查阅授权",
            "健康问卷",
            "教师健康",
            "年度体检",
        ),
    ),
    ("数据共享", ("数据复用", "数据填报", "学生数据导出", "家长学校")),
    (
        "监督",
        (
            "白名单核验",
            "规则目录",
            "案例库",
            "审计日志",
            "举报",
            "我要举报",
            "举报查询",
            "我的举报",
            "案件办理",
            "问责台账",
            "督导指标",
            "督导报告",
        ),
    ),
)
_GROUP_OF = {label: group for group, labels in GROUPS for label in labels}
# Up to this many entries the menu stays a flat row (the public menu, a teacher's few pages).
FLAT_UP_TO = 7


@dataclass(frozen=True)
class MenuGroup:
    label: str
    items: tuple[MenuItem, ...]

    def holds(self, path: str) -> bool:
        return any(item.url == path for item in self.items)


# A menu depends only on the user's role and organisation (the scope rules read nothing else), so each process
# keeps it per user for JIANFU_MENU_CACHE_SECONDS instead of building ~30 links and scope checks on every page.
def menu_cached_for(user) -> list[MenuItem]:
    """menu_for(user), kept per process under a key of everything it depends on."""
    if not user.is_authenticated:
        key = "menu:anonymous"
    else:
        key = "menu:" + ":".join(
            str(value)
            for value in (
                user.pk, user.role, user.is_active, user.region_id, user.school_id, user.teacher_id,
                user.department_id,
            )
        )  # fmt: skip
    seconds = settings.JIANFU_MENU_CACHE_SECONDS
    cache = caches["local"]
    items = cache.get(key) if seconds > 0 else None
    if items is None:
        items = menu_for(user)
        if seconds > 0:
            cache.set(key, items, timeout=seconds)
    return items


def menu_groups_for(user) -> list[MenuItem | MenuGroup]:
    return group_menu(menu_for(user))


def group_menu(items: list[MenuItem]) -> list[MenuItem | MenuGroup]:
    """The entries of no group first (首页), then the GROUPS in their order, each with its entries in menu order;
    a menu of FLAT_UP_TO entries or fewer stays as it is."""
    if len(items) <= FLAT_UP_TO:
        return items
    grouped: dict[str, list[MenuItem]] = {group: [] for group, _ in GROUPS}
    alone = []
    for item in items:
        group = _GROUP_OF.get(item.label)
        (grouped[group] if group else alone).append(item)
    return [*alone, *(MenuGroup(group, tuple(entries)) for group, entries in grouped.items() if entries)]
