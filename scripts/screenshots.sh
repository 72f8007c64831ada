#!/usr/bin/env bash
# Screenshots for the README: a throw-away SQLite demo database, a server on port 8765, chromium through the pages.
set -euo pipefail
cd "$(dirname "$0")/.."
export JIANFU_SQLITE_PATH="${JIANFU_SQLITE_PATH:-var/screenshots.sqlite3}"
unset DATABASE_URL
rm -f "$JIANFU_SQLITE_PATH" "$JIANFU_SQLITE_PATH"-wal "$JIANFU_SQLITE_PATH"-shm
mkdir -p var docs/screenshots
.venv/bin/jianfu migrate --noinput >/dev/null
.venv/bin/jianfu demo-data --scale small
.venv/bin/jianfu runserver 127.0.0.1:8765 --noreload >var/screenshots-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
    curl -fsS -o /dev/null http://127.0.0.1:8765/accounts/login/ && break
    sleep 0.5
done
.venv/bin/python scripts/screenshots.py --base-url http://127.0.0.1:8765 --out docs/screenshots
