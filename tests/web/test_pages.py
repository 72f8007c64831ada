"""Every page renders for a role that may see it: Chinese text, the exact rows, masked ID numbers, CSP-clean HTML."""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings
from django.urls import reverse

from jianfu.accounts.demo_accounts import DEMO_ACCOUNTS
from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.registry.models import Department, School, Teacher
from jianfu.registry.protection import reveal
from jianfu.web.listing import PAGE_SIZE, XLSX
from tests.factories import (
    DepartmentFactory,
    SchoolFactory,
    StudentFactory,
    TeacherFactory,
    region,
    user_with_role,
)

PASSWORD = "a-long-test-password-1"

HOME_TITLES = {
    Role.CITY_EDU: "市教育局工作台",
    Role.COUNTY_EDU: "旗县区教育局工作台",
    Role.PARTY: "党委审批工作台",
    Role.DEPARTMENT: "部门工作台",
    Role.SCHOOL_ADMIN: "学校工作台",
    Role.TEACHER: "教师个人空间",
    Role.SUPERVISOR: "督导工作台",
    # 三员分立 (ADR 0009) and an account awaiting its role: their duty, no business totals.
    Role.SYSTEM_ADMIN: "系统管理员工作台",
    Role.SECURITY_ADMIN: "安全管理员工作台",
    Role.AUDIT_ADMIN: "安全审计员工作台",
    Role.PENDING: "等待授权",
}


# --- reading the HTML -------------------------------------------------------------------------------------


# Elements whose boundaries separate words when the page is read as text.
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_BLOCKS = {
    "div",
    "p",
    "dt",
    "dd",
    "li",
    "tr",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "section",
    "br",
    "form",
    "button",
}


