from django.urls import path

from jianfu.sharing import views

app_name = "sharing"
urlpatterns = [
    path("student-exports/", views.export_list, name="exports"),
    path("student-exports/new/", views.export_new, name="export_new"),
    path("student-exports/<int:export_id>/", views.export_detail, name="export_detail"),
    path("student-exports/<int:export_id>/edit/", views.export_edit, name="export_edit"),
    path("student-exports/<int:export_id>/submit/", views.export_submit, name="export_submit"),
    path("student-exports/<int:export_id>/decide/", views.export_decide, name="export_decide"),
    path("student-exports/<int:export_id>/download/", views.export_download, name="export_download"),
]
