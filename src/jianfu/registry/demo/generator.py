"""Loads a synthetic registry into an empty database: one transaction, streamed in batches, one audit row."""

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from random import Random

from django.conf import settings
from django.db import connection, transaction

from jianfu.audit import events
from jianfu.registry.demo.orgs import DEMO_COUNTY_CODE, demo_users_create, departments_ensure, display_namer
from jianfu.registry.demo.people import PeopleFactory, StudentRecord, TeacherRecord
from jianfu.registry.demo.schools import SCALES, Scale, SchoolPlan, plan_schools
from jianfu.registry.models import Region, School, Student, Teacher
from jianfu.registry.protection import protect
from jianfu.registry.regions import BAOTOU_REGIONS
from jianfu.registry.services import regions_ensure_baotou

DEFAULT_SEED = 20260901
BATCH_SIZE = 5_000


class DemoDataRefused(RuntimeError):
    """Raised when asked to load demo data outside demo mode."""


@dataclass
class LoadResult:
    scale: str
    skipped: bool
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def ensure_demo_mode() -> None:
    if not settings.DEMO_MODE:
        raise DemoDataRefused(
            "生产模式（JIANFU_ENV=production）下不能加载演示数据：演示数据只用于演示和测试。"
        )


def resolve_scale(scale: Scale | str) -> Scale:
    if isinstance(scale, Scale):
        return scale
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    return SCALES[scale]


def generate(
    scale: Scale | str, seed: int = DEFAULT_SEED
) -> tuple[list[SchoolPlan], Iterator[tuple[SchoolPlan, TeacherRecord | StudentRecord]]]:
    """The planned schools and a lazy stream of (school, person), without touching the database."""
    plans = plan_schools(resolve_scale(scale), Random(seed))
    factory = PeopleFactory(seed)

    def people():
        for school in plans:
            rng = factory.school_rng(school)
            for teacher in factory.teachers(rng, school):
                yield school, teacher
            for student in factory.students(rng, school):
                yield school, student

    return plans, people()


class _RawInserter:
    """Writes a model's rows with COPY (PostgreSQL) or one prepared INSERT (executemany) instead of bulk_create.

    bulk_create's per-value SQL compilation took half the load time. Columns come from the model, so a field
    added later gets its default; one without a default fails loudly on NOT NULL.
    """

    def __init__(self, model, record_type):
        ops = connection.ops
        columns = [column for column in model._meta.concrete_fields if not column.primary_key]
        # Identifiers come from the model and are quoted; every value is a bound parameter.
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
            ops.quote_name(model._meta.db_table),
            ", ".join(ops.quote_name(column.column) for column in columns),
            ", ".join(["%s"] * len(columns)),
        )
        self.copy_sql = "COPY {} ({}) FROM STDIN".format(
            ops.quote_name(model._meta.db_table),
            ", ".join(ops.quote_name(column.column) for column in columns),
        )
        per_row = {"school_id", "id_cipher", "id_lookup", "id_masked", *record_type.__slots__} - {"id_number"}
        self.positions = []  # (per-row value name or None, constant, adapt)
        for column in columns:
            name = column.attname
            adapt = ops.adapt_datefield_value if column.get_internal_type() == "DateField" else None
            if name in per_row:
                self.positions.append((name, None, adapt))
            else:
                value = column.get_default()
                self.positions.append((None, adapt(value) if adapt and value is not None else value, None))
        self.rows: list[tuple] = []

    def add(self, school_id: int, record) -> None:
        protected = protect(record.id_number)
        values = {"school_id": school_id, "id_cipher": protected.cipher, "id_lookup": protected.lookup,
                  "id_masked": protected.masked}  # fmt: skip
        row = []
        for name, constant, adapt in self.positions:
            if name is None:
                row.append(constant)
                continue
            value = values[name] if name in values else getattr(record, name)
            row.append(adapt(value) if adapt is not None else value)
        self.rows.append(tuple(row))

    def flush(self) -> int:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # COPY: several times faster than row-by-row INSERTs
                with cursor.copy(self.copy_sql) as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                cursor.executemany(self.sql, self.rows)
        count = len(self.rows)
        self.rows.clear()
        return count


def load_demo_data(
    scale: Scale | str = "small",
    *,
    seed: int = DEFAULT_SEED,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[str], None] = lambda message: None,
) -> LoadResult:
    """Load the demo registry and logins if no school exists yet; otherwise change nothing."""
    ensure_demo_mode()
    scale = resolve_scale(scale)
    started = time.monotonic()
    with transaction.atomic():
        if School.objects.exists():
            return LoadResult(scale.name, skipped=True)
        regions_ensure_baotou()
        regions = {
            region.code: region for region in Region.objects.filter(code__in=[r[0] for r in BAOTOU_REGIONS])
        }
        departments = departments_ensure(regions)
        plans, people = generate(scale, seed)
        School.objects.bulk_create([_school_row(regions, plan) for plan in plans], batch_size=batch_size)
        school_ids = dict(School.objects.values_list("code", "id"))
        progress(f"学校 {len(plans):,} 所、部门 {len(departments)} 个已写入")
        counts = _stream_people(people, school_ids, scale, batch_size, progress)
        demo_school = School.objects.get(
            code=next(p.code for p in plans if p.region_code == DEMO_COUNTY_CODE)
        )
        staff = demo_school.teachers.order_by("id")
        teacher = (
            staff.filter(status=Teacher.Status.ACTIVE, post_category="专业技术岗位").first() or staff.first()
        )
        users = demo_users_create(
            regions=regions,
            departments=departments,
            school=demo_school,
            teacher=teacher,
            namer=display_namer(PeopleFactory(seed), seed),
        )
        counts = {
            "regions": len(regions),
            "departments": len(departments),
            "schools": len(plans),
            **counts,
            "users": len(users),
        }
        events.demo_data_loaded(scale=scale.name, counts=counts)
    return LoadResult(scale.name, skipped=False, counts=counts, seconds=time.monotonic() - started)


def _school_row(regions: dict[str, Region], plan: SchoolPlan) -> School:
    return School(
        code=plan.code,
        name=plan.name,
        stage=plan.stage,
        is_rural=plan.is_rural,
        region=regions[plan.region_code],
        address=plan.address,
        lat=plan.lat,
        lon=plan.lon,
    )


def _stream_people(people, school_ids, scale: Scale, batch_size: int, progress) -> dict[str, int]:
    """Insert teachers and students in batches as they are generated, so memory stays bounded."""
    inserters = {
        TeacherRecord: ("teachers", _RawInserter(Teacher, TeacherRecord)),
        StudentRecord: ("students", _RawInserter(Student, StudentRecord)),
    }
    counts = {"teachers": 0, "students": 0}

    def flush(key: str, inserter: _RawInserter) -> None:
        counts[key] += inserter.flush()
        progress(
            f"教师 {counts['teachers']:,}/{scale.teachers:,}，学生 {counts['students']:,}/{scale.students:,}"
        )

    for school, record in people:
        key, inserter = inserters[type(record)]
        inserter.add(school_ids[school.code], record)
        if len(inserter.rows) >= batch_size:
            flush(key, inserter)
    for key, inserter in inserters.values():
        if inserter.rows:
            flush(key, inserter)
    return counts
