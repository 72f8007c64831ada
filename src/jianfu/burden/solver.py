"""Measure 8: assign proctors so that the largest yearly proctoring load is as small as possible (pure Python).

The model. Each exam needs `needed` proctors from its eligible teachers; a teacher proctors at most one exam a day
and at most `cap` exams a year, counting the `existing` assignments of the year. Minimise L, the largest load
(existing + new) over the teachers considered.

The algorithm (proven, exact). For a level L, the assignment exists iff the maximum flow of

    source -> exam (capacity needed) -> (teacher, day) (1) -> teacher (1) -> sink (capacity min(L, cap) - existing)

saturates every exam; integral capacities give an integral flow (the integrality theorem), so a feasible flow *is*
an assignment. Feasibility is monotone in L, so a binary search over L between a lower bound and `cap` finds the
optimum L*. The fair spread then fills levels from the bottom up (progressive filling / water-filling): the flow is
maximised with every teacher held to level k, then k + 1 reuses that flow and augments it, up to L*. Each level
holds as much of the work as any assignment could at that level, so loads stay as even as the eligibility allows;
edges to less-loaded teachers come first, so ties go to them. Max-flow is Dinic's algorithm.

The lower bound reported next to the optimum is independent of the flow: the largest existing load, and for every
exam and every connected group of exams the water-filling level that the needed proctors force on the eligible
teachers even if they could be split fractionally (an LP relaxation of the assignment without day and cap limits).
"""

from collections import deque
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Exam:
    id: Hashable
    day: Hashable
    needed: int
    eligible: tuple[Hashable, ...]


@dataclass
class Solution:
    feasible: bool
    optimum: int | None
    lower_bound: int
    assignments: dict[Hashable, list[Hashable]] = field(default_factory=dict)  # exam id -> teacher ids
    loads: dict[Hashable, int] = field(default_factory=dict)  # teacher -> existing + new
    shortfalls: dict[Hashable, int] = field(default_factory=dict)  # exam id -> most proctors it could get


class _Dinic:
    def __init__(self, size: int):
        self.graph: list[list[int]] = [[] for _ in range(size)]
        self.to: list[int] = []
        self.cap: list[int] = []

    def add_edge(self, u: int, v: int, capacity: int) -> int:
        self.graph[u].append(len(self.to))
        self.to.append(v)
        self.cap.append(capacity)
        self.graph[v].append(len(self.to))
        self.to.append(u)
        self.cap.append(0)
        return len(self.to) - 2

    def raise_capacity(self, edge: int, delta: int) -> None:
        self.cap[edge] += delta

    def max_flow(self, source: int, sink: int) -> int:
        total = 0
        while True:
            level = self._levels(source)
            if level[sink] < 0:
                return total
            pointer = [0] * len(self.graph)
            while True:
                pushed = self._push(source, sink, 1 << 30, level, pointer)
                if not pushed:
                    break
                total += pushed

    def _levels(self, source: int) -> list[int]:
        to, cap, graph = self.to, self.cap, self.graph
        level = [-1] * len(graph)
        level[source] = 0
        queue = deque([source])
        while queue:
            u = queue.popleft()
            for e in graph[u]:
                if cap[e] > 0 and level[to[e]] < 0:
                    level[to[e]] = level[u] + 1
                    queue.append(to[e])
        return level

    def _push(self, u: int, sink: int, limit: int, level: list[int], pointer: list[int]) -> int:
        # Paths are five nodes long (source, exam, slot, teacher, sink): recursion stays shallow.
        if u == sink:
            return limit
        edges, to, cap = self.graph[u], self.to, self.cap
        while pointer[u] < len(edges):
            e = edges[pointer[u]]
            v = to[e]
            if cap[e] > 0 and level[v] == level[u] + 1:
                pushed = self._push(v, sink, min(limit, cap[e]), level, pointer)
                if pushed:
                    cap[e] -= pushed
                    cap[e ^ 1] += pushed
                    return pushed
            pointer[u] += 1
        return 0


