#!/usr/bin/env bash
# The README's quick start on a fresh SQLite database: `make run` must answer with the login page.
set -euo pipefail
cd "$(dirname "$0")/.."
unset DATABASE_URL
export JIANFU_SQLITE_PATH="${JIANFU_SQLITE_PATH:-$(mktemp -d)/quickstart.sqlite3}"
port="${PORT:-8000}"
log="$(mktemp)"
setsid make run PORT="$port" >"$log" 2>&1 &
runner=$!
trap 'kill -- -$runner 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
    if curl -fsS "http://127.0.0.1:$port/accounts/login/" -o /tmp/jianfu-login.html 2>/dev/null; then
        break
    fi
    if ! kill -0 "$runner" 2>/dev/null; then
        cat "$log"; echo "make run exited before serving"; exit 1
    fi
    sleep 0.5
done
grep -q "登录" /tmp/jianfu-login.html || { cat "$log"; echo "login page not served"; exit 1; }
grep -q "city-edu" "$log" || { cat "$log"; echo "demo logins not printed"; exit 1; }
echo "quick start OK: http://127.0.0.1:$port/accounts/login/ answered with the login page"
