"""Registry pages: thin views over selectors; personal-data reads are written to the audit log."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from jianfu.accounts import scope
from jianfu.audit import events
from jianfu.registry import selectors, services
from jianfu.registry.forms import TeacherEditForm
from jianfu.registry.models import School, Student, Teacher
from jianfu.web.listing import EXPORT_LIMIT, excel_response, paginate


def _int_or_none(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def _person_filters(request) -> dict:
    return {
        "school_id": _int_or_none(request.GET.get("school")),
        "query": request.GET.get("q", "").strip(),
        "id_lookup": request.GET.get("idh", "").strip()[:64],
    }


def _person_search_redirect(request, url_name: str):
    """Searches are POSTed and redirected: a full ID number becomes its keyed hash, so the number never lands
    in a URL, a server log or the browser history."""
    query = request.POST.get("q", "").strip()
    params = {"school": request.POST["school"]} if request.POST.get("school") else {}
    id_lookup = selectors.id_search_key(query)
    if id_lookup:
        params["idh"] = id_lookup
    elif query:
        params["q"] = query
    return redirect(f"{reverse(url_name)}?{urlencode(params)}" if params else reverse(url_name))


@login_required
def region_list(request):
    page = paginate(request, selectors.region_list(user=request.user))
    return render(request, "registry/region_list.html", {"page": page, "regions": page.object_list})


@login_required
def department_list(request):
    query = request.GET.get("q", "").strip()
    page = paginate(request, selectors.department_list_visible_to(user=request.user, query=query))
    return render(request, "registry/department_list.html", {"page": page, "q": query})


SCHOOL_COLUMNS = [
    ("学校标识码", lambda s: s.code),
    ("学校名称", lambda s: s.name),
    ("学段", lambda s: s.get_stage_display()),
    ("城乡", lambda s: s.urban_rural_label),
    ("所在旗县区", lambda s: s.region.name),
    ("地址", lambda s: s.address),
]


@login_required
def school_list(request):
    filters = {
        "region_code": request.GET.get("region", "").strip(),
        "stage": request.GET.get("stage", "").strip(),
        "query": request.GET.get("q", "").strip(),
    }
    schools = selectors.school_list_visible_to(user=request.user, **filters)
    if request.GET.get("export") == "xlsx":
        with transaction.atomic():
            events.data_exported(actor=request.user, model=School, count=schools.count(), filters=filters)
        return excel_response(
            filename="学校名单.xlsx", title="学校", columns=SCHOOL_COLUMNS, rows=schools[:EXPORT_LIMIT]
        )
    context = {
        "page": paginate(request, schools),
        "filters": filters,
        "regions": selectors.region_choices_for(user=request.user),
        "stages": School.Stage.choices,
    }
    return render(request, "registry/school_list.html", context)


@login_required
def school_detail(request, school_id: int):
    school = selectors.access_school_by_id(user=request.user, school_id=school_id)
    teachers = selectors.teacher_list_visible_to(user=request.user, school_id=school.pk)
    students = selectors.student_list_visible_to(user=request.user, school_id=school.pk)
    context = {
        "school": school,
        "teacher_count": teachers.count(),
        "student_count": students.count(),
        "can_see_teachers": scope.can_see(request.user, Teacher),
        "can_see_students": scope.can_see(request.user, Student),
    }
    return render(request, "registry/school_detail.html", context)


TEACHER_COLUMNS = [
    ("姓名", lambda t: t.name),
    ("性别", lambda t: t.get_gender_display()),
    ("身份证件号", lambda t: t.id_masked),
    ("学校", lambda t: t.school.name),
    ("任教学科", lambda t: t.subject),
    ("现任专业技术职务", lambda t: t.professional_title),
    ("是否县级以上骨干教师", lambda t: t.is_backbone),
    ("人员状态", lambda t: t.get_status_display()),
]


@login_required
@require_http_methods(["GET", "POST"])
def teacher_list(request):
    if request.method == "POST":
        return _person_search_redirect(request, "registry:teachers")
    filters = _person_filters(request)
    teachers = selectors.teacher_list_visible_to(user=request.user, **filters)
    if request.GET.get("export") == "xlsx":
        with transaction.atomic():
            events.data_exported(actor=request.user, model=Teacher, count=teachers.count(), filters=filters)
        return excel_response(
            filename="教师名单.xlsx", title="教师", columns=TEACHER_COLUMNS, rows=teachers[:EXPORT_LIMIT]
        )
    page = paginate(request, teachers)
    with transaction.atomic():
        events.personal_data_listed(
            actor=request.user, model=Teacher, count=len(page.object_list), filters=filters
        )
    return render(request, "registry/teacher_list.html", {"page": page, "filters": filters})


@login_required
def teacher_detail(request, teacher_id: int):
    teacher = selectors.access_teacher_by_id(user=request.user, teacher_id=teacher_id)
    with transaction.atomic():
        events.personal_data_viewed(actor=request.user, obj=teacher)
    can_edit = scope.editable_by(request.user, Teacher).filter(pk=teacher.pk).exists()
    return render(request, "registry/teacher_detail.html", {"teacher": teacher, "can_edit": can_edit})


@login_required
def teacher_edit(request, teacher_id: int):
    teacher = scope.access_by_id(request.user, Teacher, teacher_id, for_change=True)
    form = TeacherEditForm(request.POST or None, instance=teacher)
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in services.TEACHER_EDITABLE_FIELDS}
        try:
            services.teacher_update(
                actor=request.user, teacher_id=teacher.pk, data=data, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "教师信息已保存，修改已记入审计日志。")
            return redirect("registry:teacher", teacher_id=teacher.pk)
    return render(request, "registry/teacher_form.html", {"teacher": teacher, "form": form})


STUDENT_COLUMNS = [
    ("姓名", lambda s: s.name),
    ("性别", lambda s: s.get_gender_display()),
    ("全国学籍号", lambda s: s.registry_no_masked),
    ("学校", lambda s: s.school.name),
    ("年级", lambda s: s.grade),
    ("班级", lambda s: s.class_name),
    ("学籍状态", lambda s: s.get_status_display()),
]


@login_required
@require_http_methods(["GET", "POST"])
def student_list(request):
    if request.method == "POST":
        return _person_search_redirect(request, "registry:students")
    filters = _person_filters(request)
    students = selectors.student_list_visible_to(user=request.user, **filters)
    if request.GET.get("export") == "xlsx":
        with transaction.atomic():
            events.data_exported(actor=request.user, model=Student, count=students.count(), filters=filters)
        return excel_response(
            filename="学生名单.xlsx", title="学生", columns=STUDENT_COLUMNS, rows=students[:EXPORT_LIMIT]
        )
    page = paginate(request, students)
    with transaction.atomic():
        events.personal_data_listed(
            actor=request.user, model=Student, count=len(page.object_list), filters=filters
        )
    return render(request, "registry/student_list.html", {"page": page, "filters": filters})


@login_required
def student_detail(request, student_id: int):
    student = selectors.access_student_by_id(user=request.user, student_id=student_id)
    with transaction.atomic():
        events.personal_data_viewed(actor=request.user, obj=student)
    return render(request, "registry/student_detail.html", {"student": student})
