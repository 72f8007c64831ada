"""Authentication: the model backend, except that the demo password never works outside demo mode."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from jianfu.accounts.session_user import session_user_fetch

User = get_user_model()


class JianfuModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.DEMO_MODE and password == settings.DEMO_PASSWORD:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        """The user of a session with the organisation every page shows (menu, header), in one query."""
        user = session_user_fetch(user_id=user_id)
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None
