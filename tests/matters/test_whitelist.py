"""The whitelist and code verification: public, filtered, paged; unknown and expired codes said plainly."""

import datetime as dt

from django.utils import timezone

from jianfu.matters import codes
from jianfu.matters.models import Matter
from tests.matters.conftest import campus_activity, decide, submit


def _approved(town, **overrides):
    return decide(town.county_edu, submit(town.police, campus_activity(town.school_a, **overrides)))


def test_codes_use_an_unambiguous_alphabet_and_typing_variants_are_accepted():
    code = codes.new_code()

    assert len(code) == 8
    assert not set(code) & set("01OIL")
    assert codes.normalize(f" {code[:4].lower()}-{code[4:]} ") == code
    assert codes.normalize("O0O0-1111") == ""


def test_a_valid_code_answers_with_the_matter(town, client):
    matter = _approved(town)

    body = client.get(f"/api/v1/verify/{matter.verification_code}").json()

    assert body == {
        "valid": True,
        "status": "valid",
        "message": "核验通过：该事项已经批准并在有效期内。",
        "code": matter.verification_code,
        "kind": "campus_activity",
        "kind_label": "进校园活动",
        "title": "交通安全知识宣讲进校园",
        "organizer": "固阳县公安局",
        "approved_by": "固阳县教育局",
        "starts_on": matter.starts_on.isoformat(),
        "ends_on": matter.ends_on.isoformat(),
        "out_of_plan": False,
        "schools": ["固阳县第一小学"],
    }


def test_an_unknown_code_is_refused_plainly_in_chinese(client, db):
    body = client.get("/api/v1/verify/ZZZZ9999").json()
    page = client.get("/verify/ZZZZ9999").content.decode()

    assert (body["valid"], body["status"], body["title"]) == (False, "unknown", None)
    assert "查无此核验码：该要求未经批准公示" in page
    assert "12345" in page
    assert 'href="/whitelist/"' in page


def test_an_expired_code_says_so(town, client):
    matter = _approved(town)
    Matter.objects.filter(pk=matter.pk).update(ends_on=timezone.localdate() - dt.timedelta(days=1))

    body = client.get(f"/api/v1/verify/{matter.verification_code}").json()

    assert (body["valid"], body["status"]) == (False, "expired")
    assert body["message"] == "该核验码对应的事项已过有效期，不能再据此进入学校或向教师提出要求。"


def test_a_pending_matter_has_no_code_and_is_not_on_the_whitelist(town, client):
    pending = submit(town.police, campus_activity(town.school_a, title="待审批的活动"))
    approved = _approved(town, title="已批准的活动")

    body = client.get("/api/v1/whitelist").json()

    assert pending.verification_code is None
    assert [item["id"] for item in body["items"]] == [approved.pk]


def test_the_whitelist_filters_by_school_region_kind_and_date(town, client):
    a = _approved(town, title="甲校活动")
    b = _approved(town, title="乙校活动", school_codes=[town.school_a2.code])

    def ids(**params):
        return [item["id"] for item in client.get("/api/v1/whitelist", params).json()["items"]]

    assert ids(school=town.school_a2.code) == [b.pk]
    assert sorted(ids(region="150222")) == sorted([a.pk, b.pk])
    assert ids(region="150203") == []
    assert ids(kind="social_exam") == []
    assert ids(date_to=(a.starts_on - dt.timedelta(days=1)).isoformat()) == []
    page = client.get("/whitelist/", {"school": town.school_a2.code}).content.decode()
    assert "乙校活动" in page and "甲校活动" not in page


def test_the_qr_image_is_an_svg_at_its_own_url(town, client):
    matter = _approved(town)

    response = client.get(f"/verify/{matter.verification_code}/qr.svg")

    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.lstrip().startswith(b"<svg")
    assert client.get("/verify/ZZZZ9999/qr.svg").status_code == 404
