"""谁查看了我的档案: the teacher sees every audited read of their archive by others, with who, where and why."""

import pytest
from django.urls import reverse

from jianfu.archive import selectors
from jianfu.archive.models import ArchiveFile
from tests.archive.conftest import grant, verified_entry


def looked(place, client, user, url):
    client.force_login(user)
    assert client.get(url).status_code == 200


def log_rows(user):
    return [(e.actor_id, e.action, e.reason) for e in selectors.access_log(user=user)]


def test_the_teacher_sees_the_school_admins_view_of_the_archive(place, client):
    verified_entry(place)
    looked(place, client, place.admin, reverse("archive:teacher", args=[place.zhang.pk]))

    assert log_rows(place.zhang_user) == [(place.admin.pk, "archive.view", "")]


def test_the_teacher_sees_a_departments_download_with_its_purpose(place, client):
    verified_entry(place)
    grant(place, teacher=place.zhang, purpose="评选资格核对")
    looked(place, client, place.department, reverse("archive:file", args=[ArchiveFile.objects.get().pk]))

    assert log_rows(place.zhang_user) == [(place.department.pk, "archive.download", "评选资格核对")]


def test_a_view_of_the_registry_record_is_listed_too(place, client):
    looked(place, client, place.county, reverse("registry:teacher", args=[place.zhang.pk]))

    assert log_rows(place.zhang_user) == [(place.county.pk, "teacher.view", "")]


def test_the_teachers_own_views_are_not_listed(place, client):
    verified_entry(place)
    looked(place, client, place.zhang_user, reverse("archive:mine"))
    looked(place, client, place.zhang_user, reverse("archive:teacher", args=[place.zhang.pk]))

    assert log_rows(place.zhang_user) == []


def test_a_colleague_sees_only_reads_of_their_own_archive(place, client):
    verified_entry(place)
    looked(place, client, place.admin, reverse("archive:teacher", args=[place.zhang.pk]))

    assert log_rows(place.li_user) == []


@pytest.mark.parametrize("who", ["admin", "county", "supervisor", "department"])
def test_nobody_but_the_teacher_has_an_access_log(place, who):
    assert list(selectors.access_log(user=getattr(place, who))) == []


def test_the_page_names_the_reader_their_organisation_and_the_purpose(place, client):
    verified_entry(place)
    grant(place, teacher=place.zhang, purpose="评选资格核对")
    looked(place, client, place.department, reverse("archive:teacher", args=[place.zhang.pk]))
    client.force_login(place.zhang_user)

    page = client.get(reverse("archive:access_log")).content.decode()

    assert '<th scope="row" data-testid="reader">赵科长</th>' in page
    assert "包头市卫生健康委员会 · 其他部门" in page
    assert '<td data-testid="read-action">查看电子档案</td>' in page
    assert "<td>评选资格核对</td>" in page


@pytest.mark.parametrize("who", ["admin", "county", "department"])
def test_the_page_is_for_teachers_only(place, client, who):
    client.force_login(getattr(place, who))

    assert client.get(reverse("archive:access_log")).status_code == 403
