from django.urls import path

from jianfu.datahub.views import fields, requests, tasks

app_name = "datahub"
urlpatterns = [
    path("", requests.overview, name="overview"),
    path("fields/", fields.field_dictionary, name="fields"),
    path("fields/classify", fields.classify, name="classify"),
    path("deliveries/<int:delivery_id>/download/", requests.delivery_download, name="download"),
    path("tasks/", tasks.task_list, name="tasks"),
    path("tasks/<int:task_id>/", tasks.task_form, name="task"),
]
