from django.urls import path

from jianfu.parentschools import views

app_name = "parentschools"
urlpatterns = [
    path("", views.sessions_page, name="sessions"),
    path("record/", views.record, name="record"),
    path("<int:session_id>/delete/", views.delete, name="delete"),
]
