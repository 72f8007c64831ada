"""The e-archive pages: my archive, editing, the verification queue with search and paging, the teacher list."""

import pytest
from django.urls import reverse

from jianfu.archive.models import ArchiveEntry, EntryStatus, Section
from jianfu.archive.services.entries import archive_entry_create
from jianfu.audit.models import AuditEvent
from jianfu.web.listing import PAGE_SIZE
from jianfu.web.menu import menu_for
from tests.archive.conftest import grant, verified_entry
from tests.factories import TeacherFactory, user_with_role


def submitted(place, title="区级骨干教师", teacher_user=None):
    return archive_entry_create(
        actor=teacher_user or place.zhang_user, section=Section.TITLE, title=title, submit=True
    )


def test_my_archive_shows_the_registry_data_without_asking_for_it_again(place, client):
    client.force_login(place.zhang_user)

    page = client.get(reverse("archive:mine")).content.decode()

    assert place.zhang.id_masked in page
    assert "一级教师" in page
    assert 'name="professional_title"' not in page
    assert AuditEvent.objects.filter(action="archive.view", actor=place.zhang_user).count() == 1


@pytest.mark.parametrize("who", ["admin", "county", "department"])
def test_my_archive_is_for_teachers_only(place, client, who):
    client.force_login(getattr(place, who))

    assert client.get(reverse("archive:mine")).status_code == 403


def test_saving_and_submitting_from_my_archive(place, client):
    client.force_login(place.zhang_user)

    response = client.post(
        reverse("archive:mine"), {"section": "research", "title": "论文：整本书阅读", "action": "submit"}
    )

    assert response.status_code == 302
    assert ArchiveEntry.objects.get().status == EntryStatus.SUBMITTED


def test_editing_a_verified_entry_on_its_page_leads_to_the_new_version(place, client):
    entry = verified_entry(place)
    client.force_login(place.zhang_user)

    response = client.post(
        reverse("archive:entry_edit", args=[entry.pk]), {"section": "honour", "title": "内蒙古自治区优秀教师"}
    )

    version = ArchiveEntry.objects.get(previous=entry)
    assert response["Location"] == reverse("archive:entry_edit", args=[version.pk])
    assert entry.title == ArchiveEntry.objects.get(pk=entry.pk).title == "包头市优秀教师"


def test_a_colleague_cannot_open_the_edit_page(place, client):
    entry = submitted(place)
    client.force_login(place.li_user)

    assert client.get(reverse("archive:entry_edit", args=[entry.pk])).status_code == 404


def test_the_queue_lists_the_schools_submitted_entries_and_is_audited(place, client):
    submitted(place, "区级骨干教师")
    archive_entry_create(actor=place.zhang_user, section=Section.RESEARCH, title="草稿不出现")
    other = user_with_role("teacher", school=place.other_school)
    submitted(place, "别校条目", teacher_user=other)
    client.force_login(place.admin)

    response = client.get(reverse("archive:verify"))

    assert [e.title for e in response.context["page"].object_list] == ["区级骨干教师"]
    assert AuditEvent.objects.get(action="archiveentry.list").extra == {"count": 1, "filters": {"query": ""}}


def test_the_queue_searches_by_teacher_name_and_title(place, client):
    submitted(place, "区级骨干教师")
    submitted(place, "优秀班主任", teacher_user=place.li_user)
    client.force_login(place.admin)

    by_name = client.get(reverse("archive:verify"), {"q": "李老师"}).context["page"].object_list
    by_title = client.get(reverse("archive:verify"), {"q": "骨干"}).context["page"].object_list

    assert [e.title for e in by_name] == ["优秀班主任"]
    assert [e.title for e in by_title] == ["区级骨干教师"]


def test_the_queue_pages_through_many_entries(place, client):
    for number in range(PAGE_SIZE + 3):
        submitted(place, f"条目{number:03d}")
    client.force_login(place.admin)

    second = client.get(reverse("archive:verify"), {"page": 2}).context["page"]

    assert (second.paginator.count, len(second.object_list)) == (PAGE_SIZE + 3, 3)


def test_verifying_from_the_archive_page_returns_to_it(place, client):
    entry = submitted(place)
    url = reverse("archive:teacher", args=[place.zhang.pk])
    client.force_login(place.admin)

    response = client.post(reverse("archive:review", args=[entry.pk]), {"decision": "verify", "next": url})

    assert response["Location"] == url
    assert ArchiveEntry.objects.get().status == EntryStatus.VERIFIED


def test_a_review_pointing_elsewhere_returns_to_the_queue(place, client):
    entry = submitted(place)
    client.force_login(place.admin)

    response = client.post(
        reverse("archive:review", args=[entry.pk]), {"decision": "verify", "next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("archive:verify")


def test_a_department_lists_only_the_teachers_of_its_grants(place, client):
    grant(place, teacher=place.zhang)
    TeacherFactory(school=place.school, name="未授权老师")
    client.force_login(place.department)

    listed = client.get(reverse("archive:teachers")).context["page"].object_list

    assert [t.name for t in listed] == ["张老师"]


def test_a_department_without_a_grant_is_told_so(place, client):
    client.force_login(place.department)

    assert "暂无有效的查阅授权" in client.get(reverse("archive:teachers")).content.decode()


@pytest.mark.parametrize(
    ("who", "labels"),
    [
        ("zhang_user", ["我的档案", "谁查看了我的档案"]),
        ("admin", ["档案审核", "教师档案"]),
        ("county", ["教师档案", "档案查阅授权"]),
        ("supervisor", ["教师档案", "档案查阅授权"]),
        ("department", ["教师档案"]),
    ],
)
def test_each_role_finds_its_archive_pages_in_the_menu(place, who, labels):
    archive_labels = {"我的档案", "谁查看了我的档案", "档案审核", "教师档案", "档案查阅授权"}

    items = [item.label for item in menu_for(getattr(place, who)) if item.label in archive_labels]

    assert items == labels


@pytest.mark.parametrize(
    ("who", "name"),
    [
        ("zhang_user", "archive:mine"),
        ("zhang_user", "archive:access_log"),
        ("admin", "archive:verify"),
        ("admin", "archive:teachers"),
        ("county", "archive:grants"),
        ("department", "archive:teachers"),
    ],
)
def test_each_archive_page_renders_for_its_users(place, client, who, name):
    verified_entry(place)
    client.force_login(getattr(place, who))

    assert client.get(reverse(name)).status_code == 200
