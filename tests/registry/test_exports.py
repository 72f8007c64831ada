"""Excel exports of the registry: the rows of the user's scope, ID numbers masked, the export audited."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.registry.protection import reveal
from tests.factories import SchoolFactory, TeacherFactory, region, user_with_role


def _rows(response) -> list[tuple]:
    return list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))


def test_teacher_export_holds_only_the_county_teachers_with_masked_ids(client, db):
    own = TeacherFactory(
        name="赵敏", school=SchoolFactory(region=region("150222"), name="固阳县金山镇第一小学")
    )
    TeacherFactory(name="钱伟", school=SchoolFactory(region=region("150203")))
    user = user_with_role(Role.COUNTY_EDU, region_code="150222")
    client.force_login(user)

    response = client.get(reverse("registry:teachers"), {"export": "xlsx"})

    rows = _rows(response)
    assert rows[0] == (
        "姓名",
        "性别",
        "身份证件号",
        "学校",
        "任教学科",
        "现任专业技术职务",
        "是否县级以上骨干教师",
        "人员状态",
    )
    assert rows[1:] == [
        ("赵敏", "男", own.id_masked, "固阳县金山镇第一小学", "语文", "一级教师", "否", "在岗")
    ]
    assert reveal(own.id_cipher) not in str(rows)
    event = AuditEvent.objects.get(action="teacher.export")
    assert (event.actor, event.category, event.extra["count"]) == (user, "export", 1)


def test_school_export_follows_the_search_filters(client, db):
    SchoolFactory(region=region("150222"), name="固阳县第一中学", code="2115000001", stage="junior")
    SchoolFactory(region=region("150222"), name="固阳县金山镇中心小学", code="2115000002")
    client.force_login(user_with_role(Role.CITY_EDU))

    response = client.get(reverse("registry:schools"), {"q": "中学", "export": "xlsx"})

    assert _rows(response)[1:] == [("2115000001", "固阳县第一中学", "初中", "城镇", "固阳县", "测试路1号")]


def test_a_value_that_looks_like_a_formula_is_exported_as_text(client, db):
    SchoolFactory(region=region("150222"), name='=HYPERLINK("http://x")')
    client.force_login(user_with_role(Role.CITY_EDU))

    response = client.get(reverse("registry:schools"), {"export": "xlsx"})

    assert _rows(response)[1][1] == '\'=HYPERLINK("http://x")'


def test_searching_by_a_full_id_number_keeps_the_number_out_of_every_url(client, db):
    teacher = TeacherFactory(name="孙丽")
    TeacherFactory(name="周强")
    number = reveal(teacher.id_cipher)
    client.force_login(user_with_role(Role.CITY_EDU))

    response = client.post(reverse("registry:teachers"), {"q": number})

    assert response.status_code == 302
    assert number not in response["Location"]
    assert "idh=" in response["Location"]
    page = client.get(response["Location"])
    assert [t.name for t in page.context["page"].object_list] == ["孙丽"]
    assert number.encode() not in page.content


def test_searching_by_name_redirects_to_a_plain_query(client, db):
    TeacherFactory(name="孙丽")
    client.force_login(user_with_role(Role.CITY_EDU))

    response = client.post(reverse("registry:teachers"), {"q": "孙"})

    assert response["Location"] == reverse("registry:teachers") + "?q=%E5%AD%99"
