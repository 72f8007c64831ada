from django.urls import path

from jianfu.matters.views import pages

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
]
