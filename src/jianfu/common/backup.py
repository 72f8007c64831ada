"""Backups of the whole platform: the database (PostgreSQL or SQLite) and the private uploads, in one archive.

`backup_create` writes a .tar.gz holding the database dump, the uploads under `uploads/` and `manifest.json` (format,
vendor, migration state, row counts, the sha256 of every member). `backup_restore` checks all of it before changing
anything, then puts the database and the uploads back and compares the row counts. See docs/operations.md.
"""

import contextlib
import dataclasses
import datetime as dt
import getpass
import gzip
import hashlib
import io
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from django.conf import settings
from django.db import connection, transaction

FORMAT = "jianfu-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
UPLOADS = "uploads"
DATABASE_MEMBERS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
VENDOR_LABELS = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
# Tables that `jianfu migrate` fills by itself: rows there do not make a database "hold data".
MIGRATE_FILLED_TABLES = frozenset(
    {"django_migrations", "django_content_type", "auth_permission", "registry_region"}
)
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore refused or failed; the message (Chinese) is for the operator."""


@dataclasses.dataclass(frozen=True)
class BackupResult:
    path: Path
    sha256: str
    size: int
    manifest: dict[str, Any]


@dataclasses.dataclass(frozen=True)
class RestoreResult:
    manifest: dict[str, Any]
    # table -> (count in the manifest, count after the restore)
    counts: dict[str, tuple[int, int]]
    upload_files: int
    pending_migrations: list[str]

    @property
    def mismatched(self) -> dict[str, tuple[int, int]]:
        return {table: pair for table, pair in self.counts.items() if pair[0] != pair[1]}


# --- backup -------------------------------------------------------------------------------------------------------


def backup_create(*, output: Path) -> BackupResult:
    """Write the archive to a temporary file beside `output` and rename it at the end, so `output` is either the
    whole archive or absent; records one audit event."""
    output = Path(output)
    if output.exists():
        raise BackupError(f"文件已存在：{output}；为免覆盖已有备份，请换一个文件名。")
    if not output.parent.is_dir():
        raise BackupError(f"目录不存在：{output.parent}")
    vendor = _vendor()
    partial = output.parent / f".{output.name}.{secrets.token_hex(4)}.partial"
    try:
        with tempfile.TemporaryDirectory(prefix="jianfu-backup-") as work:
            dump = Path(work) / DATABASE_MEMBERS[vendor]
            state = _database_dump(vendor=vendor, target=dump)
            members: dict[str, str] = {}
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with open(descriptor, "wb") as raw:
                with (
                    gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6) as packed,
                    tarfile.open(fileobj=packed, mode="w", format=tarfile.PAX_FORMAT) as tar,
                ):
                    members[dump.name] = _tar_add_file(tar, source=dump, name=dump.name)
                    uploads = _uploads_add(
                        tar, root=Path(settings.JIANFU_PRIVATE_MEDIA_ROOT), members=members
                    )
                    manifest = {
                        "format": FORMAT,
                        "format_version": FORMAT_VERSION,
                        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                        "database": {
                            "vendor": vendor,
                            "member": dump.name,
                            "migrations": state["migrations"],
                            "row_counts": state["row_counts"],
                        },
                        "uploads": uploads,
                        "members": members,
                    }
                    _tar_add_bytes(tar, name=MANIFEST, data=_manifest_bytes(manifest))
                raw.flush()
                os.fsync(raw.fileno())
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
    _fsync_directory(output.parent)
    digest, size = _file_sha256(output), output.stat().st_size

    from jianfu.audit import events

    events.backup_made(
        actor=_operator(),
        archive_name=output.name,
        archive_sha256=digest,
        size=size,
        vendor=vendor,
        row_total=sum(manifest["database"]["row_counts"].values()),
        upload_files=uploads["files"],
    )
    return BackupResult(path=output, sha256=digest, size=size, manifest=manifest)


def _database_dump(*, vendor: str, target: Path) -> dict[str, Any]:
    """Dump the database into `target`; the migration state and row counts are read from the same snapshot."""
    if vendor == "sqlite":
        connection.ensure_connection()
        with contextlib.closing(sqlite3.connect(target)) as copy:
            connection.connection.backup(copy)
            return _state_of(copy.cursor(), tables=_sqlite_tables(copy))
    if connection.in_atomic_block:
        raise RuntimeError(
            "backup_create needs autocommit: pg_dump reads the snapshot of its own transaction"
        )
    # pg_dump reads the snapshot this transaction exported, so the counts describe exactly what it dumps.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        state = _state_of(cursor, tables=connection.introspection.table_names(cursor))
        _pg_run("pg_dump", ["--format=custom", "--no-password", f"--snapshot={snapshot}", f"--file={target}"])
    return state


def _state_of(cursor, *, tables: list[str]) -> dict[str, Any]:
    """The latest applied migration per app and the rows of every table, as the manifest keeps them."""
    latest: dict[str, str] = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations")
        for app, name in cursor.fetchall():
            latest[app] = max(latest.get(app, ""), name)
    return {"migrations": dict(sorted(latest.items())), "row_counts": _row_counts(cursor, tables=tables)}


def _row_counts(cursor, *, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - table names come from introspection
        counts[table] = cursor.fetchone()[0]
    return counts


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return [name for (name,) in rows]


def _uploads_add(tar: tarfile.TarFile, *, root: Path, members: dict[str, str]) -> dict[str, int]:
    """Every regular file under the private uploads root, as `uploads/<relative path>`."""
    files = size = 0
    if not root.is_dir():
        return {"files": 0, "bytes": 0}
    for directory, subdirectories, names in os.walk(root):
        subdirectories.sort()
        for name in sorted(names):
            source = Path(directory) / name
            if source.is_symlink() or not source.is_file():
                continue
            member = str(PurePosixPath(UPLOADS, *source.relative_to(root).parts))
            members[member] = _tar_add_file(tar, source=source, name=member)
            files += 1
            size += source.stat().st_size
    return {"files": files, "bytes": size}


class _Hashing:
    """A file reader that hashes what it reads, so a member is read once to archive and to hash it."""

    def __init__(self, stream: BinaryIO):
        self.stream, self.hash = stream, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.hash.update(data)
        return data


def _tar_add_file(tar: tarfile.TarFile, *, source: Path, name: str) -> str:
    info = tarfile.TarInfo(name)
    stat = source.stat()
    info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o600
    with open(source, "rb") as stream:
        reader = _Hashing(stream)
        tar.addfile(info, reader)
    return reader.hash.hexdigest()


def _tar_add_bytes(tar: tarfile.TarFile, *, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(dt.datetime.now(dt.UTC).timestamp()), 0o600
    tar.addfile(info, io.BytesIO(data))


def _manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()


# --- restore ------------------------------------------------------------------------------------------------------


def backup_restore(*, archive: Path, force: bool) -> RestoreResult:
    """Check the archive completely (manifest, sha256 of every member, vendor, migrations, an empty target unless
    `force`), and only then put back the database and the uploads; the row counts are compared afterwards."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"备份文件不存在：{archive}")
    vendor = _vendor()
    root = Path(settings.JIANFU_PRIVATE_MEDIA_ROOT)
    root.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    token = secrets.token_hex(4)
    staging = root.parent / f".{root.name}.restore-{token}"
    try:
        with tempfile.TemporaryDirectory(prefix="jianfu-restore-") as work:
            manifest = _archive_unpack(archive=archive, work=Path(work), uploads=staging)
            _manifest_check(manifest, vendor=vendor)
            if not force:
                filled = _tables_with_data()
                if filled:
                    shown = "、".join(f"{table} {count} 行" for table, count in list(filled.items())[:5])
                    raise BackupError(
                        f"目标数据库已有数据：{len(filled)} 张表有数据（{shown}{' 等' if len(filled) > 5 else ''}），"
                        "恢复会覆盖这些数据。确认要覆盖时，请加 --force 重新运行。"
                    )
            _database_restore(vendor=vendor, dump=Path(work) / manifest["database"]["member"])
        _uploads_swap(staging=staging, root=root, token=token)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    _caches_clear()
    with connection.cursor() as cursor:
        now = _row_counts(cursor, tables=connection.introspection.table_names(cursor))
    expected = manifest["database"]["row_counts"]
    counts = {table: (count, now.get(table, 0)) for table, count in expected.items()}
    pending = _pending_migrations()

    from jianfu.audit import events

    events.restore_done(
        actor=_operator(),
        archive_name=archive.name,
        archive_sha256=_file_sha256(archive),
        created_at=manifest["created_at"],
        vendor=vendor,
        forced=force,
        row_total=sum(pair[1] for pair in counts.values()),
        mismatched=sorted(table for table, (was, is_now) in counts.items() if was != is_now),
        upload_files=manifest["uploads"]["files"],
    )
    return RestoreResult(
        manifest=manifest,
        counts=counts,
        upload_files=manifest["uploads"]["files"],
        pending_migrations=pending,
    )


