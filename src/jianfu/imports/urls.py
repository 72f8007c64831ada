from django.urls import path

from jianfu.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("jobs/<uuid:job_id>/", views.job_detail, name="job"),
    path("jobs/<uuid:job_id>/status/", views.job_status, name="job_status"),
    path("jobs/<uuid:job_id>/errors.xlsx", views.job_errors_excel, name="job_errors"),
    path("jobs/<uuid:job_id>/retry/", views.job_retry, name="job_retry"),
]
