"""Each log line is written once: Django's own lines while DEBUG is on, and the worker's (`jianfu run_huey`),
whose "huey" logger the settings configure so that run_huey adds no handler of its own."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter

from tests.config.test_settings import _manage

LOG_LINES = """
import logging
logging.getLogger("django.request").warning("a django line")
logging.getLogger("huey.consumer").warning("a huey line")
logging.getLogger("jianfu.imports").warning("an app line")
"""


def test_with_debug_on_each_django_huey_and_app_line_is_written_once():
    result = _manage({"DJANGO_DEBUG": "1"}, "shell", "--no-imports", "-c", LOG_LINES)

    assert result.returncode == 0, result.stderr
    assert [line.split(" ", 2)[2] for line in result.stderr.splitlines()] == [
        "WARNING django.request a django line",
        "WARNING huey.consumer a huey line",
        "WARNING jianfu.imports an app line",
    ]


def test_the_worker_writes_each_of_its_lines_once(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIANFU_", "DJANGO_", "DATABASE_URL"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "jianfu.config.settings",
            "JIANFU_VAR_DIR": str(tmp_path),
            "DJANGO_DEBUG": "1",
        }
    )
    log_path = tmp_path / "worker.log"
    with open(log_path, "wb") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "jianfu.manage", "run_huey", "--workers", "1", "--no-periodic"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while "The following commands are available" not in log_path.read_text():
            assert worker.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.1)
    finally:
        worker.send_signal(signal.SIGINT)
        worker.wait(timeout=30)

    # By message, whatever the format: a second handler (huey's own) would write the same message differently.
    output = log_path.read_text()
    messages = [
        "Huey consumer started with 1 thread",
        "Periodic tasks are disabled.",
        "The following commands are available:",
        "Consumer exiting.",
    ]
    assert {message: output.count(message) for message in messages} == dict.fromkeys(messages, 1)
    lines = [line.split(" ", 2)[-1] for line in output.splitlines() if not line.startswith("+ ")]
    assert [line for line, count in Counter(lines).items() if count > 1] == []
