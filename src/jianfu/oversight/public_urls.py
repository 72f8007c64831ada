"""Public pages, no login needed: report a demand that breaks the measures, and follow it by its tracking code."""

from django.urls import path

from jianfu.oversight.views import public

app_name = "reporting"
urlpatterns = [
    path("report/", public.report_new, name="new"),
    path("report/challenge", public.challenge, name="challenge"),
    path("report/track/", public.track, name="track"),
]
