"""M14.prose-secondment reads who is borrowed: a teacher is a secondment, a classroom is not."""

from jianfu.policy.engine import screen
from tests.policy import builders


def _rules(title: str, text: str) -> set[str]:
    return {finding.rule for finding in screen(builders.task(title, text)).findings}


def test_borrowing_a_teacher_for_a_year_is_flagged():
    assert "M14.prose-secondment" in _rules("借用人员", "借用各校骨干教师一名到区委办公室工作一年。")


def test_borrowing_a_computer_room_as_an_exam_site_is_not_a_secondment():
    assert "M14.prose-secondment" not in _rules(
        "借用考点", "借用学校计算机教室作为考点，监考由考试机构自行安排。"
    )
