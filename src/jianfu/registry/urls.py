from django.urls import path

from jianfu.registry import views

app_name = "registry"
urlpatterns = [
    path("regions/", views.region_list, name="regions"),
    path("departments/", views.department_list, name="departments"),
    path("schools/", views.school_list, name="schools"),
    path("schools/<int:school_id>/", views.school_detail, name="school"),
    path("teachers/", views.teacher_list, name="teachers"),
    path("teachers/<int:teacher_id>/", views.teacher_detail, name="teacher"),
    path("teachers/<int:teacher_id>/edit/", views.teacher_edit, name="teacher_edit"),
    path("students/", views.student_list, name="students"),
    path("students/<int:student_id>/", views.student_detail, name="student"),
]
