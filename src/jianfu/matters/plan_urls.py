"""Annual plans: readable without login once published (scope.readable); writes need the right role."""

from django.urls import path

from jianfu.matters.views import plans

app_name = "plans"
urlpatterns = [
    path("", plans.plan_list, name="list"),
    path("open/", plans.plan_open, name="open"),
    path("<int:plan_id>/", plans.plan_detail, name="detail"),
    path("<int:plan_id>/entries/", plans.plan_file, name="file"),
    path("<int:plan_id>/publish/", plans.plan_publish, name="publish"),
]
