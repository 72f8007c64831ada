from django.contrib.auth import views as auth_views
from django.urls import include, path

from jianfu.accounts import views_admin
from jianfu.accounts.views import LoginView, password_change_page

# The administrators' pages and 修改密码, under the "accounts" namespace (login and logout keep their plain names).
account_patterns = [
    path("password/", password_change_page, name="password_change"),
    path("users/", views_admin.account_list, name="users"),
    path("users/new/", views_admin.account_new, name="user_new"),
    path("users/<int:user_id>/", views_admin.account_detail, name="user"),
    path("users/<int:user_id>/active/", views_admin.account_active, name="user_active"),
    path(
        "users/<int:user_id>/password-reset/", views_admin.account_password_reset, name="user_password_reset"
    ),
    path("users/<int:user_id>/grant/", views_admin.account_grant, name="user_grant"),
    path("users/<int:user_id>/unlock/", views_admin.account_unlock, name="user_unlock"),
    path("policy/", views_admin.policy_page, name="policy"),
]

urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include((account_patterns, "accounts"))),
]
