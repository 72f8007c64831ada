from django.urls import path

from jianfu.policy import views

app_name = "policy"
urlpatterns = [
    path("catalog/", views.catalog_page, name="catalog"),
    path("cases/", views.case_library, name="cases"),
]
