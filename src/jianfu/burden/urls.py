from django.urls import path

from jianfu.burden.views import dashboard as dashboards
from jianfu.burden.views import (
    ledger,
    meetings,
    proctoring,
    secondments,
    thresholds,
    trainings,
    wellbeing,
    workload,
)

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
    path("proctoring/<int:matter_id>/hours/", proctoring.record_hours, name="proctoring_hours"),
    path("workload/settings/", thresholds.threshold_settings, name="thresholds"),
    # Measure 14: the secondment register.
    path("secondments/", secondments.register, name="secondments"),
    path("secondments/<int:matter_id>/return/", secondments.record_return, name="secondment_return"),
    # Measure 11: trainings; measures 12-13: meetings.
    path("trainings/", trainings.plan, name="trainings"),
    path("meetings/", meetings.overview, name="meetings"),
    path("meetings/<int:matter_id>/sub-venue/", meetings.decide_sub_venue, name="sub_venue"),
    # Measure 8: dashboards (counties, schools, teachers) from the monthly ledger rollups.
    path("dashboard/", dashboards.dashboard_page, name="dashboard"),
    # Measure 20: the anonymous WHO-5 wellbeing check (results only from 10 answers up), annual physical exams.
    path("wellbeing/", wellbeing.questionnaire, name="wellbeing"),
    path("wellbeing/results/", wellbeing.results, name="wellbeing_results"),
    path("physical-exams/", wellbeing.physical_exams, name="physical_exams"),
    path("physical-exams/record/", wellbeing.record_physical_exam, name="physical_exam_record"),
]
