"""The reporting channel: a report received from the page or the API, screened, routed and opened as a case, in
one transaction with its audit row.

What the reporter gives: what was demanded, who asked (a department's name, matched against the registry; its
level when it is not there), when, at which school (its name or 学校标识码; else the county), evidence files,
and where they came from (a Matter of the whitelist, or a verification code that failed). Anonymity: a report
by someone not logged in is always anonymous; a logged-in user chooses. An anonymous report keeps no account,
its audit row no address or device (audit.events.oversight), its files no metadata (oversight.evidence).

The tracking code is returned once and never stored: the report keeps its keyed hash (oversight.tracking).
"""

import datetime as dt
from contextlib import ExitStack
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.audit import events
from jianfu.common import uploads
from jianfu.matters import selectors as matter_selectors
from jianfu.matters.models import Matter
from jianfu.oversight import deadlines, evidence, routing, tracking
from jianfu.oversight.models import (
    Case,
    CaseState,
    CaseStep,
    Channel,
    Evidence,
    OrganizerLevel,
    Report,
)
from jianfu.oversight.screening import report_screening
from jianfu.registry.models import Department, Region, School

TITLE_MAX, DESCRIPTION_MAX, ORGANIZER_MAX, SCHOOL_MAX = 200, 5000, 100, 80
UPLOAD_AREA = "oversight"
EARLIEST_DEMAND = dt.date(2020, 11, 27)  # the day the twenty measures were issued
ANONYMOUS_LABEL = "匿名举报人"


@dataclass(frozen=True)
class ReportInput:
    """What a reporter sends, as typed (the page form and the API both build one)."""

    title: str
    description: str = ""
    organizer_name: str = ""
    organizer_level: str = OrganizerLevel.UNKNOWN
    demanded_on: dt.date | None = None
    school: str = ""  # name or 学校标识码
    region_code: str = ""  # the county, when the school is not known
    matter_id: int | None = None
    verification_code: str = ""
    anonymous: bool = True
    files: list[tuple[str, bytes]] = field(default_factory=list)


@dataclass(frozen=True)
class Received:
    report: Report
    tracking_code: str


def _school_of(text: str, region: Region | None) -> School | None:
    """The school a reporter named: by 学校标识码 or by its exact name (in the county named, if any). A report may
    name any school of the city; nothing is listed back, so no school list leaks through the form."""
    text = text.strip()
    if not text:
        return None
    rows = School.objects.select_related("region", "region__parent")
    if text.isdigit() and len(text) == 10:
        return rows.filter(code=text).first()
    named = rows.filter(name=text)
    if region is not None and region.level == Region.Level.COUNTY:
        named = named.filter(region=region)
    return named.first() if named.count() == 1 else None


def _organizer_of(name: str) -> Department | None:
    name = name.strip()
    return Department.objects.select_related("region").filter(name=name).first() if name else None


def _source(data: ReportInput, channel: str) -> tuple[str, Matter | None, bool, str]:
    """(channel, the Matter concerned, whether the demand is on the whitelist today, the code as typed)."""
    code = data.verification_code.strip()[:20]
    if data.matter_id is not None:
        matter = scope.published(Matter).select_related("organizer__region").filter(pk=data.matter_id).first()
        if matter is None:
            raise ValidationError({"matter": "白名单上没有这个事项"})
        return (Channel.WHITELIST if channel == Channel.FORM else channel), matter, matter.is_valid_today, ""
    if code:
        status, matter = matter_selectors.verify(raw_code=code)
        channel = Channel.VERIFICATION if channel == Channel.FORM else channel
        return channel, matter, status == "valid", code
    return channel, None, False, ""