def _archive_unpack(*, archive: Path, work: Path, uploads: Path) -> dict[str, Any]:
    """Unpack into `work` (the database and the manifest) and `uploads` (the files), hashing every member, and
    return the manifest once every hash matched it."""
    hashes: dict[str, str] = {}
    manifest_bytes = None
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for info in tar:
                name = _member_name(info)
                if info.isdir():
                    continue
                if name in hashes or (name == MANIFEST and manifest_bytes is not None):
                    raise BackupError(f"备份文件有误：成员 {name} 出现了两次。")
                stream = tar.extractfile(info)
                if name == MANIFEST:
                    manifest_bytes = stream.read()
                    continue
                if name.startswith(f"{UPLOADS}/"):
                    target = uploads.joinpath(*PurePosixPath(name).parts[1:])
                elif name in DATABASE_MEMBERS.values():
                    target = work / name
                else:
                    raise BackupError(f"备份文件有误：不认识的成员 {name}。")
                hashes[name] = _stream_to(stream, target=target)
            # Read to the end, so gzip checks its CRC of the whole compressed stream.
            while tar.fileobj.read(CHUNK):
                pass
    except (tarfile.TarError, zlib.error, EOFError, gzip.BadGzipFile) as exc:
        raise BackupError(f"备份文件已损坏，无法读取（{exc}）；请换一份备份。") from exc
    if manifest_bytes is None:
        raise BackupError("备份文件有误：缺少 manifest.json，这不是 jianfu 的备份。")
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError as exc:
        raise BackupError(f"备份文件有误：manifest.json 无法解析（{exc}）。") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("备份文件有误：manifest.json 不是 jianfu 备份的清单。")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"备份格式版本为 {manifest.get('format_version')}，本程序只能恢复版本 {FORMAT_VERSION}。"
        )
    _manifest_shape_check(manifest)
    listed = manifest["members"]
    for name in sorted(set(listed) - set(hashes)):
        raise BackupError(f"备份文件不完整：清单列出的成员 {name} 不在备份中。")
    for name in sorted(set(hashes) - set(listed)):
        raise BackupError(f"备份文件有误：成员 {name} 不在清单中。")
    for name in sorted(hashes):
        if hashes[name] != listed[name]:
            raise BackupError(f"备份文件已被改动或损坏：成员 {name} 的 SHA-256 校验值与清单不符，拒绝恢复。")
    return manifest


