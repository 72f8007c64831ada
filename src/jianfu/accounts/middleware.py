"""The account gate, after authentication: a user whose password must change sees only 修改密码, and an
administrator (三员分立, ADR 0009) or a pending account only the pages of their duty, every other URL 403.

The confinement is by URL name, decided before any view runs, so no business page, list, export or API endpoint
(written before the administrators existed, often open to every logged-in user) answers them; the data scope
refuses them too (accounts.scope: they see no business model)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.functional import LazyObject, empty

from jianfu.accounts.models import BUSINESS_ROLES, Role
from jianfu.accounts.passwords import password_change_required

# Open to every logged-in user whatever their role or password state: changing the password and leaving.
ALWAYS = frozenset({"login", "logout", "healthz", "accounts:password_change"})
# What each role outside the business roles may open, besides ALWAYS and the home page.
CONFINED_TO = {
    Role.SYSTEM_ADMIN: frozenset(
        {
            "accounts:users",
            "accounts:user",
            "accounts:user_new",
            "accounts:user_active",
            "accounts:user_password_reset",
        }
    ),
    Role.SECURITY_ADMIN: frozenset(
        {"accounts:users", "accounts:user", "accounts:user_grant", "accounts:user_unlock", "accounts:policy"}
    ),
    Role.AUDIT_ADMIN: frozenset({"audit:events"}),
    Role.PENDING: frozenset(),
}


class AccountGateMiddleware:
    """Listed after AuthenticationMiddleware and MessageMiddleware (settings.MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if isinstance(user, LazyObject):
            # Every request resolves its user here, so the view and the templates get the user itself: each of the
            # ~200 attribute reads of a page through the lazy proxy cost a wrapper call (issue 8).
            if user._wrapped is empty:
                user._setup()
            request.user = user = user._wrapped
        if user is None or not user.is_authenticated:
            return None
        name = request.resolver_match.view_name if request.resolver_match else ""
        if name in ALWAYS:
            return None
        if password_change_required(user):
            return redirect("accounts:password_change")
        if user.role not in BUSINESS_ROLES and name != "home" and name not in CONFINED_TO.get(user.role, ()):
            raise PermissionDenied("管理员账号只能使用其职责内的页面。")
        return None
