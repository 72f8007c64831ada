"""Synthetic Matters for the benchmark databases: 100,000 demands on schools, as a province holds after a few years.

Loaded once into the base database (bench/dashboard.py calls `load_matters`), with bulk inserts: the texts come
from bench/screening.py's generator (Chinese notices from templates), each Matter targets one to eight schools of
its county (a secondment one school, naming one of its teachers, as intake requires), and the states follow a plausible mix (most approved with a verification code, some pending, rejected,
returned or merged). Deterministic per seed. The screening results are not computed here: the rows stand for
what earlier years left in the table, which the pages list, count and verify.
"""

import datetime as dt
import random
import time

from django.db import connection, transaction

from jianfu.accounts.models import User
from jianfu.matters import codes
from jianfu.matters.models import Chain, Kind, Matter, State
from jianfu.registry.models import Department, School

CHUNK = 5_000
FIRST_DAY, DAYS = dt.date(2023, 9, 1), 3 * 365
# (state, weight): what a table of several years of demands looks like.
STATES = [
    (State.APPROVED, 70), (State.REJECTED, 8), (State.MERGED, 4), (State.RETURNED, 3),
    (State.CONSULTATION, 3), (State.BUREAU_REVIEW, 5), (State.PARTY_REVIEW, 2), (State.PARTY_FILING, 1),
    (State.DRAFT, 4),
]  # fmt: skip
CHAINS = {
    Kind.INSPECTION: Chain.INSPECTION,
    Kind.SECONDMENT: Chain.SECONDMENT,
}


def _chain_for(kind: str, is_education: bool) -> str:
    if kind in CHAINS:
        return CHAINS[kind]
    return Chain.EDUCATION_OWN if is_education else Chain.BUREAU


def load_matters(*, target: int, seed: int = 2020) -> int:
    """Insert synthetic Matters until the table holds `target`; returns how many were added."""
    import screening  # bench/screening.py: the notice generator

    have = Matter.objects.count()
    if have >= target:
        print(f"  matters: {have:,} already (cached)")
        _secondments_name_a_teacher()
        return 0
    started = time.monotonic()
    departments = list(Department.objects.select_related("region").order_by("pk"))
    submitter = User.objects.get(username="city-edu")
    approver = submitter
    schools_of: dict[int, list[int]] = {}
    for pk, region_id in School.objects.order_by("pk").values_list("pk", "region_id"):
        schools_of.setdefault(region_id, []).append(pk)
    all_schools = [pk for pks in schools_of.values() for pk in pks]
    states = [state for state, weight in STATES for _ in range(weight)]
    through = Matter.schools.through
    added = 0
    for chunk_start in range(have, target, CHUNK):
        rng = random.Random(seed * 7_919 + chunk_start)  # noqa: S311 (deterministic synthetic data)
        size = min(CHUNK, target - chunk_start)
        rows, targets = [], []
        for number in range(chunk_start, chunk_start + size):
            data, _indexed = screening.synthetic_matter(rng, number)
            department = rng.choice(departments)
            region_id = department.region_id
            kind = rng.choice(Kind.values)
            state = rng.choice(states)
            starts = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
            submitted = dt.datetime.combine(starts - dt.timedelta(days=rng.randint(20, 90)), dt.time(9, 30))
            submitted = submitted.replace(tzinfo=dt.UTC)
            decided = state in (State.APPROVED, State.REJECTED, State.MERGED)
            rows.append(
                Matter(
                    kind=kind,
                    title=data["title"],
                    description=data["description"],
                    organizer=department,
                    submitted_by=submitter,
                    payload={"kind": kind, "title": data["title"]},
                    route_region_id=region_id,
                    chain=_chain_for(kind, department.is_education),
                    state=state,
                    verdict="pass" if state == State.APPROVED else "review",
                    starts_on=starts,
                    ends_on=starts + dt.timedelta(days=rng.choice([0, 0, 1, 2, 6, 29])),
                    verification_code=codes.new_code() if state == State.APPROVED else None,
                    approved_by=approver if state == State.APPROVED else None,
                    approved_by_label="包头市教育局" if state == State.APPROVED else "",
                    created_at=submitted,
                    submitted_at=None if state == State.DRAFT else submitted,
                    decided_at=submitted + dt.timedelta(days=rng.randint(1, 10)) if decided else None,
                )
            )
            pool = schools_of.get(region_id) or all_schools
            targets.append(rng.sample(pool, min(len(pool), rng.randint(1, 8))))
        with transaction.atomic():
            made = Matter.objects.bulk_create(rows, batch_size=1_000)
            through.objects.bulk_create(
                [
                    through(matter_id=matter.pk, school_id=school)
                    for matter, schools in zip(made, targets, strict=True)
                    for school in schools
                ],
                batch_size=5_000,
            )
        added += size
        if (chunk_start + size) % 20_000 == 0 or chunk_start + size == target:
            print(f"  matters: {chunk_start + size:,} ({time.monotonic() - started:.0f} s)", flush=True)
    _secondments_name_a_teacher()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {Matter._meta.db_table}")
            cursor.execute(f"VACUUM ANALYZE {through._meta.db_table}")
    return added


def _secondments_name_a_teacher() -> None:
    """As intake requires: a secondment concerns one school and names one of its active teachers (deterministic:
    the school's teachers in id order, the Matter's id picking one of the first 20). Databases cached before this
    step existed are mended the first time they are reused."""
    if not Matter.objects.filter(kind=Kind.SECONDMENT, teacher__isnull=True).exists():
        return
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM matters_matter_schools s USING matters_matter m WHERE s.matter_id = m.id "
            "AND m.kind = %s AND s.school_id > (SELECT min(o.school_id) FROM matters_matter_schools o "
            "WHERE o.matter_id = m.id)",
            [Kind.SECONDMENT],
        )
        cursor.execute(
            "UPDATE matters_matter m SET teacher_id = (SELECT t.id FROM registry_teacher t "
            "WHERE t.school_id = (SELECT s.school_id FROM matters_matter_schools s WHERE s.matter_id = m.id) "
            "AND t.status = 'active' ORDER BY t.id OFFSET (m.id %% 20) LIMIT 1) "
            "WHERE m.kind = %s AND m.teacher_id IS NULL",
            [Kind.SECONDMENT],
        )
        named = cursor.rowcount
    print(f"  secondments: {named:,} now name a teacher of their school ({time.monotonic() - started:.0f} s)")
