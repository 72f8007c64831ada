from django.conf import settings
from django.contrib.auth import views as auth_views

from jianfu.accounts.demo_accounts import DEMO_ACCOUNTS
from jianfu.accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["demo_accounts"] = DEMO_ACCOUNTS if settings.DEMO_MODE else []
        return context
