"""Where openpyxl's write-only sheets spill their rows while a workbook of personal data is built.

openpyxl spills each write-only sheet to a temporary file that only a finished save or a clean exit of the process
removes, so a failed build, or a worker killed while building, would leave teachers' or students' data in the
system's temporary directory. Each build here spills into its own owner-only directory under the private media
root, removed when the build ends however it ends; the directory of a killed process is removed by the next build
on that host (tests/faults/test_export_spill.py). It relies on openpyxl internals (pinned 3.1.5).
"""

import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from django.conf import settings
from openpyxl.worksheet import _writer as openpyxl_writer


def spill_root() -> Path:
    return Path(settings.JIANFU_PRIVATE_MEDIA_ROOT) / "export-spill"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sweep_orphans(root: Path) -> None:
    """Remove the spill directories of this host's processes that no longer run (a worker killed mid-build)."""
    host = socket.gethostname()
    for directory in root.iterdir():
        pid, _, rest = directory.name.partition("@")
        owner_host = rest.rpartition("@")[0]
        if pid.isdecimal() and owner_host == host and not _alive(int(pid)):
            shutil.rmtree(directory, ignore_errors=True)


@contextmanager
def spill_directory() -> Iterator[Path]:
    """An owner-only directory for one build's sheet files, removed when the build ends, whatever the outcome."""
    root = spill_root()
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    _sweep_orphans(root)
    directory = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}@{socket.gethostname()}@", dir=root))
    try:
        yield directory
    finally:
        for name in [path for path in openpyxl_writer.ALL_TEMP_FILES if Path(path).parent == directory]:
            openpyxl_writer.ALL_TEMP_FILES.remove(name)
        shutil.rmtree(directory, ignore_errors=True)


def spill_sheet(sheet, directory: Path) -> None:
    """Give a write-only sheet its writer now, spilling into `directory` instead of the system's temporary
    directory (what openpyxl's WriteOnlyWorksheet._get_writer does on the first append, with a file of ours)."""
    out = str(directory / f"sheet{len(sheet.parent.worksheets)}.xml")
    openpyxl_writer.ALL_TEMP_FILES.append(out)  # the writer's cleanup after the save removes it from there
    sheet._writer = openpyxl_writer.WorksheetWriter(sheet, out=out)
    sheet._writer.write_top()


def abandon(book) -> None:
    """End the half-written sheets' streams now (closing their files), not when garbage collection gets to them."""
    for sheet in book.worksheets:
        rows = getattr(sheet, "_rows", None)
        if rows is not None:
            with suppress(Exception):
                rows.close()
