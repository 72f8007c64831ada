"""Production shape (issue 9): the deployment check with the Redis cache and queue, HTTPS behind a proxy, and
scripts/run-prod.sh refusing to start without what production needs."""

import os
import subprocess
from pathlib import Path

from tests.config.test_settings import GOOD_ENV, _manage

ROOT = Path(__file__).resolve().parents[2]
REDIS = {"JIANFU_CACHE_URL": "redis://127.0.0.1:6379/4", "JIANFU_QUEUE_URL": "redis://127.0.0.1:6379/4"}
# Requests through the test client, printed as "path status location" lines; none renders a page, so production's
# collected static files are not needed.
PROBE = """
from django.test import Client
client = Client()
for path, headers in (("/healthz", {}), ("/", {}), ("/", {"HTTP_X_FORWARDED_PROTO": "https"})):
    response = client.get(path, **headers)
    print(path, response.status_code, response.get("Location", "-"))
"""


def _run_prod(env_overrides: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIANFU_", "DJANGO_", "DATABASE_"))}
    return subprocess.run(
        ["bash", "scripts/run-prod.sh"],
        env={**env, **env_overrides},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_deploy_is_clean_with_the_redis_cache_and_queue_of_run_prod():
    result = _manage({**GOOD_ENV, **REDIS}, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_production_redirects_plain_http_to_https_except_the_health_probe(tmp_path):
    env = {
        **GOOD_ENV,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
    }

    result = _manage(env, "shell", "--no-imports", "-c", PROBE)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "/healthz 200 -",
        "/ 301 https://testserver/",
        "/ 302 /accounts/login/",
    ]


def test_without_a_proxy_a_forwarded_proto_header_is_not_trusted(tmp_path):
    env = {
        **GOOD_ENV,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_SECURE_PROXY_SSL_HEADER": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
    }

    result = _manage(env, "shell", "--no-imports", "-c", PROBE)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[2] == "/ 301 https://testserver/"


def test_run_prod_refuses_to_start_without_the_production_secrets():
    result = _run_prod({})

    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "run-prod: production needs these variables, which are not set: "
        "DJANGO_SECRET_KEY JIANFU_FIELD_KEY JIANFU_LOOKUP_KEY DJANGO_ALLOWED_HOSTS"
    )
    assert result.stdout == ""  # nothing ran: no migration, no server


def test_run_prod_refuses_a_database_other_than_postgresql(tmp_path):
    result = _run_prod({**GOOD_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"})

    assert result.returncode == 1
    assert result.stderr == (
        "run-prod: DATABASE_URL must name a PostgreSQL database (postgres://...); production does not run on SQLite\n"
    )
    assert not (tmp_path / "db.sqlite3").exists()
