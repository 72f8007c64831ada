"""Public pages, with or without login: report a demand that breaks the measures, and follow a report by its
tracking code. Neither page stores anything about who is asking: the tracking code is shown once on the receipt
(never in a URL, never in the session), and the receipt and the status are never cached."""

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from jianfu.accounts import scope
from jianfu.common import uploads
from jianfu.matters.models import Matter
from jianfu.matters.verification import verification
from jianfu.oversight import antiabuse, evidence, selectors
from jianfu.oversight.forms import ReportForm, TrackForm
from jianfu.oversight.models import OrganizerLevel
from jianfu.oversight.reporting import report_submit
from jianfu.oversight.views import add_service_errors


def _source_context(*, matter_id: str, code: str) -> tuple[dict, dict]:
    """(initial form values, what the page says about where the report comes from): a Matter of the whitelist
    (?matter=) or a verification code that failed (?code=)."""
    if matter_id.isdigit():
        matter = scope.published(Matter).select_related("organizer").filter(pk=int(matter_id)).first()
        if matter is not None:
            level = OrganizerLevel.CITY if matter.organizer.level == "city" else OrganizerLevel.COUNTY
            initial = {
                "matter": matter.pk,
                "title": f"关于“{matter.title}”",
                "organizer_name": matter.organizer.name,
                "organizer_level": level,
            }
            return initial, {"matter": matter}
    code = code.strip()[:20]
    if code:
        result = verification(code)
        initial = {"verification_code": code}
        if result.get("organizer"):
            initial.update(organizer_name=result["organizer"], title=f"关于“{result['title']}”")
        return initial, {"verification": result}
    return {}, {}


def _render_form(request, form: ReportForm, source: dict, *, status: int = 200):
    context = {"form": form, "source": source, "logged_in": request.user.is_authenticated}
    return render(request, "oversight/report_form.html", context, status=status)


def _files(form: ReportForm) -> list[tuple[str, bytes]]:
    return [
        (upload.name, uploads.upload_read(upload=upload, field_label=evidence.FIELD_LABEL))
        for upload in form.cleaned_data["evidence"]
    ]


@never_cache
@require_http_methods(["GET", "POST"])
def report_new(request):
    if request.method == "GET":
        initial, source = _source_context(
            matter_id=request.GET.get("matter", ""), code=request.GET.get("code", "")
        )
        return _render_form(request, ReportForm(initial=initial), source)
    form = ReportForm(request.POST, request.FILES)
    _initial, source = _source_context(
        matter_id=request.POST.get("matter", ""), code=request.POST.get("verification_code", "")
    )
    try:
        antiabuse.submission_guard(
            request=request,
            honeypot=request.POST.get(antiabuse.HONEYPOT_FIELD, ""),
            pow_payload=request.POST.get(antiabuse.POW_FIELD, ""),
        )
    except antiabuse.Refused as exc:
        form.is_valid()
        form.add_error(None, exc.message)
        return _render_form(request, form, source, status=exc.status)
    if form.is_valid():
        try:
            received = report_submit(actor=request.user, data=form.report_input(files=_files(form)))
        except uploads.UploadRejected as exc:
            form.add_error("evidence", str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            context = {
                "code": received.tracking_code,
                "case": received.report.case,
                "report": received.report,
            }
            return render(request, "oversight/receipt.html", context)
    return _render_form(request, form, source)


@never_cache
@require_GET
def challenge(request):
    """A fresh proof-of-work challenge for the report form's script (and API clients)."""
    return JsonResponse(antiabuse.challenge_new())


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    """The code is posted, never put in the URL, so it stays out of logs and browser history."""
    form = TrackForm(request.POST or None)
    status, refused, searched = None, "", False
    if request.method == "POST":
        try:
            antiabuse.tracking_guard(request=request)
        except antiabuse.Refused as exc:
            refused = exc.message
        else:
            if form.is_valid():
                searched = True
                status = selectors.report_status(raw_code=form.cleaned_data["code"])
    context = {"form": form, "status": status, "searched": searched, "refused": refused}
    return render(request, "oversight/track.html", context, status=429 if refused else 200)
