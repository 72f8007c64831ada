"""Where a student export's half-built sheets go (sharing.workbook): into an owner-only spill directory of the build
under the private media root, never the system's temporary directory, and gone when the build ends, even when it
fails half-way; a later build removes the spill of a process killed mid-build. Runs on SQLite and PostgreSQL."""

import datetime as dt
import os
import socket
import tempfile
from pathlib import Path

import pytest
from django.db import OperationalError

from jianfu.common.spill import spill_root
from jianfu.sharing.workbook import student_export_workbook
from tests.factories import SchoolFactory, StudentFactory, department_user, region, student_export_request

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 27)
DEAD_PID = 999_999_999  # above Linux's pid_max (4,194,304): no process has it


@pytest.fixture
def export():
    school = SchoolFactory(region=region("150222"))
    return student_export_request(
        requester=department_user("固阳县公安局"), schools=[school], status="approved"
    )


def _files(root: Path) -> list[str]:
    return (
        sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())
        if root.exists()
        else []
    )


def _system_spills() -> set[str]:
    return {name for name in os.listdir(tempfile.gettempdir()) if name.startswith("openpyxl.")}


def _students(count: int, *, then=None, seen=None):
    """`count` unsaved students; `seen` records the spill root's files while the sheet is being written."""
    for n in range(count):
        if seen is not None and n == count - 1:
            seen.extend(_files(spill_root()))
        yield StudentFactory.build(name=f"学生{n}")
    if then is not None:
        raise then


def test_a_build_spills_into_its_own_owner_only_directory_and_removes_it_when_done(export):
    seen, before = [], _system_spills()

    _, count = student_export_workbook(export=export, students=_students(3, seen=seen), day=DAY)

    assert count == 3
    assert len(seen) == 1
    directory, sheet = seen[0].split("/")
    assert (directory.split("@")[:2], sheet) == ([str(os.getpid()), socket.gethostname()], "sheet1.xml")
    assert _files(spill_root()) == []
    assert list(spill_root().iterdir()) == []
    assert spill_root().stat().st_mode & 0o777 == 0o700
    assert _system_spills() == before


def test_a_build_that_fails_half_way_leaves_no_half_written_sheet(export):
    seen, before = [], _system_spills()

    with pytest.raises(OperationalError):
        student_export_workbook(
            export=export, students=_students(3, then=OperationalError("连接中断"), seen=seen), day=DAY
        )

    assert len(seen) == 1  # a sheet was half written
    assert list(spill_root().iterdir()) == []
    assert _system_spills() == before


def test_the_next_build_removes_the_spill_of_a_process_that_no_longer_runs(export):
    host = socket.gethostname()
    kept = {f"{os.getppid()}@{host}@running", f"{DEAD_PID}@another-host@elsewhere"}
    for name in [f"{DEAD_PID}@{host}@killed", *kept]:
        (spill_root() / name).mkdir(parents=True)
        (spill_root() / name / "sheet1.xml").write_text("<worksheet/>")

    student_export_workbook(export=export, students=_students(1), day=DAY)

    assert {path.name for path in spill_root().iterdir()} == kept
