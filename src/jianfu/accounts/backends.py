"""Authentication: the model backend, except that the demo password never works outside demo mode."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class JianfuModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.DEMO_MODE and password == settings.DEMO_PASSWORD:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
