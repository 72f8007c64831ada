"""The similarity index: add/remove/query, scores in 0..1, reasons per kind, and `similar` in results."""

import sys
import threading

import pytest
from django.db import transaction

from jianfu.accounts.models import Role
from jianfu.policy.context import ScreeningContext
from jianfu.policy.engine import screen
from jianfu.policy.services import case_index_current, confirmed_case_add
from jianfu.policy.similarity import IndexedMatter, SimilarityIndex, reason_for
from tests.factories import user_with_role
from tests.policy import builders


def _index() -> SimilarityIndex:
    index = SimilarityIndex()
    index.add_many(
        [
            IndexedMatter(
                "1",
                "meeting",
                "全市春季校园安全工作会议",
                "部署春季学期校园安全工作，各旗县区教育局分管领导参加。",
            ),
            IndexedMatter(
                "2", "inspection", "校园食品安全专项检查", "对全县中小学食堂开展食品安全专项检查。"
            ),
            IndexedMatter("3", "data_request", "教师基本情况统计", "统计全县教师姓名、学历和职称。"),
            IndexedMatter("4", "task", "垃圾分类主题教育", "各校开展垃圾分类主题班会。"),
        ]
    )
    return index


def test_query_finds_the_alike_meeting_for_merging():
    matches = _index().query(
        "全市校园安全工作会议", "部署校园安全工作，各旗县区教育局分管领导参加。", kind="meeting"
    )
    assert matches[0].id == "1"
    assert matches[0].reason == "merge_meeting"
    assert 0.3 <= matches[0].score <= 1.0


def test_inspection_results_are_offered_for_reuse():
    matches = _index().query("学校食堂食品安全检查", "对中小学食堂开展食品安全检查。", kind="inspection")
    assert (matches[0].id, matches[0].reason) == ("2", "reuse_results")


def test_unrelated_text_finds_nothing():
    assert _index().query("初中数学教研活动", "各校数学教研组长参加。", kind="task") == []


def test_remove_and_readd():
    index = _index()
    index.remove("1")
    assert "1" not in index and len(index) == 3
    assert all(m.id != "1" for m in index.query("全市春季校园安全工作会议", kind="meeting"))
    index.remove("missing")  # no error
    index.add(IndexedMatter("1", "meeting", "全市春季校园安全工作会议"))
    assert index.query("全市春季校园安全工作会议", kind="meeting")[0].id == "1"


def test_identical_text_scores_one():
    index = _index()
    assert index.query("校园食品安全专项检查", "对全县中小学食堂开展食品安全专项检查。")[0].score == 1.0


def test_reasons():
    assert reason_for("meeting", "meeting") == "merge_meeting"
    assert reason_for("inspection", "inspection") == "reuse_results"
    assert reason_for("data_request", "data_request") == "reuse_materials"
    assert reason_for("data_request", "task") == "reuse_materials"
    assert reason_for("task", "meeting") == "similar"


def test_screen_lists_at_most_five_similar_excluding_itself():
    index = SimilarityIndex()
    for number in range(8):
        index.add(
            IndexedMatter(str(number), "meeting", "全市教学工作会议", f"部署本学期教学工作，第{number}次。")
        )
    context = ScreeningContext(matter_index=index, exclude_similar_ids=frozenset({"0"}))
    result = screen(builders.meeting(), context)
    assert 1 <= len(result.similar) <= 5
    assert all(item["id"] != "0" and item["reason"] == "merge_meeting" for item in result.similar)
    assert set(result.similar[0]) == {"id", "kind", "title", "score", "reason"}


def test_empty_index_and_no_index():
    assert screen(builders.meeting(), ScreeningContext(matter_index=SimilarityIndex())).similar == ()
    assert screen(builders.meeting()).similar == ()


def test_readding_a_matter_replaces_it_and_makes_it_the_newest():
    index = _index()

    index.add(IndexedMatter("2", "inspection", "学校食堂食品安全督查", "督查中小学食堂的食品安全。"))

    assert (len(index), index.ids()) == (4, ["1", "3", "4", "2"])
    assert index.title_of("2") == "学校食堂食品安全督查"
    assert index.title_of("missing") is None


def test_a_match_carries_its_payload_and_one_without_a_payload_an_empty_mapping():
    index = SimilarityIndex()
    index.add(IndexedMatter("7", "", "组织教师参加商业保险推介会", payload={"measure": 9, "rule_id": ""}))
    index.add(IndexedMatter("8", "task", "组织教师参加商业保险推介会"))

    payloads = {match.id: dict(match.payload) for match in index.query("组织教师参加商业保险推介会")}

    assert payloads == {"7": {"measure": 9, "rule_id": ""}, "8": {}}


def test_queries_while_another_thread_adds_and_removes_see_a_consistent_index():
    index = _index()
    errors = []

    def write():
        try:
            for number in range(300):
                index.add(
                    IndexedMatter(f"w{number}", "meeting", "全市校园安全工作会议", f"第{number}次会议。")
                )
                index.remove(f"w{number - 1}")
        except Exception as exc:  # reported below
            errors.append(exc)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads often, inside a query's loops
    try:
        writer = threading.Thread(target=write)
        writer.start()
        while writer.is_alive():
            index.query("全市校园安全工作会议", "部署校园安全工作。", kind="meeting")
        writer.join()
    finally:
        sys.setswitchinterval(interval)

    assert errors == []
    assert sorted(index.ids()) == ["1", "2", "3", "4", "w299"]


@pytest.mark.django_db
def test_a_case_confirmed_later_joins_the_same_case_index_and_a_rolled_back_one_leaves_it():
    supervisor = user_with_role(Role.SUPERVISOR)
    confirmed_case_add(actor=supervisor, measure=9, title="组织教师参加商业保险推介会")
    index = case_index_current()

    later = confirmed_case_add(actor=supervisor, measure=10, title="要求教师下载政务APP并每日打卡")
    assert case_index_current() is index
    assert index.title_of(str(later.pk)) == "要求教师下载政务APP并每日打卡"

    with transaction.atomic():
        ghost = confirmed_case_add(actor=supervisor, measure=10, title="要求家长转发投票链接")
        assert str(ghost.pk) in case_index_current()
        transaction.set_rollback(True)

    assert str(ghost.pk) not in case_index_current()
    assert len(case_index_current()) == 2
