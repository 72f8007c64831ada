"""The upload page (school administrators for their school, county and city bureaus for the schools of their
area), the job page with its progress bar and error report, the status endpoint it polls, the report as Excel,
and running a failed job again. The job itself runs in the worker (imports.jobs)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jianfu.audit import events
from jianfu.imports import jobs, selectors, services
from jianfu.imports.forms import UploadForm
from jianfu.imports.models import ImportJob
from jianfu.web.listing import PAGE_SIZE, excel_response

ERROR_COLUMNS = [
    ("工作表", lambda e: e[0]),
    ("行号", lambda e: e[1]),
    ("列", lambda e: e[2]),
    ("内容", lambda e: e[3]),
    ("问题", lambda e: e[4]),
]


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    if not selectors.can_import(user=request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        data = upload_file.read()
        try:
            job = services.import_job_create(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                file_name=upload_file.name,
                data=data,
                skip_bad_rows=form.cleaned_data["skip_bad_rows"],
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            jobs.start(job_id=job.pk)
            return redirect("imports:job", job_id=job.pk)
    context = {
        "form": form,
        "school": request.user.school if request.user.school_id else None,
        "jobs": selectors.import_job_list(user=request.user),
    }
    return render(request, "imports/upload.html", context)


@login_required
def job_detail(request, job_id):
    job = selectors.import_job_get(user=request.user, job_id=job_id)
    status = selectors.import_job_status(job=job)
    errors = Paginator(job.errors, PAGE_SIZE).get_page(request.GET.get("page")) if job.errors else None
    context = {
        "job": job,
        "state": status,
        "page": errors,
        "records": (job.counts or {}).get("records", {}),
        "can_retry": selectors.can_import(user=request.user) and selectors.import_job_can_retry(job=job),
    }
    return render(request, "imports/job.html", context)


@login_required
@require_POST
def job_retry(request, job_id):
    """Run a failed or interrupted job again from its kept upload."""
    job = selectors.import_job_get(user=request.user, job_id=job_id)
    try:
        job = services.import_job_retry(actor=request.user, job=job)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        jobs.start(job_id=job.pk)
    return redirect("imports:job", job_id=job.pk)


@login_required
def job_status(request, job_id):
    job = selectors.import_job_get(user=request.user, job_id=job_id)
    return JsonResponse(selectors.import_job_status(job=job))


@login_required
def job_errors_excel(request, job_id):
    job = selectors.import_job_get(user=request.user, job_id=job_id)
    with transaction.atomic():
        events.data_exported(
            actor=request.user, model=ImportJob, count=len(job.errors), filters={"job": str(job.pk)}
        )
    return excel_response(
        filename=f"导入错误报告-{job.file_name.rsplit('.', 1)[0]}.xlsx",
        title="错误报告",
        columns=ERROR_COLUMNS,
        rows=job.errors,
    )
