"""The demo ledger: four months of hours for every active teacher, rollups equal to the ledger, loaded once."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum

from jianfu.audit.models import AuditEvent
from jianfu.burden.demo import demo_ledger_load
from jianfu.burden.models import LedgerEntry, LedgerRollup, SchoolMonthWarnings
from jianfu.registry.models import Teacher

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def demo(db):
    call_command("demo-data", "--scale", "small", stdout=None, stderr=None, verbosity=0)


def test_the_demo_command_loads_four_months_for_every_active_teacher_with_rollups_and_one_audit_row(demo):
    teachers = Teacher.objects.filter(status=Teacher.Status.ACTIVE).count()

    assert LedgerEntry.objects.values("teacher_id").distinct().count() == teachers
    assert LedgerEntry.objects.dates("date", "month").count() == 4
    total = LedgerEntry.objects.aggregate(h=Sum("hours"))["h"]
    assert Decimal(str(LedgerRollup.objects.aggregate(h=Sum("hours"))["h"])) == Decimal(str(total))
    assert SchoolMonthWarnings.objects.filter(teachers__gt=0).exists()
    event = AuditEvent.objects.get(action="ledgerentry.demo_loaded")
    assert event.extra == {"entries": LedgerEntry.objects.count()}


def test_a_second_load_writes_nothing(demo):
    before = LedgerEntry.objects.count()

    assert demo_ledger_load(today=TODAY) == 0
    assert LedgerEntry.objects.count() == before
