from django.urls import path

from jianfu.burden.views import ledger, proctoring, workload

app_name = "burden"
urlpatterns = [
    path("mine/", ledger.my_workload, name="mine"),
    path("entries/", ledger.entry_list, name="entries"),
    path("entries/<int:entry_id>/dispute/", ledger.dispute, name="dispute"),
    path("record/", ledger.record, name="record"),
    path("disputes/", ledger.dispute_list, name="disputes"),
    path("disputes/<int:dispute_id>/resolve/", ledger.resolve, name="resolve"),
    path("workload/school/", workload.school_workload, name="school"),
    path("workload/county/", workload.county_workload, name="county"),
    path("workload/city/", workload.city_workload, name="city"),
    path("proctoring/", proctoring.proctoring_page, name="proctoring"),
    path("proctoring/<int:assignment_id>/replace/", proctoring.replace, name="replace"),
]
