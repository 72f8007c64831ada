"""The reporting channel's endpoints (measure 20), open to anyone:

- `GET /reports/challenge`: a proof-of-work challenge (ALTCHA, SHA-256): find n ≤ maxNumber with
  SHA-256(salt + n) = challenge, and send {algorithm, challenge, number, salt, signature} as base64 JSON in
  `altcha`;
- `POST /reports`: a report (anonymous unless `anonymous` is false and the caller is logged in, with its CSRF
  token); answers 201 with the tracking code, shown this once;
- `GET /reports/{tracking_code}`: the status and the reply, nothing that identifies anyone.

Rate-limited per client like the page; 429 when over the limit, 400 when the proof of work or the honeypot
refuses, 422 naming each bad field.
"""

import base64
import binascii
import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.utils import check_csrf

from jianfu.api.matters import field_errors
from jianfu.api.schemas import ErrorOut, Id
from jianfu.api.screening import InvalidMatterOut
from jianfu.oversight import antiabuse, evidence, selectors
from jianfu.oversight.models import Channel, OrganizerLevel
from jianfu.oversight.reporting import ReportInput, report_submit

router = Router(tags=["举报"])


class ChallengeOut(Schema):
    algorithm: str
    challenge: str
    maxNumber: int
    salt: str
    signature: str


class EvidenceIn(Schema):
    name: str
    content_base64: str


class ReportIn(Schema):
    title: str
    description: str = ""
    organizer: str = ""
    organizer_level: str = OrganizerLevel.UNKNOWN
    demanded_on: dt.date | None = None
    school: str = ""
    region: str = ""
    matter_id: Id | None = None
    verification_code: str = ""
    anonymous: bool = True
    evidence: list[EvidenceIn] = []
    altcha: str = ""
    website: str = ""


class ReportReceivedOut(Schema):
    tracking_code: str
    status: str
    status_label: str
    received_on: dt.date
    accept_due_on: dt.date
    conclude_due_on: dt.date


class ReportStatusOut(Schema):
    status: str
    status_label: str
    received_on: dt.date
    accept_due_on: dt.date
    conclude_due_on: dt.date
    overdue: bool
    escalated: bool
    conclusion: str
    conclusion_label: str
    reply: str
    replied_on: dt.date | None


@router.get("/reports/challenge", response=ChallengeOut, summary="举报前的工作量证明题（公开）")
def report_challenge(request: HttpRequest):
    return antiabuse.challenge_new()


def _files(items: list[EvidenceIn]) -> list[tuple[str, bytes]]:
    if len(items) > evidence.MAX_FILES:
        raise ValidationError({"evidence": f"最多上传{evidence.MAX_FILES}个文件"})
    files = []
    for number, item in enumerate(items, 1):
        try:
            files.append((item.name, base64.b64decode(item.content_base64, validate=True)))
        except (binascii.Error, ValueError):
            raise ValidationError({"evidence": f"{evidence.FIELD_LABEL}{number}：不是有效的base64"}) from None
    return files


@router.post(
    "/reports",
    response={201: ReportReceivedOut, 400: ErrorOut, 403: ErrorOut, 422: InvalidMatterOut, 429: ErrorOut},
    summary="举报违反减负规定的要求（公开，可匿名；返回查询码，仅此一次）",
    description=(
        "先 GET /api/v1/reports/challenge 取得工作量证明题：求 n ≤ maxNumber 使 SHA-256(salt + n) 等于 challenge，"
        "把 {algorithm, challenge, number, salt, signature} 的 JSON 经 base64 编码后放在 altcha 字段；每题只能用一次。"
        "website 字段须留空。anonymous=false（实名）须已登录并携带 CSRF 令牌。"
    ),
)
def create_report(request: HttpRequest, data: ReportIn):
    try:
        antiabuse.submission_guard(request=request, honeypot=data.website, pow_payload=data.altcha)
    except antiabuse.Refused as exc:
        return Status(exc.status, {"detail": exc.message})
    named = not data.anonymous
    if named and not request.user.is_authenticated:
        return Status(
            422, {"detail": [{"field": "anonymous", "message": "实名举报须先登录；未登录只能匿名举报"}]}
        )
    if named and check_csrf(request) is not None:
        # A report in someone's name counts toward their cards: only their own page may send it.
        return Status(403, {"detail": "实名举报须携带CSRF令牌"})
    try:
        received = report_submit(
            actor=request.user,
            channel=Channel.API,
            data=ReportInput(
                title=data.title,
                description=data.description,
                organizer_name=data.organizer,
                organizer_level=data.organizer_level,
                demanded_on=data.demanded_on,
                school=data.school,
                region_code=data.region,
                matter_id=data.matter_id,
                verification_code=data.verification_code,
                anonymous=data.anonymous,
                files=_files(data.evidence),
            ),
        )
    except ValidationError as exc:
        return Status(422, field_errors(exc))
    case = received.report.case
    return Status(
        201,
        {
            "tracking_code": received.tracking_code,
            "status": case.state,
            "status_label": case.get_state_display(),
            "received_on": timezone.localdate(received.report.received_at),
            "accept_due_on": case.accept_due_on,
            "conclude_due_on": case.conclude_due_on,
        },
    )


@router.get(
    "/reports/{tracking_code}",
    response={200: ReportStatusOut, 404: ErrorOut, 429: ErrorOut},
    summary="凭查询码查看举报办理情况和答复（公开）",
)
def report_status(request: HttpRequest, tracking_code: str):
    try:
        antiabuse.tracking_guard(request=request)
    except antiabuse.Refused as exc:
        return Status(exc.status, {"detail": exc.message})
    status = selectors.report_status(raw_code=tracking_code)
    if status is None:
        return Status(404, {"detail": "没有找到该查询码对应的举报"})
    return Status(200, status)
