"""Writes to the case library, each with its audit row in the same transaction; and the index of cases."""

import threading

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max

from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.policy.catalog import Catalog, default_catalog
from jianfu.policy.models import ConfirmedCase
from jianfu.policy.similarity import IndexedMatter, SimilarityIndex


def confirmed_case_add(
    *,
    actor,
    measure: int,
    title: str,
    description: str = "",
    organizer_name: str = "",
    rule_id: str = "",
    source_note: str = "",
    catalog: Catalog | None = None,
) -> ConfirmedCase:
    """Record a confirmed violation (supervisors only); later Matters that closely resemble it get a review
    finding citing the case's measure."""
    if getattr(actor, "role", None) != Role.SUPERVISOR:
        raise PermissionDenied("只有督导人员可以确认违规案例")
    catalog = catalog or default_catalog()
    errors = {}
    if not 1 <= int(measure) <= 20:
        errors["measure"] = "条款应为1至20"
    if not title.strip():
        errors["title"] = "标题不能为空"
    if rule_id and catalog.by_id(rule_id) is None:
        errors["rule_id"] = f"规则目录{catalog.version}中没有规则{rule_id}"
    elif rule_id and catalog.by_id(rule_id).measure != int(measure):
        errors["rule_id"] = "规则与条款不一致"
    if errors:
        raise ValidationError(errors)
    values = {
        "measure": int(measure),
        "rule_id": rule_id,
        "title": title.strip(),
        "description": description.strip(),
        "organizer_name": organizer_name.strip(),
        "source_note": source_note.strip(),
    }
    with transaction.atomic():
        case = ConfirmedCase.objects.create(confirmed_by=actor, **values)
        events.object_created(actor=actor, obj=case, values=values, reason=source_note[:200])
    return case


def indexed_case(case: ConfirmedCase) -> IndexedMatter:
    return IndexedMatter(
        id=str(case.pk),
        kind="",
        title=case.title,
        description=case.description,
        organizer=case.organizer_name,
        payload={"measure": case.measure, "rule_id": case.rule_id},
    )


def case_index_from_db(catalog: Catalog | None = None) -> SimilarityIndex:
    """Every confirmed case in a fresh similarity index (cases are few: rebuilt per process or command)."""
    index = SimilarityIndex(catalog)
    for case in ConfirmedCase.objects.order_by("id").iterator():
        index.add(indexed_case(case))
    return index


_case_index_lock = threading.Lock()
# catalog version -> ((count, last id, last confirmed_at), index)
_case_index_cache: dict[str, tuple[tuple, SimilarityIndex]] = {}


def case_index_current(catalog: Catalog | None = None) -> SimilarityIndex:
    """The case index, shared by every request of the process and brought up to date on each use. Cases are
    only ever added, so a library that grew by exactly the cases after the last id indexed reads only those;
    anything else (a rollback, a deletion, an id reused after a rollback) rebuilds it, which is cheap here."""
    key = (catalog or default_catalog()).version
    stats = ConfirmedCase.objects.aggregate(count=Count("id"), last=Max("id"), at=Max("confirmed_at"))
    signature = (stats["count"], stats["last"], stats["at"])
    with _case_index_lock:
        cached = _case_index_cache.get(key)
        if cached is not None and cached[0] != signature:
            (count, last, _at), index = cached
            added = list(ConfirmedCase.objects.filter(id__gt=last or 0).order_by("id"))
            if added and count + len(added) == signature[0] and added[-1].pk == signature[1]:
                index.add_many(indexed_case(case) for case in added)
                cached = (signature, index)
            else:
                cached = None
        if cached is None:
            cached = (signature, case_index_from_db(catalog))
        _case_index_cache[key] = cached
        return cached[1]
