from django.urls import path

from jianfu.matters.views import limits, pages

app_name = "matters"
urlpatterns = [
    path("", pages.matter_list, name="list"),
    path("new/", pages.matter_new, name="new"),
    path("inbox/", pages.inbox, name="inbox"),
    path("screen-preview", pages.screen_preview, name="screen_preview"),
    path("<int:matter_id>/", pages.matter_detail, name="detail"),
    path("<int:matter_id>/edit/", pages.matter_edit, name="edit"),
    path("<int:matter_id>/submit/", pages.matter_submit, name="submit"),
    path("<int:matter_id>/decide/", pages.matter_decide, name="decide"),
    path("<int:matter_id>/attachments/", pages.matter_attach, name="attach"),
    path("<int:matter_id>/merge/", pages.matter_merge, name="merge"),
    path("<int:matter_id>/reuse/", pages.matter_reuse, name="reuse"),
    path("quotas/", limits.quota_settings, name="quotas"),
    path("exam-weeks/", limits.exam_weeks, name="exam_weeks"),
    path("exam-weeks/<int:exam_week_id>/delete/", limits.exam_week_delete, name="exam_week_delete"),
]
