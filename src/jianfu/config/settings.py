"""Settings for every deployment, read from environment variables (12-factor).

JIANFU_ENV selects the mode: `demo` (the default: `make run`, tests, SQLite under var/) or `production`, which
refuses to start without real secrets. docs/configuration.md lists every variable.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from jianfu.config.env import env_bool, env_int, env_list, env_required, env_str

PROJECT_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = Path(env_str("JIANFU_VAR_DIR") or PROJECT_DIR / "var")

JIANFU_ENV = env_str("JIANFU_ENV", "demo")
if JIANFU_ENV not in {"demo", "production"}:
    raise ImproperlyConfigured(f"JIANFU_ENV must be 'demo' or 'production', got {JIANFU_ENV!r}")
PRODUCTION = JIANFU_ENV == "production"
DEMO_MODE = not PRODUCTION

# Demo-only values. Production refuses every one of them (see the checks below and accounts.checks).
DEMO_SECRET_KEY = "jianfu-demo-secret-key-not-for-production-0c7d2f5e9a1b4c3d8e6f"
DEMO_FIELD_KEY = "ZGVtby1maWVsZC1rZXktamlhbmZ1LTIwMjYtLS0tLS0="  # base64 of 32 bytes
DEMO_LOOKUP_KEY = "demo-lookup-key-jianfu-2026"
DEMO_PASSWORD = "jianfu-demo-2026"

if PRODUCTION:
    SECRET_KEY = env_required("DJANGO_SECRET_KEY")
    JIANFU_FIELD_KEY = env_required("JIANFU_FIELD_KEY")
    JIANFU_LOOKUP_KEY = env_required("JIANFU_LOOKUP_KEY")
    for _name, _value, _demo in (
        ("DJANGO_SECRET_KEY", SECRET_KEY, DEMO_SECRET_KEY),
        ("JIANFU_FIELD_KEY", JIANFU_FIELD_KEY, DEMO_FIELD_KEY),
        ("JIANFU_LOOKUP_KEY", JIANFU_LOOKUP_KEY, DEMO_LOOKUP_KEY),
    ):
        if _value == _demo:
            raise ImproperlyConfigured(f"{_name} is the demo value; production needs its own secret")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 characters of real randomness")
    if not env_str("DATABASE_URL"):
        raise ImproperlyConfigured("DATABASE_URL must be set in production (PostgreSQL)")
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY") or DEMO_SECRET_KEY
    JIANFU_FIELD_KEY = env_str("JIANFU_FIELD_KEY") or DEMO_FIELD_KEY
    JIANFU_LOOKUP_KEY = env_str("JIANFU_LOOKUP_KEY") or DEMO_LOOKUP_KEY

DEBUG = env_bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    # Without hosts gunicorn would start and answer every request 400: refuse at start instead, like the secrets.
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must be set in production: the host names the site answers to, comma-separated "
        "(see docs/configuration.md)"
    )
if PRODUCTION and "*" in ALLOWED_HOSTS:
    # "*" answers any Host header: password-reset links and absolute URLs could name a host an attacker chose.
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must not contain '*' in production: name the hosts the site answers to "
        "(see docs/configuration.md)"
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "ninja",  # serves the API docs (Swagger UI) from local static files, no CDN
    "jianfu.accounts",
    "jianfu.audit",
    "jianfu.registry",
    "jianfu.imports",
    "jianfu.matters",
    "jianfu.burden",
    "jianfu.datahub",
    "jianfu.sharing",
    "jianfu.parentschools",
    "jianfu.policy",
    "jianfu.archive",
    "jianfu.oversight",
    "jianfu.web",
    "jianfu.api",
    "huey.contrib.djhuey",  # the worker and scheduler: `jianfu run_huey`
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside every middleware that reads the database: a database outage answers 503, not 500.
    "jianfu.web.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jianfu.accounts.sessions.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "jianfu.web.middleware.RejectNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "jianfu.accounts.middleware.AccountGateMiddleware",  # forced password change; administrators' confinement
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jianfu.web.csp.FixedPolicyCSPMiddleware",
    "jianfu.audit.middleware.AuditContextMiddleware",
    # Axes last, as its documentation asks, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jianfu.config.urls"
WSGI_APPLICATION = "jianfu.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jianfu.web.context.platform",
            ],
        },
    },
]

# Database: DATABASE_URL (PostgreSQL in production and CI); otherwise SQLite in WAL mode under var/.
_database_url = env_str("DATABASE_URL")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend, its health check free of a round trip while the server is quiet (ADR 0011).
        DATABASES["default"]["ENGINE"] = "jianfu.common.postgresql"
    # psycopg prepares a server-bound query after this many runs on one connection; only the session user's query
    # is server-bound (accounts/session_user.py). Empty turns it off, for a transaction pooler without prepared
    # statements (PgBouncer before 1.21).
    _prepare_threshold = env_str("DB_PREPARE_THRESHOLD", "2")
    if "postgresql" in DATABASES["default"]["ENGINE"]:
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
            int(_prepare_threshold) if _prepare_threshold else None
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("JIANFU_SQLITE_PATH") or str(VAR_DIR / "jianfu.sqlite3"),
            "OPTIONS": {
                # WAL lets readers run while one writer writes; IMMEDIATE avoids lock upgrades mid-transaction.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Covering indexes (INCLUDE) are a PostgreSQL speed-up; SQLite builds the plain index and says so.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "jianfu.accounts.backends.JianfuModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "jianfu.accounts.passwords.ChineseMinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Password policy (等保 2.0, jianfu.accounts.passwords): character classes, no reuse; expiry below.
    {"NAME": "jianfu.accounts.passwords.CharacterClassesValidator"},
    {"NAME": "jianfu.accounts.passwords.PasswordHistoryValidator"},
]
JIANFU_PASSWORD_MIN_CLASSES = env_int("JIANFU_PASSWORD_MIN_CLASSES", 3)  # of upper, lower, digit, symbol
JIANFU_PASSWORD_HISTORY = env_int("JIANFU_PASSWORD_HISTORY", 5)  # the last N passwords may not come back
JIANFU_PASSWORD_MAX_AGE_DAYS = env_int("JIANFU_PASSWORD_MAX_AGE_DAYS", 90)  # then a forced change; 0: never
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout: five failures for one account from one address lock it for the cool-off time.
AXES_FAILURE_LIMIT = env_int("JIANFU_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("JIANFU_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Sessions: an idle session ends after JIANFU_SESSION_IDLE_MINUTES; closing the browser ends it too. The expiry
# moves forward at most every JIANFU_SESSION_REFRESH_SECONDS (accounts/sessions.py), not with a write per request.
SESSION_COOKIE_AGE = env_int("JIANFU_SESSION_IDLE_MINUTES", 30) * 60
JIANFU_SESSION_REFRESH_SECONDS = env_int("JIANFU_SESSION_REFRESH_SECONDS", 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Production serves collected files; demo mode serves straight from the apps (WHITENOISE_USE_FINDERS).
STATIC_ROOT = Path(env_str("JIANFU_STATIC_ROOT") or VAR_DIR / "static") if PRODUCTION else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = Path(env_str("JIANFU_MEDIA_ROOT") or VAR_DIR / "media")
# Personal files (teacher archive scans): outside the web root, served only by views that check access first.
JIANFU_PRIVATE_MEDIA_ROOT = Path(env_str("JIANFU_PRIVATE_MEDIA_ROOT") or VAR_DIR / "private")

# Content-Security-Policy: our own scripts and styles only; no inline script anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # A load balancer probes the app servers themselves over plain HTTP: the health probe answers, not redirects.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # TLS ends at the reverse proxy, which must set X-Forwarded-Proto (and drop a client's own). Off when gunicorn
    # faces clients directly, or anyone could claim HTTPS with that header.
    if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Personal-data protection: AES-GCM key for ID numbers at rest, HMAC key for looking them up.
JIANFU_REQUEST_ID_HEADER = "HTTP_X_REQUEST_ID"

# Uploads: nothing bigger than this is read into memory or accepted.
JIANFU_UPLOAD_MAX_BYTES = env_int("JIANFU_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
# A request body may carry one full-size upload plus the form around it.
DATA_UPLOAD_MAX_MEMORY_SIZE = JIANFU_UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Oversight (measure 20): working days a report case may take per step (jianfu.oversight.deadlines), and the
# defences of the public report form (jianfu.oversight.antiabuse). docs/configuration.md explains each.
JIANFU_CASE_ACCEPT_WORKING_DAYS = env_int("JIANFU_CASE_ACCEPT_WORKING_DAYS", 3)
JIANFU_CASE_CONCLUDE_WORKING_DAYS = env_int("JIANFU_CASE_CONCLUDE_WORKING_DAYS", 15)
JIANFU_CASE_RESPOND_WORKING_DAYS = env_int("JIANFU_CASE_RESPOND_WORKING_DAYS", 2)
JIANFU_REPORT_RATE_LIMIT = env_int("JIANFU_REPORT_RATE_LIMIT", 5)
JIANFU_TRACKING_RATE_LIMIT = env_int("JIANFU_TRACKING_RATE_LIMIT", 30)
JIANFU_REPORT_RATE_WINDOW_MINUTES = env_int("JIANFU_REPORT_RATE_WINDOW_MINUTES", 60)
JIANFU_REPORT_POW_MAX_NUMBER = env_int("JIANFU_REPORT_POW_MAX_NUMBER", 100_000)
JIANFU_REPORT_CHALLENGE_MINUTES = env_int("JIANFU_REPORT_CHALLENGE_MINUTES", 30)
# Each process keeps a user's menu this long (0: build it on every page); it depends on role and organisation only.
JIANFU_MENU_CACHE_SECONDS = env_int("JIANFU_MENU_CACHE_SECONDS", 300)
# The public verification page of a code, for visitors not logged in, is kept this long in the cache (0: never).
JIANFU_VERIFY_CACHE_SECONDS = env_int("JIANFU_VERIFY_CACHE_SECONDS", 30)
# The cache holds those rate-limit counters and spent challenges: per process by default; with several app
# servers, JIANFU_CACHE_URL (redis://…) makes them shared (tests/oversight/test_shared_cache.py).
_cache_url = env_str("JIANFU_CACHE_URL")
CACHES = {
    "default": (
        {"BACKEND": "jianfu.common.cache.PooledClientRedisCache", "LOCATION": _cache_url}
        if _cache_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "jianfu"}
    ),
    # Per process, whatever the default: public pages kept for seconds (the verification page), where a network
    # hop to Redis would cost more than rendering them again.
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "jianfu-local"},
}
# With a shared cache, sessions are read from it and written through to the database (no session query on most
# pages); a per-process cache would keep a logged-out session alive in the other processes, so not without one.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if _cache_url else "django.contrib.sessions.backends.db"
)

# Background jobs (huey): import jobs and the daily schedule run in `jianfu run_huey` (worker and scheduler in one
# process). The queue is a SQLite file under var/ by default (one machine: `make run`), Redis when JIANFU_QUEUE_URL
# (redis://…) is set. The schedule is in TIME_ZONE (utc False). Tests switch huey to immediate mode (tests/conftest.py).
_queue_url = env_str("JIANFU_QUEUE_URL")
HUEY = {
    "name": "jianfu",
    "huey_class": "huey.RedisHuey" if _queue_url else "jianfu.config.queue.SqliteFileHuey",
    "immediate": env_bool("JIANFU_QUEUE_IMMEDIATE", default=False),
    "results": False,  # tasks report through their own rows (an import job), not through huey's result store
    "utc": False,
    # SQLite has one writer at a time and an import holds it for its whole write: one thread there, so that a
    # second import waits in the queue rather than time out on the lock.
    "consumer": {
        "workers": env_int("JIANFU_QUEUE_WORKERS", 2 if _database_url else 1),
        "worker_type": "thread",
        "periodic": True,
    },
    **({"url": _queue_url} if _queue_url else {"filename": str(VAR_DIR / "queue.sqlite3")}),
}
# An import job not seen (progress, heartbeat) for this long, and no longer in the queue, died with its worker: the
# every-minute requeue task runs it again, at most JIANFU_IMPORT_MAX_ATTEMPTS times in all, then fails it.
JIANFU_IMPORT_RETRY_AFTER_SECONDS = env_int("JIANFU_IMPORT_RETRY_AFTER_SECONDS", 300)
JIANFU_IMPORT_MAX_ATTEMPTS = env_int("JIANFU_IMPORT_MAX_ATTEMPTS", 3)
# The uploaded file waits, encrypted, in the database until its job is done or turned down (imports.spool); a
# failed job's is kept this long, so that its owner can run it again without uploading it again.
JIANFU_IMPORT_KEEP_FAILED_HOURS = env_int("JIANFU_IMPORT_KEEP_FAILED_HOURS", 24)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {  # as Django's default: runserver's request lines
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["console"], "level": env_str("JIANFU_LOG_LEVEL", "INFO")},
    # WeasyPrint logs each layout step of a PDF (supervision reports) at INFO.
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        # The worker's own lines once: run_huey adds a handler of its own unless this logger already has one.
        "huey": {"handlers": ["console"], "propagate": False},
        # Django's lines once, through the root's handler: configuring the logger drops the handlers Django gives
        # it by default, a console one while DEBUG is on (every line twice, bare then formatted) and mail_admins
        # (no ADMINS here). That also resets its children, so runserver's request lines get theirs back.
        "django": {"level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}
