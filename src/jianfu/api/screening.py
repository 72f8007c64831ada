"""POST /api/v1/screening: screen a Matter against the rule catalog without saving anything."""

from typing import Any

from django.http import HttpRequest
from ninja import Body, Router, Schema, Status
from ninja.security import django_auth

from jianfu.matters.screening import screening_preview
from jianfu.policy.context import ScreeningContext
from jianfu.policy.engine import screen
from jianfu.policy.matter_input import MatterInputError, parse_matter
from jianfu.policy.services import case_index_current

router = Router(tags=["筛查"])


class FindingOut(Schema):
    rule: str
    measure: int
    severity: str
    message: str
    quote: str
    evidence: str


class SimilarOut(Schema):
    id: str
    kind: str
    title: str
    score: float
    reason: str


class ScreeningOut(Schema):
    verdict: str
    catalog_version: str
    findings: list[FindingOut]
    similar: list[SimilarOut]


class FieldError(Schema):
    field: str
    message: str


class InvalidMatterOut(Schema):
    detail: list[FieldError]


@router.post(
    "/screening",
    response={200: ScreeningOut, 422: InvalidMatterOut},
    auth=django_auth,
    summary="按二十条措施筛查一个事项（不保存）",
)
def screen_matter(request: HttpRequest, matter: dict[str, Any] = Body(...)):  # noqa: B008 (ninja's idiom)
    """A department's Matter is screened as the pipeline will screen it (its schools, this year's counts,
    similar Matters); anyone else's against the catalog and the case library, as sent."""
    try:
        if request.user.department_id is not None:
            return Status(200, screening_preview(user=request.user, data=matter))
        parsed = parse_matter(matter)
    except MatterInputError as exc:
        return Status(422, {"detail": exc.errors})
    return Status(200, screen(parsed, ScreeningContext(case_index=case_index_current())).as_dict())
