"""The home page of each role, and a health probe for load balancers."""

import functools

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache

from jianfu.accounts.models import Role
from jianfu.registry import selectors

HOME_TEMPLATES = {
    Role.CITY_EDU: "web/home/city_edu.html",
    Role.COUNTY_EDU: "web/home/county_edu.html",
    Role.PARTY: "web/home/party.html",
    Role.DEPARTMENT: "web/home/department.html",
    Role.SCHOOL_ADMIN: "web/home/school_admin.html",
    Role.TEACHER: "web/home/teacher.html",
    Role.SUPERVISOR: "web/home/supervisor.html",
    # 三员分立 (ADR 0009): their duty, no business totals.
    Role.SYSTEM_ADMIN: "web/home/system_admin.html",
    Role.SECURITY_ADMIN: "web/home/security_admin.html",
    Role.AUDIT_ADMIN: "web/home/audit_admin.html",
    Role.PENDING: "web/home/pending.html",
}


def home(request):
    if not request.user.is_authenticated:
        return redirect("login")
    user = request.user
    context = {
        "role_label": user.get_role_display(),
        # Lazy and evaluated once: the counts run only if the template shows them (a teacher's home does not).
        "totals": SimpleLazyObject(functools.partial(selectors.registry_totals_by_region, user=user)),
    }
    if user.role in (Role.SCHOOL_ADMIN, Role.TEACHER) and user.school_id:
        context["school"] = user.school
    if user.role == Role.TEACHER:
        context["teacher"] = user.teacher
    return render(request, HOME_TEMPLATES.get(user.role, "web/home/base_home.html"), context)


@never_cache
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def bench_bare(request):
    """The HTTP benchmark's baseline: Django's middleware and nothing else (mounted only under JIANFU_BENCH_BARE_VIEW)."""
    return HttpResponse(b"ok", content_type="text/plain")
