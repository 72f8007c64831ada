#!/usr/bin/env bash
# make run-prod: jianfu in production mode on one machine: gunicorn (the web app) and `jianfu run_huey` (background
# jobs and the daily schedule, one process) against PostgreSQL and Redis; Ctrl-C or TERM stops both.
# docs/operations.md ("Production") explains it; docs/configuration.md lists every variable.
#
# Required (production refuses to start without them; nothing is invented):
#   DJANGO_SECRET_KEY, JIANFU_FIELD_KEY, JIANFU_LOOKUP_KEY, DJANGO_ALLOWED_HOSTS
# Defaults (override in the environment):
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/jianfu_prod   (PostgreSQL only)
#   JIANFU_CACHE_URL=redis://127.0.0.1:6379/0    shared cache: sessions, rate limits
#   JIANFU_QUEUE_URL=redis://127.0.0.1:6379/1    the job queue of run_huey
#   JIANFU_BIND=127.0.0.1:8000  JIANFU_WEB_WORKERS=2  JIANFU_WEB_TIMEOUT=120 (seconds a request may take)
# gunicorn reads jianfu.config.gunicorn: the master builds the similarity index before the workers fork.
# Steps: migrate, collectstatic, `check --deploy --fail-level WARNING`, then both processes.
#
# --demo: a local trial only. Generates throwaway secrets once into var/run-prod-demo.env (reused next time, so
# encrypted ID numbers stay readable), serves plain HTTP on localhost (DJANGO_SECURE_SSL_REDIRECT=0) and so lets
# the deployment check's warnings pass. Never for real data.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${BIN:-.venv/bin}"

fail() {
    echo "run-prod: $*" >&2
    exit 1
}

demo=0
for arg in "$@"; do
    case "$arg" in
        --demo) demo=1 ;;
        -h | --help)
            sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
            exit 0
            ;;
        *) fail "unknown argument '$arg' (only --demo)" ;;
    esac
done

export JIANFU_ENV=production
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/jianfu_prod}"
export JIANFU_CACHE_URL="${JIANFU_CACHE_URL:-redis://127.0.0.1:6379/0}"
export JIANFU_QUEUE_URL="${JIANFU_QUEUE_URL:-redis://127.0.0.1:6379/1}"
bind="${JIANFU_BIND:-127.0.0.1:8000}"
workers="${JIANFU_WEB_WORKERS:-2}"
timeout="${JIANFU_WEB_TIMEOUT:-120}"

case "$DATABASE_URL" in
    postgres://* | postgresql://*) ;;
    *) fail "DATABASE_URL must name a PostgreSQL database (postgres://...); production does not run on SQLite" ;;
esac
for name in JIANFU_CACHE_URL JIANFU_QUEUE_URL; do
    case "${!name}" in
        redis://* | rediss://*) ;;
        *) fail "$name must be a Redis URL (redis://host:6379/N), got '${!name}'" ;;
    esac
done

deploy_fail_level=WARNING
if [ "$demo" = 1 ]; then
    secrets="var/run-prod-demo.env"
    if [ ! -f "$secrets" ]; then
        mkdir -p var
        (
            umask 077
            "$BIN/python" - >"$secrets" <<'PY'
import base64, secrets
print(f"DJANGO_SECRET_KEY={secrets.token_urlsafe(64)}")
print(f"JIANFU_FIELD_KEY={base64.b64encode(secrets.token_bytes(32)).decode()}")
print(f"JIANFU_LOOKUP_KEY={secrets.token_urlsafe(32)}")
PY
        )
    fi
    # Only what the environment does not set already.
    while IFS='=' read -r name value; do
        [ -n "${!name:-}" ] || export "$name=$value"
    done <"$secrets"
    export DJANGO_ALLOWED_HOSTS="${DJANGO_ALLOWED_HOSTS:-localhost,127.0.0.1}"
    export DJANGO_SECURE_SSL_REDIRECT="${DJANGO_SECURE_SSL_REDIRECT:-0}"
    deploy_fail_level=ERROR # plain HTTP: the SSL-redirect warning is expected in a trial
    cat >&2 <<EOF
############################################################################################
# run-prod --demo: LOCAL TRIAL ONLY. Throwaway secrets from $secrets, plain HTTP.
# Anyone with that file can read the encrypted ID numbers. Never use this for real data.
# Open http://localhost:${bind##*:}/ (secure cookies are accepted on localhost only).
############################################################################################
EOF
fi

missing=()
for name in DJANGO_SECRET_KEY JIANFU_FIELD_KEY JIANFU_LOOKUP_KEY DJANGO_ALLOWED_HOSTS; do
    [ -n "${!name:-}" ] || missing+=("$name")
done
if [ "${#missing[@]}" -gt 0 ]; then
    cat >&2 <<EOF
run-prod: production needs these variables, which are not set: ${missing[*]}
  DJANGO_SECRET_KEY     at least 50 random characters: python -c 'import secrets; print(secrets.token_urlsafe(64))'
  JIANFU_FIELD_KEY      base64 of 32 random bytes (encrypts ID numbers; keep it, or they become unreadable):
                        python -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())'
  JIANFU_LOOKUP_KEY     a random string (keys the ID-number look-up hashes)
  DJANGO_ALLOWED_HOSTS  the host names the site answers to, comma-separated (e.g. jianfu.baotou.gov.cn)
See docs/configuration.md. For a local trial with throwaway secrets: scripts/run-prod.sh --demo
EOF
    exit 1
fi

"$BIN/jianfu" help run_huey >/dev/null 2>&1 || fail "'jianfu run_huey' is missing (huey.contrib.djhuey in INSTALLED_APPS)"

echo "run-prod: migrate, collectstatic, check --deploy" >&2
"$BIN/jianfu" migrate --noinput
"$BIN/jianfu" collectstatic --noinput --verbosity 0
"$BIN/jianfu" check --deploy --fail-level "$deploy_fail_level"

pids=()
stop() {
    trap - INT TERM
    for pid in "${pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    wait "${pids[@]}" 2>/dev/null || true
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM

"$BIN/gunicorn" jianfu.config.wsgi -c python:jianfu.config.gunicorn --bind "$bind" --workers "$workers" --timeout "$timeout" --access-logfile - &
pids+=($!)
"$BIN/jianfu" run_huey &
pids+=($!)
echo "run-prod: gunicorn (pid ${pids[0]}, $workers workers on $bind) and run_huey (pid ${pids[1]}) started" >&2

# Whichever stops first (a crash, a kill) takes the other down: never a web app without its scheduler.
status=0
wait -n "${pids[@]}" || status=$?
echo "run-prod: a process exited (status $status); stopping the other" >&2
stop
exit "$status"
