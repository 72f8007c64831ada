"""Public pages, no login: the whitelist and code verification."""

from django.urls import path

from jianfu.matters.views import public

app_name = "whitelist"
urlpatterns = [
    path("whitelist/", public.whitelist, name="list"),
    path("verify/", public.verify_form, name="verify_form"),
    path("verify/<str:code>", public.verify, name="verify"),
    path("verify/<str:code>/qr.svg", public.verify_qr, name="qr"),
]
