"""The data scope of the administrators and of a pending account (ADR 0009): no business model at all, whatever
the rules for other roles say (regions and departments are visible to every business role)."""

import pytest

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.matters.models import Matter
from jianfu.registry.models import Department, Region, School, Student, Teacher
from tests.accounts.administrators import administrator
from tests.factories import StudentFactory, TeacherFactory

CONFINED = [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.PENDING]
BUSINESS_MODELS = [Region, Department, School, Teacher, Student, Matter]


@pytest.mark.parametrize("role", CONFINED)
def test_a_confined_role_sees_no_row_of_any_business_model(db, role):
    StudentFactory(school=TeacherFactory().school)
    user = administrator(role)

    seen = {model.__name__: scope.visible_to(user, model).count() for model in BUSINESS_MODELS}

    assert seen == dict.fromkeys(seen, 0)


@pytest.mark.parametrize("role", CONFINED)
def test_a_confined_role_may_see_no_business_model_for_the_menu(db, role):
    user = administrator(role)

    assert [model.__name__ for model in BUSINESS_MODELS if scope.can_see(user, model)] == []


@pytest.mark.parametrize(
    ("role", "sees"), [(Role.AUDIT_ADMIN, True), (Role.SYSTEM_ADMIN, False), (Role.SECURITY_ADMIN, False)]
)
def test_of_the_administrators_only_the_audit_administrator_sees_the_audit_log(db, role, sees):
    assert scope.can_see(administrator(role), AuditEvent) is sees