class _PageParser(HTMLParser):
    """Collects what the CSP checks and the row assertions need: scripts, styles, handlers, table rows."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.tables: dict[str, list[list[str]]] = {}
        self.testids: dict[str, list[str]] = {}
        self._script_depth = 0
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._depth = 0
        self._testid_stack: list[tuple[int, str, list[str]]] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        for name, _ in attrs:
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            if name.startswith("on"):
                self.problems.append(f"inline handler {name} on <{tag}>")
        for name in ("href", "src", "action"):
            if (names.get(name) or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL on <{tag}>")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script":
            if not names.get("src"):
                self.problems.append("<script> without src")
            self._script_depth += 1
        if tag == "table":
            self._table = names.get("data-testid") or f"table{len(self.tables)}"
            self.tables[self._table] = []
        if tag == "tr" and self._table is not None:
            self._row = []
        if tag in ("td", "th") and self._row is not None:
            self._cell = []
        if tag in _BLOCKS:
            self.handle_data(" ")
        if tag in _VOID:
            return
        self._depth += 1
        if "data-testid" in names:
            self._testid_stack.append((self._depth, names["data-testid"], []))

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self.handle_data(" ")
        if tag == "script":
            self._script_depth -= 1
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        if tag == "tr" and self._row is not None and self._table is not None:
            self.tables[self._table].append(self._row)
            self._row = None
        if tag == "table":
            self._table = None
        if tag in _VOID:
            return
        if self._testid_stack and self._testid_stack[-1][0] == self._depth:
            _, testid, parts = self._testid_stack.pop()
            self.testids.setdefault(testid, []).append(" ".join("".join(parts).split()))
        self._depth -= 1

    def handle_data(self, data):
        if self._script_depth and data.strip():
            self.problems.append("inline script content")
        if self._cell is not None:
            self._cell.append(data)
        for _, _, parts in self._testid_stack:
            parts.append(data)


def parse(response) -> _PageParser:
    parser = _PageParser()
    parser.feed(response.content.decode())
    parser.close()
    return parser


def page_of(response) -> _PageParser:
    """The parsed page, after checking it is CSP-clean: no inline script, style or event handler."""
    assert response["Content-Type"].startswith("text/html")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    page = parse(response)
    assert page.problems == []
    html = response.content.decode()
    assert not re.search(r"\sstyle\s*=", html)
    return page


def body_rows(page: _PageParser, table: str = "rows") -> list[list[str]]:
    return page.tables[table][1:]


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def login(client, role, **kwargs):
    user = user_with_role(role, **kwargs)
    client.force_login(user)
    return user


# --- login, logout, lockout --------------------------------------------------------------------------------


def test_the_login_page_lists_the_demo_accounts_and_their_password(client, db):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    page = page_of(response)
    assert page.testids["login-title"] == ["登录"]
    assert page.testids["demo-ribbon"] == ["演示环境：数据均为虚构，请勿录入真实个人信息"]
    demo_rows = [row[:2] for row in page.tables["table0"][1:]]
    assert demo_rows == [[account.username, account.label] for account in DEMO_ACCOUNTS]
    assert "密码均为 jianfu-demo-2026" in text(response)
    html = response.content.decode()
    assert 'data-autosave="login"' in html
    assert 'type="password"' in html


@override_settings(DEMO_MODE=False)
def test_outside_demo_mode_the_login_page_shows_no_demo_accounts_nor_ribbon(client, db):
    response = client.get(reverse("login"))

    page = page_of(response)
    assert "demo-accounts" not in page.testids
    assert "demo-ribbon" not in page.testids
    assert "jianfu-demo-2026" not in response.content.decode()


def test_a_wrong_password_shows_the_chinese_error_and_keeps_the_username(client, db):
    user = user_with_role(Role.TEACHER, password=PASSWORD)

    response = client.post(reverse("login"), {"username": user.username, "password": "wrong-password-xx"})

    assert response.status_code == 200
    page = page_of(response)
    assert page.testids["login-error"] == ["用户名或密码不正确。连续输错多次将暂时锁定账号。"]
    html = response.content.decode()
    assert f'value="{user.username}"' in html
    assert "wrong-password-xx" not in html


def test_the_lockout_page_says_in_chinese_when_to_try_again(client, db):
    user = user_with_role(Role.TEACHER, password=PASSWORD)
    for _ in range(5):
        client.post(reverse("login"), {"username": user.username, "password": "wrong-password-xx"})

    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})

    assert response.status_code == 429
    page = page_of(response)
    assert page.testids["locked-out"] == ["登录失败次数过多，账号已暂时锁定，请15分钟后再试或联系管理员。"]


def test_the_header_shows_who_is_logged_in_a_password_link_and_a_logout_form_that_posts(client, db):
    school = SchoolFactory(name="固阳县第一小学")
    user = login(client, Role.SCHOOL_ADMIN, school=school, display_name="王校长")

    response = client.get(reverse("home"))

    page = page_of(response)
    assert page.testids["account"] == ["王校长 学校管理员 · 固阳县第一小学 修改密码 退出登录"]
    assert page.testids["password-change-link"] == ["修改密码"]
    html = response.content.decode()
    assert re.search(
        r'<form method="post" action="/accounts/logout/"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken"',
        html,
    )
    assert user.username not in page.testids["account"][0]


# --- home pages --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_each_role_has_its_own_home_page(client, db, role):
    login(client, role, **({"region_code": "150222"} if role == Role.COUNTY_EDU else {}))

    response = client.get(reverse("home"))

    assert response.status_code == 200
    page = page_of(response)
    assert page.testids["home-title"] == [HOME_TITLES[role]]
    assert Role(role).label in text(response)
    assert f"<title>{HOME_TITLES[role]} · 包头市中小学教师减负平台</title>" in response.content.decode()


def test_the_city_home_counts_schools_teachers_and_students_per_county(client, db):
    guyang = SchoolFactory(region=region("150222"))
    TeacherFactory.create_batch(2, school=guyang)
    StudentFactory(school=guyang)
    SchoolFactory(region=region("150203"))
    login(client, Role.CITY_EDU)

    page = page_of(client.get(reverse("home")))

    assert body_rows(page, "totals") == [["昆都仑区", "1", "0", "0"], ["固阳县", "1", "2", "1"]]


def test_a_county_home_counts_only_its_own_county(client, db):
    TeacherFactory(school=SchoolFactory(region=region("150222")))
    TeacherFactory(school=SchoolFactory(region=region("150203")))
    login(client, Role.COUNTY_EDU, region_code="150222")

    page = page_of(client.get(reverse("home")))

    assert body_rows(page, "totals") == [["固阳县", "1", "1", "0"]]


def test_a_department_home_without_schools_shows_the_empty_state(client, db):
    login(client, Role.DEPARTMENT, region_code="150222")

    page = page_of(client.get(reverse("home")))

    assert "totals" not in page.tables
    assert page.testids["empty"] == ["您的数据范围内暂无学校、教师或学生记录"]


def test_the_school_home_shows_the_school(client, db):
    school = SchoolFactory(name="固阳县第二中学", code="2115900777", stage=School.Stage.JUNIOR, is_rural=True)
    login(client, Role.SCHOOL_ADMIN, school=school)

    response = client.get(reverse("home"))

    page = page_of(response)
    assert page.testids["home-school"][0].startswith(
        "固阳县第二中学 学校标识码 2115900777 学段 初中 城乡 农村 所在旗县区 固阳县"
    )
    assert f'href="/registry/teachers/?school={school.pk}"' in response.content.decode()


def test_the_teacher_home_shows_the_teacher_and_no_totals(client, db):
    teacher = TeacherFactory(name="李老师", subject="数学", weekly_lessons=14)
    login(client, Role.TEACHER, teacher=teacher)

    response = client.get(reverse("home"))

    page = page_of(response)
    assert page.testids["home-teacher"][0].startswith(
        f"李老师 学校 {teacher.school.name} 任教学科 数学 现任专业技术职务 一级教师 周课时 14 人员状态 在岗"
    )
    assert "totals" not in page.tables
    assert f'href="/registry/teachers/{teacher.pk}/"' in response.content.decode()


def test_the_menu_offers_only_what_the_role_may_see(client, db):
    login(client, Role.DEPARTMENT)

    html = client.get(reverse("home")).content.decode()

    assert 'href="/registry/schools/"' in html
    assert 'href="/registry/teachers/"' not in html
    assert 'href="/audit/"' not in html


# --- registry pages ----------------------------------------------------------------------------------------


def test_the_region_list_shows_the_city_and_its_counties(client, db):
    login(client, Role.CITY_EDU)

    page = page_of(client.get(reverse("registry:regions")))

    rows = body_rows(page)
    assert len(rows) == 10
    assert rows[0][:4] == ["150200", "包头市", "市", "—"]
    assert ["150222", "固阳县", "旗县区", "包头市"] in [row[:4] for row in rows]


def test_the_department_list_searches_by_name(client, db):
    DepartmentFactory(name="包头市卫生健康委员会", kind=Department.Kind.OTHER)
    DepartmentFactory(name="包头市公安局", kind=Department.Kind.OTHER)
    login(client, Role.CITY_EDU)

    page = page_of(client.get(reverse("registry:departments"), {"q": "公安"}))

    assert body_rows(page) == [["包头市公安局", "其他部门", "市级", "包头市"]]


def test_the_school_list_shows_rows_filters_and_an_export_link_that_keeps_them(client, db):
    SchoolFactory(
        name="固阳县第一小学",
        code="2115900001",
        stage=School.Stage.PRIMARY,
        is_rural=True,
        region=region("150222"),
        address="金山镇1号",
    )
    SchoolFactory(name="固阳县第一中学", stage=School.Stage.JUNIOR, region=region("150222"))
    SchoolFactory(name="昆区第一小学", stage=School.Stage.PRIMARY, region=region("150203"))
    login(client, Role.CITY_EDU)

    response = client.get(reverse("registry:schools"), {"region": "150222", "stage": "primary"})

    page = page_of(response)
    assert body_rows(page) == [["固阳县第一小学", "2115900001", "小学", "农村", "固阳县", "金山镇1号"]]
    html = response.content.decode()
    assert '<option value="150222" selected>固阳县</option>' in html
    assert '<option value="primary" selected>小学</option>' in html
    export = re.search(r'href="([^"]*)"[^>]*data-testid="export"', html).group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(export).query) == {
        "region": ["150222"],
        "stage": ["primary"],
        "export": ["xlsx"],
    }
    download = client.get(reverse("registry:schools") + export)
    assert download["Content-Type"] == XLSX


def test_the_school_list_pages_keep_the_filters(client, db):
    for n in range(PAGE_SIZE + 1):
        SchoolFactory(name=f"固阳县测试学校{n:02d}", region=region("150222"))
    login(client, Role.CITY_EDU)

    response = client.get(reverse("registry:schools"), {"q": "测试学校"})

    page = page_of(response)
    assert len(body_rows(page)) == PAGE_SIZE
    html = response.content.decode()
    assert "共 <strong>51</strong> 条，第 1 / 2 页" in html
    next_link = re.search(r'<a href="([^"]*)" rel="next">下一页</a>', html).group(1)
    assert parse_qs(urlsplit(next_link.replace("&amp;", "&")).query) == {"q": ["测试学校"], "page": ["2"]}
    second = page_of(client.get(reverse("registry:schools"), {"q": "测试学校", "page": "2"}))
    assert body_rows(second)[0][0] == "固阳县测试学校50"


def test_an_empty_school_search_says_so_in_chinese(client, db):
    login(client, Role.CITY_EDU)

    response = client.get(reverse("registry:schools"), {"q": "不存在的学校"})

    page = page_of(response)
    assert page.testids["empty"] == ["没有符合条件的记录"]
    assert "export" not in page.testids


def test_the_school_detail_shows_the_school_and_its_staff_counts(client, db):
    school = SchoolFactory(name="固阳县第三小学", code="2115900003", address="银山路8号")
    TeacherFactory.create_batch(3, school=school)
    StudentFactory(school=school)
    login(client, Role.COUNTY_EDU, region_code="150222")

    response = client.get(reverse("registry:school", args=[school.pk]))

    page = page_of(response)
    assert page.testids["facts"][0] == (
        "学校标识码 2115900003 学校名称 固阳县第三小学 学段 小学 城乡 城镇 所在旗县区 固阳县（150222） 地址 银山路8号"
    )
    assert page.testids["teacher-count"] == ["3 人"]
    assert page.testids["student-count"] == ["1 人"]


def test_a_department_sees_the_school_but_no_staff_or_pupils(client, db):
    school = SchoolFactory(region=region("150222"))
    TeacherFactory(school=school)
    login(client, Role.DEPARTMENT)

    page = page_of(client.get(reverse("registry:school", args=[school.pk])))

    assert "teacher-count" not in page.testids
    assert "student-count" not in page.testids


def test_the_teacher_list_shows_masked_id_numbers_only(client, db):
    school = SchoolFactory(name="固阳县第四小学")
    teacher = TeacherFactory(name="张三", school=school, subject="语文", is_backbone=True)
    login(client, Role.COUNTY_EDU, region_code="150222")

    response = client.get(reverse("registry:teachers"), {"school": school.pk})

    page = page_of(response)
    assert body_rows(page) == [
        ["张三", "男", teacher.id_masked, "固阳县第四小学", "语文", "一级教师", "是", "在岗"]
    ]
    assert reveal(teacher.id_cipher) not in response.content.decode()
    assert f'<input type="hidden" name="school" value="{school.pk}">' in response.content.decode()


def test_the_teacher_list_finds_a_teacher_by_the_full_id_number(client, db):
    teacher = TeacherFactory(name="赵六")
    TeacherFactory(name="钱七", school=teacher.school)
    login(client, Role.CITY_EDU)
    full = reveal(teacher.id_cipher)

    response = client.post(reverse("registry:teachers"), {"q": full}, follow=True)

    page = page_of(response)
    assert body_rows(page) == [
        ["赵六", "男", teacher.id_masked, teacher.school.name, "语文", "一级教师", "否", "在岗"]
    ]


def test_the_teacher_detail_shows_the_masked_id_and_never_the_full_number(client, db):
    teacher = TeacherFactory(name="孙老师", staff_no="T-0042", ethnicity="蒙古族")
    login(client, Role.COUNTY_EDU, region_code="150222")

    response = client.get(reverse("registry:teacher", args=[teacher.pk]))

    assert response.status_code == 200
    page = page_of(response)
    full = reveal(teacher.id_cipher)
    assert page.testids["id-masked"] == [teacher.id_masked]
    assert teacher.id_masked == full[:3] + "*" * 11 + full[-4:]
    html = response.content.decode()
    assert full not in html
    assert full[6:14] not in html  # not even the birth date digits of the number
    assert "身份证件号 " + teacher.id_masked in page.testids["facts"][0]
    assert "民族 蒙古族" in page.testids["facts"][0]
    assert "教职工号 T-0042" in page.testids["facts"][0]


@pytest.mark.parametrize(
    ("role", "may_edit"),
    [(Role.COUNTY_EDU, True), (Role.SCHOOL_ADMIN, True), (Role.SUPERVISOR, False), (Role.TEACHER, False)],
)
def test_the_teacher_detail_offers_editing_only_to_those_who_may_edit(client, db, role, may_edit):
    teacher = TeacherFactory()
    kwargs = {"COUNTY_EDU": {"region_code": "150222"}, "SCHOOL_ADMIN": {"school": teacher.school}}
    login(client, role, **({"teacher": teacher} if role == Role.TEACHER else kwargs.get(role.name, {})))

    page = page_of(client.get(reverse("registry:teacher", args=[teacher.pk])))

    assert ("edit" in page.testids) is may_edit


def test_the_teacher_edit_form_renders_with_autosave_and_keeps_values_on_error(client, db):
    teacher = TeacherFactory(name="吴老师", subject="物理")
    login(client, Role.COUNTY_EDU, region_code="150222")
    url = reverse("registry:teacher_edit", args=[teacher.pk])

    form = client.get(url)
    failed = client.post(url, {"subject": "化学", "weekly_lessons": "abc", "reason": "更正学科"})

    assert form.status_code == 200
    page_of(form)
    html = form.content.decode()
    assert f'data-autosave="teacher-edit-{teacher.pk}"' in html
    for label in ("任教学科", "周课时", "修改事由"):
        assert f">{label}</label>" in html
    assert failed.status_code == 200
    page_of(failed)
    failed_html = failed.content.decode()
    assert 'class="field-error"' in failed_html
    assert 'value="化学"' in failed_html
    assert 'value="更正学科"' in failed_html


def test_a_teacher_may_open_only_their_own_record(client, db):
    teacher = TeacherFactory()
    colleague = TeacherFactory(school=teacher.school)
    login(client, Role.TEACHER, teacher=teacher)

    assert client.get(reverse("registry:teacher", args=[teacher.pk])).status_code == 200
    response = client.get(reverse("registry:teacher", args=[colleague.pk]))

    assert response.status_code == 404
    page_of(response)
    assert "页面不存在" in text(response)


def test_the_student_list_and_detail_show_masked_numbers_only(client, db):
    school = SchoolFactory(name="固阳县第五小学")
    student = StudentFactory(name="小明", school=school, grade="三年级", class_name="1班")
    login(client, Role.SCHOOL_ADMIN, school=school)
    full = reveal(student.id_cipher)

    listing = client.get(reverse("registry:students"))
    detail = client.get(reverse("registry:student", args=[student.pk]))

    assert body_rows(page_of(listing)) == [
        ["小明", "女", "G" + student.id_masked, "固阳县第五小学", "三年级", "1班", "在籍在读"]
    ]
    page = page_of(detail)
    assert page.testids["id-masked"] == [student.id_masked]
    assert page.testids["registry-no-masked"] == ["G" + student.id_masked]
    for response in (listing, detail):
        assert full not in response.content.decode()


# --- audit log ---------------------------------------------------------------------------------------------


def test_the_audit_log_lists_searches_and_filters_events(client, db):
    teacher = TeacherFactory(name="周老师")
    reader = user_with_role(Role.COUNTY_EDU, region_code="150222", username="county-reader")
    events.personal_data_viewed(actor=reader, obj=teacher)
    events.data_exported(actor=reader, model=Teacher, count=3, filters={})
    login(client, Role.SUPERVISOR)

    response = client.get(reverse("audit:events"), {"q": "周老师", "category": "read"})

    page = page_of(response)
    rows = body_rows(page)
    assert len(rows) == 1
    assert rows[0][1:8] == [
        "county-reader",
        "旗县区教育局",
        "个人信息查阅",
        "teacher.view",
        f"周老师 #{teacher.pk}",
        "150222",
        "—",
    ]
    html = response.content.decode()
    assert '<option value="read" selected>个人信息查阅</option>' in html
    export = re.search(r'href="([^"]*)"[^>]*data-testid="export"', html).group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(export).query) == {"q": ["周老师"], "category": ["read"], "export": ["xlsx"]}


def test_the_audit_log_keeps_the_date_filters_in_its_form(client, db):
    login(client, Role.SUPERVISOR)

    response = client.get(reverse("audit:events"), {"from": "2026-01-01", "to": "2026-01-31"})

    html = response.content.decode()
    page = page_of(response)
    assert 'name="from" value="2026-01-01"' in html
    assert 'name="to" value="2026-01-31"' in html
    assert page.testids["empty"] == ["没有符合条件的记录"]


def test_the_audit_log_is_not_found_for_a_role_that_may_not_see_it(client, db):
    login(client, Role.CITY_EDU)

    response = client.get(reverse("audit:events"))

    assert response.status_code == 404
    page_of(response)
    assert "页面不存在" in text(response)


# --- error pages -------------------------------------------------------------------------------------------


def test_the_not_found_page_is_chinese_and_csp_clean_for_anonymous_visitors(client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page_of(response)
    assert "页面不存在" in text(response)


def test_a_failed_csrf_check_explains_in_chinese(db):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(reverse("login"), {"username": "x", "password": "y"})

    assert response.status_code == 403
    page_of(response)
    assert "页面已过期，请重新提交" in text(response)


def test_the_server_error_page_renders_without_any_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")

    assert "系统暂时出现问题" in html
    assert not re.search(r"\sstyle\s*=", html)
    assert "<script src=" in html
