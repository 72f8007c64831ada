from django.urls import path

from jianfu.audit import views

app_name = "audit"
urlpatterns = [path("", views.event_list, name="events")]
