"""The case library: a confirmed violation is stored with its audit row, and alike Matters get a review."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.policy.context import ScreeningContext
from jianfu.policy.engine import screen
from jianfu.policy.models import ConfirmedCase
from jianfu.policy.services import case_index_from_db, confirmed_case_add
from jianfu.policy.similarity import IndexedMatter, SimilarityIndex
from tests.factories import user_with_role
from tests.policy import builders

CASE_TITLE = "组织教师参加商业保险推介会"
CASE_TEXT = "请各校组织教师周四下午到区文化中心参加某保险公司健康险推介会，并填写意向登记表。"


def _case_index(measure: int = 9, rule_id: str = "") -> SimilarityIndex:
    index = SimilarityIndex()
    index.add(IndexedMatter("7", "", CASE_TITLE, CASE_TEXT, payload={"measure": measure, "rule_id": rule_id}))
    return index


def test_alike_matter_gets_a_review_citing_the_case_measure():
    matter = builders.task(
        "组织教师参加保险推介会", "请各校组织教师到区文化中心参加保险公司健康险推介会，填写意向登记表。"
    )
    result = screen(matter, ScreeningContext(case_index=_case_index()))
    finding = next(f for f in result.findings if f.rule == "CASE.7")
    assert (finding.measure, finding.severity) == (9, "review")
    assert CASE_TITLE in finding.message and "第9条" in finding.message
    assert finding.quote
    assert result.verdict in {"review", "block"}


def test_case_with_rule_id_quotes_that_rule():
    matter = builders.task(CASE_TITLE, CASE_TEXT)
    result = screen(matter, ScreeningContext(case_index=_case_index(9, "M09.sales-fees")))
    finding = next(f for f in result.findings if f.rule == "CASE.7")
    assert "M09.sales-fees" in finding.message


def test_unlike_matter_gets_no_case_finding():
    matter = builders.task("初中数学教研活动", "市教研室组织全市初中数学学科教研活动。", edu=True)
    result = screen(matter, ScreeningContext(case_index=_case_index()))
    assert not [f for f in result.findings if f.rule.startswith("CASE.")]
    assert result.verdict == "pass"


@pytest.mark.django_db
def test_confirmed_case_add_writes_the_case_and_its_audit_row():
    supervisor = user_with_role(Role.SUPERVISOR)
    case = confirmed_case_add(
        actor=supervisor,
        measure=9,
        rule_id="M09.sales-fees",
        title=CASE_TITLE,
        description=CASE_TEXT,
        organizer_name="某区金融办",
        source_note="教师举报，督导核实",
    )
    assert ConfirmedCase.objects.get(pk=case.pk).confirmed_by == supervisor
    event = AuditEvent.objects.get(object_type="policy.confirmedcase", object_id=str(case.pk))
    assert event.action == "confirmedcase.create"
    assert event.changes["title"] == [None, CASE_TITLE]

    index = case_index_from_db()
    result = screen(builders.task(CASE_TITLE, CASE_TEXT), ScreeningContext(case_index=index))
    assert f"CASE.{case.pk}" in {f.rule for f in result.findings}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"measure": 21}, "measure"), ({"title": " "}, "title"), ({"rule_id": "M10.app-install"}, "rule_id")],
)
def test_confirmed_case_add_validates(kwargs, field):
    actor = user_with_role(Role.SUPERVISOR)
    data = {"measure": 9, "title": CASE_TITLE, **kwargs}
    with pytest.raises(ValidationError) as caught:
        confirmed_case_add(actor=actor, **data)
    assert field in caught.value.message_dict
    assert not ConfirmedCase.objects.exists()


@pytest.mark.django_db
def test_only_a_supervisor_may_confirm_a_case():
    with pytest.raises(PermissionDenied):
        confirmed_case_add(actor=user_with_role(Role.CITY_EDU), measure=9, title=CASE_TITLE)

    assert not ConfirmedCase.objects.exists()