def _manifest_shape_check(manifest: dict[str, Any]) -> None:
    """Every entry the restore reads is there and of its type, so a hand-edited manifest fails before any change."""
    database, uploads, members = manifest.get("database"), manifest.get("uploads"), manifest.get("members")
    shapes = {
        "created_at": isinstance(manifest.get("created_at"), str),
        "members": isinstance(members, dict) and all(isinstance(value, str) for value in members.values()),
        "database": isinstance(database, dict),
        "database.member": isinstance(database, dict) and database.get("member") in DATABASE_MEMBERS.values(),
        "database.migrations": isinstance(database, dict) and isinstance(database.get("migrations"), dict),
        "database.row_counts": isinstance(database, dict)
        and isinstance(database.get("row_counts"), dict)
        and all(isinstance(value, int) for value in database["row_counts"].values()),
        "uploads.files": isinstance(uploads, dict) and isinstance(uploads.get("files"), int),
    }
    broken = [key for key, ok in shapes.items() if not ok]
    if broken:
        raise BackupError(f"备份文件有误：manifest.json 缺少或写错了 {'、'.join(broken)}。")
    if database["member"] not in members:
        raise BackupError(f"备份文件不完整：清单未列出数据库成员 {database['member']}。")


def _member_name(info: tarfile.TarInfo) -> str:
    """The member's name once it is known to be harmless: a plain file or directory, relative, without `..`."""
    path = PurePosixPath(info.name)
    if path.is_absolute() or ".." in path.parts or "\\" in info.name or not path.parts:
        raise BackupError(f"备份文件有误：成员路径不安全（{info.name}）。")
    if not (info.isfile() or info.isdir()):
        raise BackupError(f"备份文件有误：成员 {info.name} 不是普通文件。")
    return str(path)