def _clean(data: ReportInput, *, today: dt.date) -> dict:
    errors: dict[str, str] = {}
    title = (data.title or "").strip()
    description = (data.description or "").strip()
    organizer_name = (data.organizer_name or "").strip()
    school_text = (data.school or "").strip()
    if not title:
        errors["title"] = "请简要说明对方提出了什么要求"
    elif len(title) > TITLE_MAX:
        errors["title"] = f"不能超过{TITLE_MAX}字"
    if len(description) > DESCRIPTION_MAX:
        errors["description"] = f"不能超过{DESCRIPTION_MAX}字"
    if len(organizer_name) > ORGANIZER_MAX:
        errors["organizer_name"] = f"不能超过{ORGANIZER_MAX}字"
    if data.organizer_level not in OrganizerLevel.values:
        errors["organizer_level"] = "请选择提出方的层级"
    if data.demanded_on is not None and not EARLIEST_DEMAND <= data.demanded_on <= today:
        errors["demanded_on"] = "日期应在2020年11月27日至今天之间"
    if len(school_text) > SCHOOL_MAX:
        errors["school"] = f"不能超过{SCHOOL_MAX}字"
    region = None
    if data.region_code:
        region = Region.objects.filter(code=data.region_code).first()
        if region is None:
            errors["region"] = "未知的旗县区"
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "description": description,
        "organizer_name": organizer_name,
        "school_text": school_text,
        "region": region,
    }


def report_submit(*, actor, data: ReportInput, channel: str = Channel.FORM) -> Received:
    """Receive one report: validate, check and strip the evidence, screen, route, open its case. Raises
    ValidationError naming the fields (evidence problems under `evidence`)."""
    now = timezone.now()
    today = timezone.localdate(now)
    clean = _clean(data, today=today)
    channel, matter, on_whitelist, code = _source(data, channel)
    try:
        files = evidence.evidence_prepare(files=data.files)
    except uploads.UploadRejected as exc:
        raise ValidationError({"evidence": str(exc)}) from None
    organizer = matter.organizer if matter is not None else _organizer_of(clean["organizer_name"])
    organizer_name = clean["organizer_name"] or (organizer.name if organizer else "")
    if not organizer_name:
        raise ValidationError({"organizer_name": "请填写提出要求的部门或单位（不清楚可填“不清楚”）"})
    school = _school_of(clean["school_text"], clean["region"])
    place = routing.report_place(school=school, region=clean["region"])
    route = routing.report_route(place=place, organizer=organizer, organizer_level=data.organizer_level)
    screening = report_screening(
        title=clean["title"],
        description=clean["description"],
        organizer=organizer,
        organizer_name=organizer_name,
        organizer_level=data.organizer_level,
    )
    is_user = getattr(actor, "is_authenticated", False)
    anonymous = data.anonymous or not is_user
    tracking_code = tracking.tracking_code_new()
    report = Report(
        tracking_hash=tracking.tracking_hash(tracking_code),
        channel=channel,
        is_anonymous=anonymous,
        reporter=None if anonymous else actor,
        title=clean["title"],
        description=clean["description"],
        organizer=organizer,
        organizer_name=organizer_name,
        organizer_level=data.organizer_level,
        demanded_on=data.demanded_on,
        school=school,
        school_name=school.name if school else clean["school_text"],
        region=place,
        matter=matter,
        verification_code=code,
        on_whitelist=on_whitelist,
        verdict=screening["verdict"],
        catalog_version=screening["catalog_version"],
        findings=screening["findings"],
        measures=screening["measures"],
        received_at=now,
    )
    # The files are stored first and removed again if anything below fails (common.uploads.upload_stored).
    with ExitStack() as stored:
        names = [stored.enter_context(uploads.upload_stored(upload=f, area=UPLOAD_AREA)) for f in files]
        with transaction.atomic():
            report.save()
            Evidence.objects.bulk_create(
                Evidence(
                    report=report,
                    storage_name=name,
                    display_name=checked.display_name,
                    content_type=checked.content_type,
                    size=checked.size,
                    sha256=checked.sha256,
                )
                for name, checked in zip(names, files, strict=True)
            )
            case = Case.objects.create(
                report=report,
                state=CaseState.RECEIVED,
                route_region=route,
                accept_due_on=deadlines.accept_due(today),
                conclude_due_on=deadlines.conclude_due(today),
            )
            CaseStep.objects.create(
                case=case,
                action=CaseStep.Action.RECEIVE,
                to_state=CaseState.RECEIVED,
                actor_label=ANONYMOUS_LABEL if anonymous else str(actor),
                organisation="" if anonymous else actor.organisation_label,
                note=f"{Channel(channel).label}，转{route.name}教育局办理",
                at=now,
            )
            events.report_received(report=report, case=case)
    return Received(report=report, tracking_code=tracking_code)
