"""The monthly rollups equal a GROUP BY over the ledger after mixed writes and corrections; rebuild agrees."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from jianfu.burden import rollups
from jianfu.burden.models import (
    LedgerEntry,
    LedgerRollup,
    RegionLedgerRollup,
    RegionTrainingRollup,
    TeacherLedgerRollup,
    TeacherMonthRollup,
    TeacherTrainingRollup,
    TrainingRollup,
)
from jianfu.burden.services import ledger
from tests.burden.conftest import approved_matter

CENT = Decimal("0.01")


def _q(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


def ledger_groups(*keys) -> dict:
    rows = (
        LedgerEntry.objects.annotate(m=TruncMonth("date"))
        .order_by()
        .values(*keys, "m")
        .annotate(total=Sum("hours"), n=Count("pk"))
    )
    return {(*(r[k] for k in keys), r["m"]): (_q(r["total"]), r["n"]) for r in rows}


def rollup_rows(model, *keys) -> dict:
    return {(*(r[k] for k in keys), r["month"]): (_q(r["hours"]), r["entries"])
            for r in model.objects.values(*keys, "month", "hours", "entries")}  # fmt: skip


def assert_rollups_match_ledger():
    assert rollup_rows(LedgerRollup, "school_id", "category") == ledger_groups("school_id", "category")
    assert rollup_rows(TeacherLedgerRollup, "school_id", "teacher_id", "category") == ledger_groups(
        "school_id", "teacher_id", "category"
    )
    assert rollup_rows(TeacherMonthRollup, "school_id", "teacher_id") == ledger_groups(
        "school_id", "teacher_id"
    )


def mixed_writes(place):
    """Entries over two months and three categories, in two schools, then corrections and a resolved dispute."""
    matter = approved_matter(place.school, kind="meeting", day=dt.date(2024, 3, 5))
    everyone = [place.zhang.pk, place.li.pk, place.wang.pk]
    first = ledger.ledger_record_participation(
        actor=place.admin, teacher_ids=everyone, hours="1.5", date=dt.date(2024, 3, 5), matter_id=matter.pk
    )
    ledger.ledger_record_participation(
        actor=place.admin, teacher_ids=[place.zhang.pk], hours="0.25", date=dt.date(2024, 3, 31),
        category="data_requests", note="填报表格",
    )  # fmt: skip
    ledger.ledger_record_participation(
        actor=place.admin, teacher_ids=everyone[:2], hours="2.10", date=dt.date(2024, 4, 1),
        category="inspections", note="迎检材料",
    )  # fmt: skip
    ledger.ledger_record_participation(
        actor=place.other_admin, teacher_ids=[place.stranger.pk], hours="3", date=dt.date(2024, 3, 20),
        category="meetings", note="区里会议",
    )  # fmt: skip
    ledger.ledger_entry_correct(
        actor=place.admin, entry_id=first[0].pk, corrected_hours="0.5", reason="提前离会"
    )
    ledger.ledger_entry_correct(
        actor=place.admin, entry_id=first[0].pk, corrected_hours="1.75", reason="核实"
    )
    ledger.ledger_entry_correct(actor=place.admin, entry_id=first[1].pk, corrected_hours="0", reason="未参加")
    dispute = ledger.ledger_dispute_open(
        actor=place.teacher_user, entry_id=first[0].pk, reason="实际2小时", claimed_hours="2"
    )
    ledger.ledger_dispute_resolve(
        actor=place.admin, dispute_id=dispute.pk, resolution="核实为2小时", corrected_hours="2"
    )
    return first


def test_the_rollups_equal_a_group_by_over_the_ledger_after_mixed_writes_and_corrections(place):
    first = mixed_writes(place)

    assert_rollups_match_ledger()
    march = dt.date(2024, 3, 1)
    school = {r.category: r for r in LedgerRollup.objects.filter(school=place.school, month=march)}
    # 1.5 x 3, zhang corrected to 1.75 then 2 (disputed), li to 0: 2 + 0 + 1.5
    assert _q(school["meetings"].hours) == Decimal("3.50")
    assert school["meetings"].entries == 3 + 4  # three entries, four corrections
    assert _q(school["data_requests"].hours) == Decimal("0.25")
    zhang = TeacherMonthRollup.objects.get(teacher=place.zhang, month=march)
    assert _q(zhang.hours) == Decimal("2.25")
    assert LedgerEntry.objects.filter(corrects=first[1]).count() == 1


def test_a_rebuild_gives_the_same_table(place):
    mixed_writes(place)
    before = [rollup_rows(m, *k) for m, k in (
        (LedgerRollup, ("school_id", "category")),
        (TeacherLedgerRollup, ("school_id", "teacher_id", "category")),
        (TeacherMonthRollup, ("school_id", "teacher_id")),
    )]  # fmt: skip
    LedgerRollup.objects.filter(category="meetings").update(hours=Decimal("999"))  # damage to repair
    TeacherMonthRollup.objects.all().delete()
    RegionLedgerRollup.objects.all().delete()

    counts = rollups.rollups_rebuild()

    after = [rollup_rows(m, *k) for m, k in (
        (LedgerRollup, ("school_id", "category")),
        (TeacherLedgerRollup, ("school_id", "teacher_id", "category")),
        (TeacherMonthRollup, ("school_id", "teacher_id")),
    )]  # fmt: skip
    assert after == before
    assert counts == {"ledgerrollup": len(before[0]), "teacherledgerrollup": len(before[1]),
                      "teachermonthrollup": len(before[2]), "regionledgerrollup": 4,
                      "schoolmonthwarnings": 3, "trainingrollup": 0,
                      "regiontrainingrollup": 0, "teachertrainingrollup": 0}  # fmt: skip
    assert_rollups_match_ledger()


def test_the_rebuild_command_backfills_rows_written_past_the_services(place, capsys):
    LedgerEntry.objects.create(
        teacher=place.li, school=place.school, category="other", hours=Decimal("4.2"),
        date=dt.date(2024, 5, 9), recorded_by=place.admin,
    )  # fmt: skip
    assert not LedgerRollup.objects.exists()  # a bulk load bypasses the services

    call_command("rollups-rebuild")

    assert "月度汇总已重算" in capsys.readouterr().out
    assert_rollups_match_ledger()
    assert _q(LedgerRollup.objects.get().hours) == Decimal("4.20")


@pytest.mark.django_db(transaction=True)
def test_a_failed_write_leaves_no_rollup(place, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(ledger.events, "ledger_recorded", broken)
    with pytest.raises(RuntimeError):
        ledger.ledger_record_participation(
            actor=place.admin, teacher_ids=[place.zhang.pk], hours="1", date=dt.date(2024, 3, 5),
            category="other", note="测试",
        )  # fmt: skip
    assert not LedgerEntry.objects.exists()
    assert not LedgerRollup.objects.exists()


def test_training_hours_are_rolled_up_by_tier_and_a_rebuild_agrees(place):
    county_tier = approved_matter(place.school, kind="training", day=dt.date(2024, 3, 5), tier="county")
    untiered = approved_matter(place.school, kind="training", day=dt.date(2024, 3, 6))
    first = ledger.ledger_record_participation(
        actor=place.admin, teacher_ids=[place.zhang.pk, place.li.pk], hours="3", date=dt.date(2024, 3, 5),
        matter_id=county_tier.pk,
    )  # fmt: skip
    ledger.ledger_record_participation(
        actor=place.admin,
        teacher_ids=[place.wang.pk],
        hours="2",
        date=dt.date(2024, 3, 6),
        matter_id=untiered.pk,
    )
    ledger.ledger_entry_correct(actor=place.admin, entry_id=first[0].pk, corrected_hours="1", reason="早退")

    def table():
        return {
            (r.school_id, r.month, r.tier): (_q(r.hours), r.entries) for r in TrainingRollup.objects.all()
        }

    march = dt.date(2024, 3, 1)
    assert table() == {
        (place.school.pk, march, "county"): (Decimal("4.00"), 3),  # 3 + 3 - 2
        (place.school.pk, march, "other"): (Decimal("2.00"), 1),
    }

    def teachers():
        return {
            (r.teacher_id, r.year, r.tier): (_q(r.hours), r.entries)
            for r in TeacherTrainingRollup.objects.all()
        }

    assert teachers() == {
        (place.zhang.pk, 2024, "county"): (Decimal("1.00"), 2),
        (place.li.pk, 2024, "county"): (Decimal("3.00"), 1),
        (place.wang.pk, 2024, "other"): (Decimal("2.00"), 1),
    }

    def counties():
        return {
            (r.region_id, r.month, r.tier): (_q(r.hours), r.entries)
            for r in RegionTrainingRollup.objects.all()
        }

    county = place.school.region_id
    assert counties() == {
        (county, march, "county"): (Decimal("4.00"), 3),
        (county, march, "other"): (Decimal("2.00"), 1),
    }
    before = table(), teachers(), counties()
    TrainingRollup.objects.all().delete()
    RegionTrainingRollup.objects.all().delete()
    TeacherTrainingRollup.objects.update(hours=Decimal("99"))

    rollups.rollups_rebuild()

    assert (table(), teachers(), counties()) == before
    assert set(TrainingRollup.objects.values_list("region_id", flat=True)) == {place.school.region_id}
