"""Logging in, and changing one's own password (the password policy: accounts/passwords.py)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from jianfu.accounts.demo_accounts import DEMO_ACCOUNTS
from jianfu.accounts.forms import LoginForm, PasswordChangeForm, add_service_errors
from jianfu.accounts.passwords import password_change_required
from jianfu.accounts.services import passwords as services


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["demo_accounts"] = DEMO_ACCOUNTS if settings.DEMO_MODE else []
        return context


@login_required
def password_change_page(request):
    """修改密码, for every logged-in user; the page every other one redirects to while a change is forced."""
    user = request.user
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(user=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            update_session_auth_hash(request, user)  # the change keeps this session and ends the others
            messages.success(request, "密码已修改。")
            return redirect("home")
    context = {
        "form": form,
        "forced": user.must_change_password,
        "expired": not user.must_change_password and password_change_required(user),
    }
    return render(request, "accounts/password_change.html", context)
