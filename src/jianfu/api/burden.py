"""The burden ledger's endpoints: the logged-in teacher's hours by month and category (net of corrections)."""

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.security import django_auth

from jianfu.accounts.models import Role
from jianfu.api.schemas import ErrorOut
from jianfu.burden import workload

router = Router(tags=["教师负担"])


class MonthCategoryOut(Schema):
    month: str
    category: str
    category_label: str
    hours: Decimal


class WorkloadOut(Schema):
    teacher_id: int
    year: int
    total_hours: Decimal
    months: list[MonthCategoryOut]


@router.get(
    "/workload/me",
    response={200: WorkloadOut, 403: ErrorOut},
    auth=django_auth,
    summary="本人各月各类非教学工作小时（已计入更正；仅限教师账号）",
)
def workload_me(request: HttpRequest, year: int | None = Query(None, ge=dt.MINYEAR, le=dt.MAXYEAR)):
    user = request.user
    if user.role != Role.TEACHER or not user.teacher_id:
        return Status(403, {"detail": "该接口仅供教师本人查询自己的工作量，当前账号不是教师账号"})
    year = year or timezone.localdate().year
    months = workload.workload_by_month(user=user, year=year)
    total = sum((row["hours"] for row in months), Decimal("0.00"))
    return Status(200, {"teacher_id": user.teacher_id, "year": year, "total_hours": total, "months": months})
