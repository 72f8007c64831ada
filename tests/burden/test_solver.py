"""The proctor solver is optimal: checked against brute force on every small random case."""

import itertools
import random

import pytest

from jianfu.burden.solver import Exam, lower_bound, solve, water_level


def brute_force(exams, existing, cap):
    """The least max load over every assignment (None when none respects day and cap limits)."""
    options = [list(itertools.combinations(sorted(set(e.eligible)), e.needed)) for e in exams]
    best = None
    for choice in itertools.product(*options):
        loads = dict(existing)
        days = set()
        ok = True
        for exam, teachers in zip(exams, choice, strict=True):
            for t in teachers:
                if (t, exam.day) in days:
                    ok = False
                days.add((t, exam.day))
                loads[t] = loads.get(t, 0) + 1
        if ok and all(loads[t] <= cap for t in loads if loads[t] > existing.get(t, 0)):
            worst = max(loads.values(), default=0)
            best = worst if best is None else min(best, worst)
    return best


def random_case(rng):
    teachers = list(range(rng.randint(1, 6)))
    existing = {t: rng.randint(0, 2) for t in teachers}
    exams = []
    for e in range(rng.randint(1, 4)):
        eligible = tuple(t for t in teachers if rng.random() < 0.75)
        exams.append(
            Exam(id=e, day=rng.randint(1, 2), needed=rng.randint(0, min(3, len(eligible))), eligible=eligible)
        )
    return exams, existing, rng.randint(1, 4)


@pytest.mark.parametrize("seed", range(300))
def test_the_optimum_equals_brute_force(seed):
    exams, existing, cap = random_case(random.Random(seed))

    solution = solve(exams=exams, existing=existing, cap=cap)

    expected = brute_force(exams, existing, cap)
    if expected is None:
        assert not solution.feasible
        assert solution.shortfalls
    else:
        assert solution.feasible
        assert solution.optimum == expected
        assert solution.lower_bound <= solution.optimum
        # The assignment itself: needs met, eligible, one exam a day per teacher, caps kept, loads as reported.
        loads = dict(existing)
        days = set()
        for exam in exams:
            chosen = solution.assignments.get(exam.id, [])
            assert len(chosen) == exam.needed
            assert set(chosen) <= set(exam.eligible)
            for t in chosen:
                assert (t, exam.day) not in days
                days.add((t, exam.day))
                loads[t] = loads.get(t, 0) + 1
                assert loads[t] <= cap
        assert max(loads.values(), default=0) == solution.optimum


def test_the_load_is_spread_before_anyone_takes_a_second_exam():
    exams = [Exam(1, "d1", 2, ("a", "b", "c", "d")), Exam(2, "d2", 2, ("a", "b", "c", "d"))]

    solution = solve(exams=exams, existing={}, cap=4)

    assert (solution.optimum, solution.lower_bound) == (1, 1)
    assert sorted(solution.loads.values()) == [1, 1, 1, 1]


def test_existing_load_counts_and_the_least_loaded_go_first():
    exams = [Exam(1, "d1", 2, ("a", "b", "c"))]

    solution = solve(exams=exams, existing={"a": 2, "b": 0, "c": 0}, cap=4)

    assert sorted(solution.assignments[1]) == ["b", "c"]
    assert (solution.optimum, solution.lower_bound) == (2, 2)


def test_an_exam_with_too_few_eligible_teachers_is_reported_with_what_it_could_get():
    exams = [Exam(1, "d1", 3, ("a", "b")), Exam(2, "d1", 1, ("c",))]

    solution = solve(exams=exams, existing={}, cap=4)

    assert not solution.feasible
    assert solution.shortfalls == {1: 2}


def test_the_cap_is_never_exceeded():
    exams = [Exam(e, f"d{e}", 1, ("a", "b")) for e in range(5)]

    assert not solve(exams=exams, existing={"a": 1, "b": 2}, cap=3).feasible
    solution = solve(exams=exams[:3], existing={"a": 1, "b": 2}, cap=3)
    assert solution.loads == {"a": 3, "b": 3}


def test_water_level_and_lower_bound():
    assert water_level([0, 0, 3], 4) == 2
    assert water_level([1, 1], 0) == 0
    assert lower_bound([Exam(1, "d", 5, ("a", "b"))], {"a": 0, "b": 0}) == 3
