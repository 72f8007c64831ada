"""The similarity index: add/remove/query, scores in 0..1, reasons per kind, and `similar` in results."""

from jianfu.policy.context import ScreeningContext
from jianfu.policy.engine import screen
from jianfu.policy.similarity import IndexedMatter, SimilarityIndex, reason_for
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
