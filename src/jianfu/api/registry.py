"""Read endpoints of the registry, scoped exactly like the pages (registry.selectors)."""

from django.db import transaction
from django.http import HttpRequest
from ninja import Path, Query, Router
from ninja.pagination import paginate
from ninja.security import django_auth

from jianfu.api.pagination import Pages
from jianfu.api.schemas import MAX_ID, DepartmentOut, ErrorOut, RegionOut, SchoolOut, TeacherOut
from jianfu.audit import events
from jianfu.registry import selectors
from jianfu.registry.models import Teacher

router = Router(tags=["基础数据"])


PAGE_SIZE = 50


@router.get("/regions", response=list[RegionOut], summary="行政区划（公开，分页）")
@paginate(Pages, page_size=PAGE_SIZE)
def list_regions(request: HttpRequest):
    return selectors.region_list(user=request.user)


@router.get("/schools", response=list[SchoolOut], auth=django_auth, summary="学校（分页，按数据范围）")
@paginate(Pages, page_size=PAGE_SIZE)
def list_schools(request: HttpRequest, region: str = "", stage: str = "", q: str = ""):
    return selectors.school_list_visible_to(user=request.user, region_code=region, stage=stage, query=q)


@router.get(
    "/schools/{school_id}", response={200: SchoolOut, 404: ErrorOut}, auth=django_auth, summary="学校详情"
)
def get_school(request: HttpRequest, school_id: int = Path(..., ge=1, le=MAX_ID)):
    return selectors.access_school_by_id(user=request.user, school_id=school_id)


@router.get("/departments", response=list[DepartmentOut], auth=django_auth, summary="部门（分页）")
@paginate(Pages, page_size=PAGE_SIZE)
def list_departments(request: HttpRequest, q: str = ""):
    return selectors.department_list_visible_to(user=request.user, query=q)


@router.get("/teachers", response=list[TeacherOut], auth=django_auth, summary="教师（分页，身份证件号脱敏）")
@paginate(Pages, page_size=PAGE_SIZE)
def list_teachers(request: HttpRequest, school: int | None = Query(None, ge=1, le=MAX_ID), q: str = ""):
    teachers = selectors.teacher_list_visible_to(user=request.user, school_id=school, query=q)
    with transaction.atomic():
        events.personal_data_listed(
            actor=request.user, model=Teacher, count=teachers.count(), filters={"school": school, "q": q}
        )
    return teachers


@router.get(
    "/teachers/{teacher_id}", response={200: TeacherOut, 404: ErrorOut}, auth=django_auth, summary="教师详情"
)
def get_teacher(request: HttpRequest, teacher_id: int = Path(..., ge=1, le=MAX_ID)):
    teacher = selectors.access_teacher_by_id(user=request.user, teacher_id=teacher_id)
    with transaction.atomic():
        events.personal_data_viewed(actor=request.user, obj=teacher)
    return teacher
