"""The per-process similarity index of submitted Matters: another process's writes reach it by reading the
changed rows, not by a rebuild; drafts, deletions and rolled-back rows leave it; an unchanged table costs one
query per screening."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from jianfu.matters import screening
from jianfu.matters.models import Matter, State
from tests.matters.conftest import inspection, submit

FOOD = ("校园食品安全专项检查", "对全县中小学食堂开展食品安全专项检查，查看食材采购和留样记录。")
DROWNING = ("防溺水安全教育专项督查", "督查各校暑期防溺水安全教育开展情况，查阅家长告知书回执。")


def _written_elsewhere(
    town, *, title: str = FOOD[0], description: str = FOOD[1], state: str = State.CONSULTATION
):
    """A submitted Matter as another worker's commit leaves it: saved without this process's index_update."""
    return Matter.objects.create(
        kind="inspection",
        title=title,
        description=description,
        organizer=town.police.department,
        submitted_by=town.police,
        chain="inspection",
        state=state,
        submitted_at=timezone.now(),
    )


def _stamp(matter: Matter, at: dt.datetime) -> None:
    """Set a row's updated_at as another process's save would have (a queryset update skips auto_now)."""
    Matter.objects.filter(pk=matter.pk).update(updated_at=at)


def _counts() -> tuple[int, int]:
    return screening.stats["builds"], screening.stats["reconciles"]


def test_a_matter_submitted_by_another_process_is_found_by_the_next_screening_without_a_rebuild(town):
    submit(town.police, inspection(town.school_a))  # this worker has screened: its index is built
    index = screening.matter_index()
    before = _counts()

    other = _written_elsewhere(town)
    mine = submit(town.police, inspection(town.school_a, title=FOOD[0], description=FOOD[1]))

    assert mine.similar[0] == {
        "id": str(other.pk),
        "kind": "inspection",
        "title": FOOD[0],
        "score": 1.0,
        "reason": "reuse_results",
    }
    assert screening.matter_index() is index
    assert _counts() == before


def test_a_matter_edited_by_another_process_is_reindexed_under_its_new_title(town):
    other = _written_elsewhere(town)
    index = screening.matter_index()
    before = _counts()

    Matter.objects.filter(pk=other.pk).update(title=DROWNING[0], updated_at=timezone.now())

    assert screening.matter_index().title_of(str(other.pk)) == DROWNING[0]
    assert index.query(*DROWNING)[0].id == str(other.pk)
    assert _counts() == before


def test_a_matter_returned_to_draft_by_another_process_leaves_the_index_without_a_rebuild(town):
    other = _written_elsewhere(town)
    kept = _written_elsewhere(town, title=DROWNING[0], description=DROWNING[1])
    index = screening.matter_index()
    before = _counts()

    Matter.objects.filter(pk=other.pk).update(state=State.DRAFT, updated_at=timezone.now())

    assert screening.matter_index().ids() == [str(kept.pk)]
    assert screening.matter_index() is index
    assert _counts() == before


def test_a_matter_deleted_by_another_process_leaves_the_index_at_the_next_recount(town, monkeypatch):
    monkeypatch.setattr(screening, "RECOUNT_SECONDS", 0.0)  # every look counts, as every minute does
    older = _written_elsewhere(town)
    newer = _written_elsewhere(town, title=DROWNING[0], description=DROWNING[1])
    index = screening.matter_index()
    builds, reconciles = _counts()

    older.delete()  # not the newest row: the table's newest update and last id stay the same

    assert screening.matter_index().ids() == [str(newer.pk)]
    assert screening.matter_index() is index
    assert _counts() == (builds, reconciles + 1)


def test_a_rolled_back_matter_does_not_stay_in_the_index(town):
    kept = _written_elsewhere(town, title=DROWNING[0], description=DROWNING[1])
    index = screening.matter_index()
    builds, reconciles = _counts()

    with transaction.atomic():
        ghost = _written_elsewhere(town)
        assert str(ghost.pk) in screening.matter_index()
        transaction.set_rollback(True)

    assert screening.matter_index().ids() == [str(kept.pk)]
    assert screening.matter_index() is index
    assert _counts() == (builds, reconciles + 1)


def test_two_matters_saved_in_the_same_microsecond_are_both_indexed(town):
    at = timezone.now()
    first = _written_elsewhere(town)
    _stamp(first, at)
    screening.matter_index()  # sees the first at `at`
    before = _counts()

    second = _written_elsewhere(town, title=DROWNING[0], description=DROWNING[1])
    _stamp(second, at)

    assert screening.matter_index().ids() == [str(first.pk), str(second.pk)]
    assert _counts() == before  # read as a changed row, not found by the count


def test_a_matter_committed_after_a_newer_update_was_seen_is_indexed_by_the_overlap(town):
    first = _written_elsewhere(town)
    screening.matter_index()
    before = _counts()

    # Saved 5 s before the newest update this process has seen, committed after it.
    late = _written_elsewhere(town, title=DROWNING[0], description=DROWNING[1])
    _stamp(late, first.updated_at - dt.timedelta(seconds=5))

    assert str(late.pk) in screening.matter_index()
    assert _counts() == before


def test_when_nothing_changed_a_screening_costs_one_query(town, django_assert_num_queries):
    _written_elsewhere(town)
    screening.matter_index()

    with django_assert_num_queries(1):
        screening.matter_index()


def test_a_matter_submitted_in_this_process_is_not_read_again_by_the_next_look(
    town, django_capture_on_commit_callbacks, django_assert_num_queries
):
    screening.matter_index()
    with django_capture_on_commit_callbacks(execute=True):
        mine = submit(town.police, inspection(town.school_a))

    # The table's newest update, the changed rows' ids and versions, the count: no text is read.
    with django_assert_num_queries(3):
        index = screening.matter_index()
    assert index.ids() == [str(mine.pk)]


def test_the_first_look_indexes_every_submitted_matter_but_no_draft_oldest_update_first(town):
    older = _written_elsewhere(town)
    newer = _written_elsewhere(town, title=DROWNING[0], description=DROWNING[1])
    _written_elsewhere(town, title="教师基本情况统计", state=State.DRAFT)
    _stamp(older, timezone.now())  # updated last: the newest for the postings budget
    builds, reconciles = _counts()

    index = screening.matter_index()

    assert index.ids() == [str(newer.pk), str(older.pk)]
    assert _counts() == (builds + 1, reconciles)


@pytest.mark.parametrize("reset", [True, False])
def test_index_reset_makes_the_next_look_a_full_build(town, reset):
    _written_elsewhere(town)
    index = screening.matter_index()
    builds = screening.stats["builds"]
    if reset:
        screening.index_reset()

    again = screening.matter_index()

    assert (again is index, screening.stats["builds"] - builds) == ((False, 1) if reset else (True, 0))