def _stream_to(stream: BinaryIO, *, target: Path) -> str:
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    digest = hashlib.sha256()
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with open(descriptor, "wb") as out:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def _manifest_check(manifest: dict[str, Any], *, vendor: str) -> None:
    """The archive fits this installation: same database vendor, and no migration this code does not know."""
    database = manifest.get("database") or {}
    source = database.get("vendor")
    if source != vendor:
        raise BackupError(
            f"数据库类型不一致：备份来自 {VENDOR_LABELS.get(source, source)}，当前配置的是 "
            f"{VENDOR_LABELS.get(vendor, vendor)}；不能跨数据库类型恢复。"
        )
    if database.get("member") != DATABASE_MEMBERS[vendor]:
        raise BackupError("备份文件有误：清单中的数据库成员与数据库类型不符。")
    from django.db.migrations.loader import MigrationLoader

    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [
        f"{app}.{name}"
        for app, name in (database.get("migrations") or {}).items()
        if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            f"备份来自较新的程序版本：迁移 {'、'.join(unknown)} 在当前程序中不存在；请先升级程序再恢复。"
        )


def _tables_with_data() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = _row_counts(cursor, tables=connection.introspection.table_names(cursor))
    return {table: count for table, count in counts.items() if count and table not in MIGRATE_FILLED_TABLES}


def _database_restore(*, vendor: str, dump: Path) -> None:
    if connection.in_atomic_block:
        raise RuntimeError("backup_restore needs autocommit: the database is replaced as a whole")
    if vendor == "sqlite":
        connection.ensure_connection()
        with contextlib.closing(sqlite3.connect(dump)) as source:
            try:
                source.backup(connection.connection)
            except sqlite3.Error as exc:
                raise BackupError(f"SQLite 恢复失败（{exc}）；数据库未改动。") from exc
        return
    # One transaction: if any statement fails, the database stays as it was.
    _pg_run(
        "pg_restore",
        [
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--no-password",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
    )
    connection.close()


def _uploads_swap(*, staging: Path, root: Path, token: str) -> None:
    """Put the unpacked uploads in place of the current ones with two renames, then drop the old ones."""
    staging.mkdir(mode=0o700, exist_ok=True)
    old = root.parent / f".{root.name}.old-{token}"
    if root.exists():
        os.rename(root, old)
    os.rename(staging, root)
    if old.exists():
        shutil.rmtree(old)


def _pending_migrations() -> list[str]:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def _caches_clear() -> None:
    """Forget rows cached in this process: the restored database may give them other ids."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


# --- shared -------------------------------------------------------------------------------------------------------


def _vendor() -> str:
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(f"不支持的数据库类型：{connection.vendor}；只支持 PostgreSQL 和 SQLite。")
    return connection.vendor


def _pg_environment() -> dict[str, str]:
    """libpq's variables from Django's connection settings: the password never appears on a command line."""
    config = connection.settings_dict
    environment = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if config.get(key):
            environment[variable] = str(config[key])
    sslmode = (config.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        environment["PGSSLMODE"] = str(sslmode)
    return environment


def _pg_run(program: str, arguments: list[str]) -> None:
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            f"未找到 {program}：请安装 postgresql-client（见 scripts/install-system-deps.sh）。"
        )
    completed = subprocess.run(  # noqa: S603 - a fixed program, arguments built here, no shell
        [executable, *arguments], env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise BackupError(f"{program} 失败（退出码 {completed.returncode}）：{completed.stderr.strip()}")


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _operator() -> str:
    """Who ran the command, for the audit log: the operating-system account."""
    try:
        return f"命令行：{getpass.getuser()}"
    except (KeyError, OSError):
        return "命令行"
