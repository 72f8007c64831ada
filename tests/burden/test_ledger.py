"""The ledger: append-only at model, queryset and database level; recording, disputes and corrections."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.http import Http404

from jianfu.audit.models import AuditEvent
from jianfu.burden.models import AppendOnlyLedgerError, Category, Dispute, LedgerEntry
from jianfu.burden.services import ledger
from tests.burden.conftest import approved_matter

TODAY = dt.date.today()


def record(place, matter=None, teachers=None, hours="2.5", **kwargs):
    return ledger.ledger_record_participation(
        actor=place.admin,
        matter_id=matter.pk if matter else None,
        teacher_ids=[t.pk for t in (teachers or [place.zhang])],
        hours=hours,
        date=kwargs.pop("date", TODAY),
        **kwargs,
    )


# --- append-only ---------------------------------------------------------------------------------------------


def test_a_saved_entry_refuses_save_and_delete(place):
    (entry,) = record(place, note="整理迎检材料")
    entry.hours = Decimal("9")

    with pytest.raises(AppendOnlyLedgerError):
        entry.save()
    with pytest.raises(AppendOnlyLedgerError):
        entry.delete()
    assert LedgerEntry.objects.get(pk=entry.pk).hours == Decimal("2.50")


def test_the_queryset_refuses_update_delete_and_bulk_update(place):
    (entry,) = record(place, note="整理迎检材料")

    with pytest.raises(AppendOnlyLedgerError):
        LedgerEntry.objects.filter(pk=entry.pk).update(hours=9)
    with pytest.raises(AppendOnlyLedgerError):
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyLedgerError):
        LedgerEntry.objects.bulk_update([entry], ["hours"])
    assert LedgerEntry.objects.get(pk=entry.pk).hours == Decimal("2.50")


def test_the_database_refuses_a_raw_update(place):
    (entry,) = record(place, note="整理迎检材料")

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE burden_ledgerentry SET hours = 9 WHERE id = %s", [entry.pk])
    assert LedgerEntry.objects.get(pk=entry.pk).hours == Decimal("2.50")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps DELETE for the test flush")
def test_postgresql_refuses_a_raw_delete(place):
    (entry,) = record(place, note="整理迎检材料")

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM burden_ledgerentry WHERE id = %s", [entry.pk])
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()


def test_the_database_refuses_a_zero_or_negative_normal_entry(place):
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.create(
            teacher=place.zhang, school=place.school, category="other", hours=Decimal("-1"), date=TODAY,
            recorded_by=place.admin,
        )  # fmt: skip
    assert LedgerEntry.objects.count() == 0


# --- recording -----------------------------------------------------------------------------------------------


def test_a_school_records_who_took_part_in_an_approved_matter_in_one_audited_step(place):
    matter = approved_matter(place.school, kind="inspection")

    entries = record(place, matter, teachers=[place.zhang, place.li], hours="1.5")

    assert [(e.teacher_id, e.category, e.hours, e.date) for e in entries] == [
        (place.zhang.pk, Category.INSPECTIONS, Decimal("1.50"), TODAY),
        (place.li.pk, Category.INSPECTIONS, Decimal("1.50"), TODAY),
    ]
    event = AuditEvent.objects.get(action="ledgerentry.create")
    assert event.object_id == str(matter.pk)
    assert event.region_code == "150222"
    assert [e["teacher"] for e in event.extra["entries"]] == [place.zhang.pk, place.li.pk]


def test_a_teacher_of_another_school_is_refused_and_nothing_is_recorded(place):
    with pytest.raises(ValidationError) as exc:
        record(place, teachers=[place.zhang, place.stranger], note="其他")

    assert exc.value.message_dict["teachers"] == ["所选教师须为本校教师"]
    assert LedgerEntry.objects.count() == 0
    assert not AuditEvent.objects.filter(action="ledgerentry.create").exists()


def test_a_matter_not_concerning_the_school_is_404_and_nothing_is_recorded(place):
    foreign = approved_matter(place.other_school)

    with pytest.raises(Http404):
        record(place, foreign)
    assert LedgerEntry.objects.count() == 0


@pytest.mark.parametrize(("hours", "field"), [("0", "hours"), ("25", "hours"), ("abc", "hours")])
def test_invalid_hours_are_refused_in_chinese(place, hours, field):
    with pytest.raises(ValidationError) as exc:
        record(place, hours=hours, note="其他")
    assert exc.value.message_dict[field][0] in (
        "小时数应大于0",
        "单条记录不超过24小时",
        "请填写小时数，例如 1.5",
    )
    assert LedgerEntry.objects.count() == 0


def test_a_teacher_may_not_record(place):
    with pytest.raises(PermissionDenied):
        ledger.ledger_record_participation(
            actor=place.teacher_user, teacher_ids=[place.zhang.pk], hours="1", date=TODAY, note="x"
        )
    assert LedgerEntry.objects.count() == 0


# --- disputes and corrections --------------------------------------------------------------------------------


def test_a_dispute_resolved_with_a_correction_nets_out_and_leaves_the_entry_untouched(place):
    (entry,) = record(place, approved_matter(place.school), hours="3")
    dispute = ledger.ledger_dispute_open(
        actor=place.teacher_user, entry_id=entry.pk, reason="实际只参与了1小时", claimed_hours="1"
    )

    resolved = ledger.ledger_dispute_resolve(
        actor=place.admin, dispute_id=dispute.pk, resolution="核实后更正为1小时", corrected_hours="1"
    )

    correction = resolved.correction
    assert resolved.status == Dispute.Status.RESOLVED
    assert (correction.kind, correction.hours, correction.corrects_id, correction.category, correction.date) == (
        "correction", Decimal("-2.00"), entry.pk, entry.category, entry.date,
    )  # fmt: skip
    assert LedgerEntry.objects.get(pk=entry.pk).hours == Decimal("3.00")
    assert ledger.entry_net_hours(entry) == Decimal("1.00")
    assert list(
        AuditEvent.objects.filter(action__in=["dispute.open", "ledgerentry.correct", "dispute.resolve"])
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["dispute.open", "ledgerentry.correct", "dispute.resolve"]


def test_a_dispute_confirmed_without_correction_adds_no_entry(place):
    (entry,) = record(place, note="值班", hours="2")
    dispute = ledger.ledger_dispute_open(actor=place.teacher_user, entry_id=entry.pk, reason="时长有误")

    ledger.ledger_dispute_resolve(actor=place.admin, dispute_id=dispute.pk, resolution="经核实无误")

    assert LedgerEntry.objects.count() == 1
    assert Dispute.objects.get().status == Dispute.Status.RESOLVED


def test_a_second_open_dispute_on_the_same_entry_is_refused(place):
    (entry,) = record(place, note="值班")
    ledger.ledger_dispute_open(actor=place.teacher_user, entry_id=entry.pk, reason="时长有误")

    with pytest.raises(ValidationError) as exc:
        ledger.ledger_dispute_open(actor=place.teacher_user, entry_id=entry.pk, reason="再次提出")
    assert exc.value.message_dict["entry"] == ["这条记录已有待处理的异议"]
    assert Dispute.objects.count() == 1


def test_a_teacher_cannot_dispute_a_colleagues_entry(place):
    (entry,) = record(place, teachers=[place.li], note="值班")

    with pytest.raises(Http404):
        ledger.ledger_dispute_open(actor=place.teacher_user, entry_id=entry.pk, reason="不是我的")
    assert Dispute.objects.count() == 0


def test_another_school_cannot_resolve_and_nothing_changes(place):
    (entry,) = record(place, note="值班", hours="2")
    dispute = ledger.ledger_dispute_open(actor=place.teacher_user, entry_id=entry.pk, reason="时长有误")

    with pytest.raises(Http404):
        ledger.ledger_dispute_resolve(
            actor=place.other_admin, dispute_id=dispute.pk, resolution="x", corrected_hours="0"
        )
    assert Dispute.objects.get().status == Dispute.Status.OPEN
    assert LedgerEntry.objects.count() == 1


def test_a_correction_to_zero_reverses_the_entry(place):
    (entry,) = record(place, note="值班", hours="2")

    correction = ledger.ledger_entry_correct(
        actor=place.admin, entry_id=entry.pk, corrected_hours="0", reason="误录"
    )

    assert correction.hours == Decimal("-2.00")
    assert ledger.entry_net_hours(entry) == Decimal("0.00")
    with pytest.raises(ValidationError):
        ledger.ledger_entry_correct(
            actor=place.admin, entry_id=correction.pk, corrected_hours="1", reason="x"
        )
