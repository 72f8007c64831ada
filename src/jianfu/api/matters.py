"""The pipeline's endpoints: submit a Matter, read it, the approver's inbox and decisions; public verification.

Errors: 422 {detail: [{field, message}]} in Chinese naming each bad field; 404 for what is out of scope exactly
as for what does not exist; 403 {detail} when a visible Matter is not at the caller's step.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Body, Path, Router, Schema, Status
from ninja.pagination import paginate
from ninja.security import django_auth

from jianfu.api.pagination import Pages
from jianfu.api.schemas import MAX_ID, ErrorOut, Id
from jianfu.api.screening import InvalidMatterOut, ScreeningOut
from jianfu.matters import selectors
from jianfu.matters.services import decisions, matters
from jianfu.matters.verification import verification
from jianfu.policy.matter_input import MatterInputError

router = Router(tags=["涉校事项"])
PAGE_SIZE = 50


class SchoolRef(Schema):
    code: str
    name: str


class StepOut(Schema):
    action: str
    action_label: str
    from_state: str
    to_state: str
    actor: str
    organisation: str
    reason: str
    at: dt.datetime


class _MatterFields(Schema):
    id: int
    kind: str
    title: str
    state: str
    state_label: str
    organizer: str
    route_region_code: str | None
    verdict: str
    out_of_plan: bool
    starts_on: dt.date | None
    ends_on: dt.date | None
    submitted_at: dt.datetime | None


class MatterSummaryOut(_MatterFields):
    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.get_state_display()

    @staticmethod
    def resolve_organizer(obj) -> str:
        return obj.organizer.name

    @staticmethod
    def resolve_route_region_code(obj) -> str | None:
        return obj.route_region.code if obj.route_region_id else None


class MatterOut(_MatterFields):
    kind_label: str
    description: str
    chain: str
    chain_label: str
    payload: dict[str, Any]
    schools: list[SchoolRef]
    comprehensive: bool
    screening: ScreeningOut | None
    justification: str
    verification_code: str | None
    approved_by: str
    decided_at: dt.datetime | None
    timeline: list[StepOut]


class DecisionIn(Schema):
    action: str
    reason: str = ""


class BatchIn(Schema):
    ids: list[Id]


class SkippedOut(Schema):
    id: int
    reason: str


class BatchOut(Schema):
    approved: list[int]
    skipped: list[SkippedOut]


class VerifyOut(Schema):
    valid: bool
    status: str
    message: str
    code: str
    kind: str | None = None
    kind_label: str | None = None
    title: str | None = None
    organizer: str | None = None
    approved_by: str | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    out_of_plan: bool | None = None
    schools: list[str] = []


def matter_out(matter, *, user) -> dict[str, Any]:
    screening = None
    if matter.verdict:
        screening = {
            "verdict": matter.verdict,
            "catalog_version": matter.catalog_version,
            "findings": matter.findings,
            "similar": selectors.similar_visible_to(user=user, matter=matter),
        }
    steps = [
        {
            "action": step.action,
            "action_label": step.get_action_display(),
            "from_state": step.from_state,
            "to_state": step.to_state,
            "actor": step.actor_label,
            "organisation": step.organisation,
            "reason": step.reason,
            "at": step.at,
        }
        for step in selectors.timeline(matter=matter)
    ]
    return {
        "id": matter.pk,
        "kind": matter.kind,
        "kind_label": matter.get_kind_display(),
        "title": matter.title,
        "description": matter.description,
        "state": matter.state,
        "state_label": matter.get_state_display(),
        "chain": matter.chain,
        "chain_label": matter.get_chain_display(),
        "organizer": matter.organizer.name,
        "route_region_code": matter.route_region.code if matter.route_region_id else None,
        "verdict": matter.verdict,
        "out_of_plan": matter.out_of_plan,
        "comprehensive": matter.comprehensive,
        "payload": matter.payload,
        "schools": [{"code": s.code, "name": s.name} for s in matter.schools.order_by("code")],
        "starts_on": matter.starts_on,
        "ends_on": matter.ends_on,
        "submitted_at": matter.submitted_at,
        "decided_at": matter.decided_at,
        "screening": screening,
        "justification": matter.justification,
        "verification_code": matter.verification_code,
        "approved_by": matter.approved_by_label,
        "timeline": steps,
    }


def field_errors(exc: Exception) -> dict[str, list[dict[str, str]]]:
    if isinstance(exc, MatterInputError):
        return {"detail": exc.errors}
    assert isinstance(exc, ValidationError)
    if hasattr(exc, "error_dict"):
        return {
            "detail": [
                {"field": field, "message": message}
                for field, messages in exc.message_dict.items()
                for message in messages
            ]
        }
    return {"detail": [{"field": "", "message": message} for message in exc.messages]}


@router.post(
    "/matters",
    response={201: MatterOut, 403: ErrorOut, 422: InvalidMatterOut},
    auth=django_auth,
    summary="提交涉校事项（筛查后进入审批流程；draft=true 只保存草稿）",
)
def create_matter(request: HttpRequest, data: dict[str, Any] = Body(...)):  # noqa: B008
    try:
        if data.get("draft") is True:
            matter = matters.matter_create_draft(actor=request.user, data=data)
        else:
            matter = matters.matter_submit_new(actor=request.user, data=data)
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    except (MatterInputError, ValidationError) as exc:
        return Status(422, field_errors(exc))
    return Status(201, matter_out(matter, user=request.user))


@router.get("/matters", response=list[MatterSummaryOut], auth=django_auth, summary="我可见的涉校事项（分页）")
@paginate(Pages, page_size=PAGE_SIZE)
def list_matters(request: HttpRequest, state: str = "", kind: str = "", q: str = ""):
    return selectors.matter_list_visible_to(user=request.user, state=state, kind=kind, query=q)


@router.get(
    "/matters/{matter_id}", response={200: MatterOut, 404: ErrorOut}, auth=django_auth, summary="事项详情"
)
def get_matter(request: HttpRequest, matter_id: int = Path(..., ge=1, le=MAX_ID)):
    matter = selectors.access_matter_by_id(user=request.user, matter_id=matter_id)
    return Status(200, matter_out(matter, user=request.user))


@router.post(
    "/matters/{matter_id}/decisions",
    response={200: MatterOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidMatterOut},
    auth=django_auth,
    summary="审批：approve 同意、reject 不予批准、send_back 退回修改（需填写理由）",
)
def decide_matter(request: HttpRequest, decision: DecisionIn, matter_id: int = Path(..., ge=1, le=MAX_ID)):
    try:
        matter = decisions.matter_decide(
            actor=request.user, matter_id=matter_id, action=decision.action, reason=decision.reason
        )
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    except ValidationError as exc:
        return Status(422, field_errors(exc))
    return Status(200, matter_out(matter, user=request.user))


@router.get(
    "/inbox", response=list[MatterSummaryOut], auth=django_auth, summary="待我审批（最早提交的在前，分页）"
)
@paginate(Pages, page_size=PAGE_SIZE)
def inbox(request: HttpRequest):
    return selectors.inbox_for(user=request.user)


@router.post(
    "/inbox/approve-routine", response=BatchOut, auth=django_auth, summary="批量同意筛查无意见的常规事项"
)
def approve_routine(request: HttpRequest, batch: BatchIn):
    approved, skipped = decisions.matters_approve_routine(actor=request.user, matter_ids=batch.ids)
    return {"approved": approved, "skipped": [{"id": pk, "reason": why} for pk, why in skipped.items()]}


@router.get("/whitelist", response=list[MatterSummaryOut], summary="白名单：已批准公示的事项（公开，分页）")
@paginate(Pages, page_size=PAGE_SIZE)
def whitelist(
    request: HttpRequest,
    school: str = "",
    region: str = "",
    kind: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    q: str = "",
):
    return selectors.whitelist(
        school_code=school, region_code=region, kind=kind, date_from=date_from, date_to=date_to, query=q
    )


@router.get("/verify/{code}", response=VerifyOut, summary="核验码查询（公开）")
def verify(request: HttpRequest, code: str):
    return verification(code)
