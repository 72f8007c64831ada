"""Calendar feeds: the owner's page, and the .ics feed that calendar apps fetch without logging in."""

from django.urls import path

from jianfu.matters.views import calendar

app_name = "calendar"
urlpatterns = [
    path("", calendar.calendar_page, name="mine"),
    path("<str:token>.ics", calendar.calendar_feed, name="feed"),
]