class _Network:
    """The flow network of one instance, with the teacher -> sink capacities set for a level."""

    def __init__(self, exams: Sequence[Exam], existing: dict, cap: int, level: int):
        self.cap, self.existing, self.level = cap, existing, level
        teachers = sorted(
            {t for exam in exams for t in exam.eligible}, key=lambda t: (existing.get(t, 0), str(t))
        )
        rank = {t: i for i, t in enumerate(teachers)}
        slots = sorted({(t, exam.day) for exam in exams for t in exam.eligible}, key=lambda s: rank[s[0]])
        self.source, self.sink = 0, 1
        exam_node = {exam.id: 2 + i for i, exam in enumerate(exams)}
        slot_node = {slot: 2 + len(exams) + i for i, slot in enumerate(slots)}
        teacher_node = {t: 2 + len(exams) + len(slots) + i for i, t in enumerate(teachers)}
        self.flow = _Dinic(2 + len(exams) + len(slots) + len(teachers))
        self.exam_edges = {}
        for exam in exams:
            self.exam_edges[exam.id] = self.flow.add_edge(self.source, exam_node[exam.id], exam.needed)
        self.choice_edges: dict = {}
        for exam in exams:
            for t in sorted(set(exam.eligible), key=rank.__getitem__):
                edge = self.flow.add_edge(exam_node[exam.id], slot_node[(t, exam.day)], 1)
                self.choice_edges.setdefault(exam.id, []).append((edge, t))
        for (t, _day), node in slot_node.items():
            self.flow.add_edge(node, teacher_node[t], 1)
        self.teacher_edges = {
            t: self.flow.add_edge(teacher_node[t], self.sink, self._room(t, level)) for t in teachers
        }
        self.value = 0

    def _room(self, teacher, level: int) -> int:
        return max(0, min(level, self.cap) - self.existing.get(teacher, 0))

    def augment(self) -> int:
        self.value += self.flow.max_flow(self.source, self.sink)
        return self.value

    def raise_level(self, level: int) -> None:
        for t, edge in self.teacher_edges.items():
            self.flow.raise_capacity(edge, self._room(t, level) - self._room(t, self.level))
        self.level = level

    def assignments(self) -> dict:
        return {
            exam_id: [t for edge, t in edges if self.flow.cap[edge] == 0]
            for exam_id, edges in self.choice_edges.items()
        }

    def exam_flows(self) -> dict:
        return {exam_id: self.flow.cap[edge ^ 1] for exam_id, edge in self.exam_edges.items()}


def water_level(loads: Iterable[int], units: int) -> int:
    """The least integer level L with sum(max(0, L - load)) >= units: what `units` force on these teachers."""
    values = sorted(loads)
    if units <= 0:
        return 0
    if not values:
        return 1 << 30  # no one to take the work: no finite level suffices
    low, high = values[0], values[-1] + units
    while low < high:
        mid = (low + high) // 2
        if sum(max(0, mid - v) for v in values) >= units:
            high = mid
        else:
            low = mid + 1
    return low


def lower_bound(exams: Sequence[Exam], existing: dict) -> int:
    bound = max(existing.values(), default=0)
    parent: dict = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for exam in exams:
        eligible = set(exam.eligible)
        bound = max(bound, water_level((existing.get(t, 0) for t in eligible), exam.needed))
        for t in eligible:
            parent[find(("t", t))] = find(("e", exam.id))
    groups: dict = {}
    for exam in exams:
        root = find(("e", exam.id))
        units, teachers = groups.setdefault(root, [0, set()])
        groups[root][0] = units + exam.needed
        teachers.update(exam.eligible)
    for units, teachers in groups.values():
        bound = max(bound, water_level((existing.get(t, 0) for t in teachers), units))
    return bound


def solve(*, exams: Sequence[Exam], existing: dict, cap: int) -> Solution:
    """The assignment minimising the largest load (existing + new) over `existing`'s teachers and the eligible."""
    exams = [exam for exam in exams if exam.needed > 0]
    demand = sum(exam.needed for exam in exams)
    loads = dict(existing)
    for exam in exams:
        for t in exam.eligible:
            loads.setdefault(t, 0)
    bound = min(lower_bound(exams, loads), 1 << 30)
    top = max(cap, max(loads.values(), default=0))
    widest = _Network(exams, loads, cap, top)
    if widest.augment() < demand:
        flows = widest.exam_flows()
        shortfalls = {exam.id: flows[exam.id] for exam in exams if flows[exam.id] < exam.needed}
        return Solution(False, None, bound, loads=loads, shortfalls=shortfalls)
    low, high = min(bound, top), top
    while low < high:
        mid = (low + high) // 2
        if _Network(exams, loads, cap, mid).augment() == demand:
            high = mid
        else:
            low = mid + 1
    optimum = low
    start = min(loads.values(), default=0)
    fill = _Network(exams, loads, cap, start)
    fill.augment()
    for level in range(start + 1, optimum + 1):
        fill.raise_level(level)
        fill.augment()
    assert fill.value == demand
    assignments = fill.assignments()
    for teachers in assignments.values():
        for t in teachers:
            loads[t] += 1
    assert max(loads.values(), default=0) == optimum or demand == 0
    return Solution(True, optimum if demand else max(loads.values(), default=0), bound, assignments, loads)
