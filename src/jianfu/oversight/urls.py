"""Pages of the bureaus and supervisors (cases, accountability) and the reporter's own reports."""

from django.urls import path

from jianfu.oversight import views_supervision
from jianfu.oversight.views import accountability, cases, mine

app_name = "oversight"
urlpatterns = [
    path("cases/", cases.case_list, name="cases"),
    path("cases/<int:case_id>/", cases.case_detail, name="case"),
    path("cases/<int:case_id>/<str:event>/", cases.case_step, name="case_step"),
    path("evidence/<int:evidence_id>/", cases.evidence_download, name="evidence"),
    path("accountability/", accountability.accounts, name="accountability"),
    path("my-reports/", mine.my_reports, name="mine"),
    # Supervision indicators and reports (points 4 and 5): views_supervision.
    path("indicators/", views_supervision.indicators_page, name="indicators"),
    path("indicators/report/", views_supervision.report_download, name="supervision_report"),
]
