"""Benchmark: proctor assignment for 500 exams x 5,000 teachers (target: optimal in <= 2 s).

Run: .venv/bin/python bench/proctoring.py [--exams 500] [--teachers 5000] [--schools 100] [--seed 2020]
Synthetic and deterministic per seed: teachers spread over the hosting schools, each with this year's proctoring
count so far (0-2), some subjects excluded per exam (the exam's own subject teachers), exams over 20 exam days.
Prints the solve time, the optimum (the largest yearly load after assignment) and the lower bound.
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from jianfu.burden.solver import Exam, solve

SUBJECTS = ["语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "政治", "体育", "音乐", "美术"]
CAP = 4  # QuotaSetting.proctoring_per_teacher_year default


def instance(*, exams: int, teachers: int, schools: int, seed: int):
    rng = random.Random(seed)  # noqa: S311 (deterministic synthetic data)
    staff: dict[int, list[tuple[int, str]]] = {s: [] for s in range(schools)}
    existing = {}
    for t in range(teachers):
        school = t % schools
        staff[school].append((t, rng.choice(SUBJECTS)))
        existing[t] = rng.choice([0, 0, 0, 1, 1, 2])
    days = [f"2026-06-{d:02d}" for d in range(1, 21)]
    result = []
    for e in range(exams):
        school = e % schools
        excluded = set(rng.sample(SUBJECTS, 2))
        eligible = tuple(t for t, subject in staff[school] if subject not in excluded)
        needed = rng.randint(4, max(4, len(eligible) // 3))
        result.append(Exam(id=e, day=rng.choice(days), needed=needed, eligible=eligible))
    return result, existing


def run(*, exams: int = 500, teachers: int = 5000, schools: int = 100, seed: int = 2020) -> dict:
    """Solve one synthetic instance; the solution's optimum beside its lower bound and the solve time."""
    instance_exams, existing = instance(exams=exams, teachers=teachers, schools=schools, seed=seed)
    started = time.perf_counter()
    solution = solve(exams=instance_exams, existing=existing, cap=CAP)
    elapsed = time.perf_counter() - started
    return {
        "exams": exams, "teachers": teachers, "slots": sum(exam.needed for exam in instance_exams), "cap": CAP,
        "seconds": elapsed, "feasible": solution.feasible, "optimum": solution.optimum,
        "lower_bound": solution.lower_bound, "shortfalls": len(solution.shortfalls),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--exams", type=int, default=500)
    parser.add_argument("--teachers", type=int, default=5000)
    parser.add_argument("--schools", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2020)
    args = parser.parse_args()
    r = run(exams=args.exams, teachers=args.teachers, schools=args.schools, seed=args.seed)
    print(
        f"proctoring: {r['exams']} exams x {r['teachers']} teachers, {r['slots']} proctor slots, cap {CAP}/year; "
        f"solved in {r['seconds']:.3f} s (target <= 2 s)"
    )
    if r["feasible"]:
        verdict = "optimal = lower bound" if r["optimum"] == r["lower_bound"] else "optimal (flow-proven)"
        print(f"  optimum max load {r['optimum']}, lower bound {r['lower_bound']}: {verdict}")
    else:
        print(f"  infeasible: {r['shortfalls']} exams cannot be staffed; lower bound {r['lower_bound']}")


if __name__ == "__main__":
    main()
