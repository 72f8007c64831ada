"""Production mode refuses demo secrets and passes Django's deployment checks with real ones."""

import os
import subprocess
import sys

import pytest

from jianfu.config import settings as demo_settings

GOOD_ENV = {
    "JIANFU_ENV": "production",
    "DJANGO_SECRET_KEY": "p9Xq2Lr7Vt4Kw8Zs1Hb6Nm3Jc5Fd0Gy-8Ue4Ri7To2Pa9Sl6Dk3Fj1Hg5Jk8Lz4Xc7",
    "JIANFU_FIELD_KEY": "cHJvZHVjdGlvbi1maWVsZC1rZXktMzItYnl0ZXMhIQ==",
    "JIANFU_LOOKUP_KEY": "production-lookup-key-0f3a9b",
    "DJANGO_ALLOWED_HOSTS": "jianfu.example.gov.cn",
}


def _manage(env_overrides: dict, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIANFU_", "DJANGO_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "jianfu.config.settings", **env_overrides})
    env.setdefault("DATABASE_URL", "sqlite:////tmp/jianfu-deploy-check.sqlite3")
    return subprocess.run(
        [sys.executable, "-m", "jianfu.manage", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_production_with_real_secrets_passes_check_deploy():
    result = _manage(GOOD_ENV, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"DJANGO_SECRET_KEY": demo_settings.DEMO_SECRET_KEY}, "DJANGO_SECRET_KEY is the demo value"),
        ({"DJANGO_SECRET_KEY": "short"}, "at least 50 characters"),
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY must be set in production"),
        ({"JIANFU_FIELD_KEY": demo_settings.DEMO_FIELD_KEY}, "JIANFU_FIELD_KEY is the demo value"),
        ({"JIANFU_LOOKUP_KEY": ""}, "JIANFU_LOOKUP_KEY must be set in production"),
    ],
)
def test_production_refuses_to_start_with_a_demo_or_missing_secret(override, message):
    result = _manage({**GOOD_ENV, **override}, "check")

    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_to_start_without_a_database_url():
    env = {**GOOD_ENV, "DATABASE_URL": ""}
    result = subprocess.run(
        [sys.executable, "-m", "jianfu.manage", "check"],
        env={**{k: v for k, v in os.environ.items() if k != "DATABASE_URL"}, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "DATABASE_URL must be set in production" in result.stderr


@pytest.mark.parametrize("hosts", [None, "", " , "], ids=["unset", "empty", "only-commas"])
def test_production_refuses_to_start_without_allowed_hosts(hosts):
    env = {key: value for key, value in GOOD_ENV.items() if key != "DJANGO_ALLOWED_HOSTS"}
    if hosts is not None:
        env["DJANGO_ALLOWED_HOSTS"] = hosts

    result = _manage(env, "check")

    assert result.returncode != 0
    assert (
        "django.core.exceptions.ImproperlyConfigured: DJANGO_ALLOWED_HOSTS must be set in production: the host "
        "names the site answers to, comma-separated (see docs/configuration.md)"
    ) in result.stderr


@pytest.mark.parametrize("hosts", ["*", "jianfu.example.gov.cn,*"], ids=["alone", "among-names"])
def test_production_refuses_to_start_with_a_wildcard_host(hosts):
    result = _manage({**GOOD_ENV, "DJANGO_ALLOWED_HOSTS": hosts}, "check")

    assert result.returncode != 0
    assert (
        "django.core.exceptions.ImproperlyConfigured: DJANGO_ALLOWED_HOSTS must not contain '*' in production: name "
        "the hosts the site answers to (see docs/configuration.md)"
    ) in result.stderr


def test_demo_mode_still_starts_without_allowed_hosts_on_its_local_defaults():
    result = _manage(
        {}, "shell", "--no-imports", "-c", "from django.conf import settings; print(settings.ALLOWED_HOSTS)"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['127.0.0.1', 'localhost', 'testserver']"


def test_an_unknown_mode_is_refused():
    result = _manage({"JIANFU_ENV": "staging"}, "check")

    assert result.returncode != 0
    assert "JIANFU_ENV must be 'demo' or 'production'" in result.stderr


def test_check_deploy_fails_while_a_demo_account_keeps_the_demo_password(tmp_path):
    database = {"DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}"}
    assert _manage({**GOOD_ENV, **database}, "migrate", "--noinput").returncode == 0
    create = (
        "from jianfu.accounts.models import User;"
        f"User.objects.create_user('city-edu', password='{demo_settings.DEMO_PASSWORD}', role='city_edu')"
    )
    assert _manage(database, "shell", "-c", create).returncode == 0

    result = _manage({**GOOD_ENV, **database}, "check", "--deploy")

    assert result.returncode != 0
    assert "jianfu.E001" in result.stderr
    assert "'city-edu' still has the demo password" in result.stderr
