"""`jianfu backup` and `jianfu restore` on the database the suite runs against (SQLite, or PostgreSQL when
DATABASE_URL names one): every row and upload comes back, and a bad archive or a non-empty target changes nothing."""

import datetime as dt
import gzip
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from jianfu.audit import events
from jianfu.audit.models import AuditEvent
from jianfu.common import backup
from jianfu.common.backup import BackupError, backup_create, backup_restore
from tests.factories import SchoolFactory, TeacherFactory, approved_matter_of, pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)

UPLOAD = Path("archive", "2026", "教师资格证.pdf")


def every_row() -> dict[str, list[dict]]:
    """Every row of every table but the audit log (which the restore itself appends to), in id order."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
        if model is not AuditEvent
    }


def audit_actions() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


def uploads_now() -> dict[str, bytes]:
    root = Path(settings.JIANFU_PRIVATE_MEDIA_ROOT)
    return {
        str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()
    }


@pytest.fixture
def platform_in_use():
    """Schools, teachers, an approved Matter, an audit event and one private upload."""
    school = SchoolFactory()
    TeacherFactory.create_batch(3, school=school)
    approved_matter_of(school, SchoolFactory(), day=dt.date(2026, 3, 2))
    events.demo_data_loaded(scale="small", counts={"schools": 2})
    upload = Path(settings.JIANFU_PRIVATE_MEDIA_ROOT) / UPLOAD
    upload.parent.mkdir(parents=True)
    upload.write_bytes(pdf_bytes(text="Teacher licence"))


def database_emptied_and_uploads_deleted() -> None:
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(Path(settings.JIANFU_PRIVATE_MEDIA_ROOT).rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()


def archive_rewritten(archive: Path, *, change) -> None:
    """The archive unpacked and packed again with `change(members)` applied to its {name: bytes}."""
    with tarfile.open(archive, "r:gz") as tar:
        members = {info.name: tar.extractfile(info).read() for info in tar if info.isfile()}
    change(members)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    archive.write_bytes(buffer.getvalue())


def test_a_backup_restored_into_an_emptied_database_brings_back_every_row_and_upload(
    platform_in_use, tmp_path
):
    rows, upload = every_row(), uploads_now()
    archive = tmp_path / "jianfu.tar.gz"

    made = backup_create(output=archive)
    database_emptied_and_uploads_deleted()
    assert backup._tables_with_data() == {}
    assert uploads_now() == {}
    restored = backup_restore(archive=archive, force=False)

    assert every_row() == rows
    assert uploads_now() == upload
    assert upload == {str(UPLOAD): pdf_bytes(text="Teacher licence")}
    assert len(rows["registry.School"]) == 2
    assert len(rows["registry.Teacher"]) == 3
    assert len(rows["matters.Matter"]) == 1
    assert restored.mismatched == {}
    assert restored.counts["registry_teacher"] == (3, 3)
    assert restored.upload_files == 1
    assert restored.pending_migrations == []
    assert audit_actions() == ["registry.demo_data_loaded", "system.restore"]
    assert made.manifest["database"]["vendor"] == connection.vendor
    assert made.manifest["database"]["row_counts"]["registry_school"] == 2
    assert made.manifest["uploads"] == {"files": 1, "bytes": len(upload[str(UPLOAD)])}
    assert set(made.manifest["members"]) == {backup.DATABASE_MEMBERS[connection.vendor], f"uploads/{UPLOAD}"}


def test_the_backup_is_recorded_in_the_audit_log_with_the_archive_hash(platform_in_use, tmp_path):
    made = backup_create(output=tmp_path / "jianfu.tar.gz")

    event = AuditEvent.objects.get(action="system.backup")
    assert event.category == AuditEvent.Category.EXPORT
    assert event.object_label == "全量备份：jianfu.tar.gz"
    assert event.extra["archive_sha256"] == made.sha256
    assert event.extra["upload_files"] == 1


def test_the_commands_back_up_and_restore_and_print_the_row_counts(platform_in_use, tmp_path):
    archive = tmp_path / "jianfu.tar.gz"
    rows = every_row()

    backed_up = io.StringIO()
    call_command("backup", output=archive, stdout=backed_up)
    database_emptied_and_uploads_deleted()
    restored_out = io.StringIO()
    call_command("restore", str(archive), stdout=restored_out)

    assert backed_up.getvalue().startswith(f"备份完成：{archive}（")
    assert "  registry_teacher: 3 / 3 一致\n" in restored_out.getvalue()
    assert "上传文件：1 个已恢复\n" in restored_out.getvalue()
    assert restored_out.getvalue().endswith("张表的行数与备份清单一致。\n")
    assert every_row() == rows


def test_a_restore_into_a_database_holding_data_is_refused_without_force_and_changes_nothing(
    platform_in_use, tmp_path
):
    archive = tmp_path / "jianfu.tar.gz"
    backup_create(output=archive)
    SchoolFactory(name="备份之后新建的学校")
    rows, upload, actions = every_row(), uploads_now(), audit_actions()

    with pytest.raises(BackupError) as refused:
        backup_restore(archive=archive, force=False)

    assert str(refused.value) == (
        "目标数据库已有数据：8 张表有数据（accounts_user 1 行、audit_auditevent 2 行、matters_matter 1 行、"
        "matters_matter_schools 2 行、registry_department 1 行 等），恢复会覆盖这些数据。确认要覆盖时，请加 --force 重新运行。"
    )
    assert every_row() == rows
    assert uploads_now() == upload
    assert audit_actions() == actions
    assert sorted(path.name for path in tmp_path.iterdir()) == ["jianfu.tar.gz", "private"]


def test_with_force_a_restore_replaces_the_rows_made_after_the_backup(platform_in_use, tmp_path):
    archive = tmp_path / "jianfu.tar.gz"
    backup_create(output=archive)
    rows = every_row()
    SchoolFactory(name="备份之后新建的学校")

    backup_restore(archive=archive, force=True)

    assert every_row() == rows


def test_an_archive_with_one_byte_changed_is_refused_and_changes_nothing(platform_in_use, tmp_path):
    archive = tmp_path / "jianfu.tar.gz"
    backup_create(output=archive)
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    SchoolFactory(name="备份之后新建的学校")
    rows, upload, actions = every_row(), uploads_now(), audit_actions()

    with pytest.raises(BackupError) as refused:
        backup_restore(archive=archive, force=True)

    assert str(refused.value).startswith(
        ("备份文件已损坏，无法读取", "备份文件已被改动或损坏：", "备份文件不完整：", "备份文件有误：")
    )
    assert every_row() == rows
    assert uploads_now() == upload
    assert audit_actions() == actions
    assert sorted(path.name for path in tmp_path.iterdir()) == ["jianfu.tar.gz", "private"]


def test_an_upload_changed_inside_the_archive_is_refused_by_its_sha256(platform_in_use, tmp_path):
    archive = tmp_path / "jianfu.tar.gz"
    backup_create(output=archive)

    def one_byte_changed(members):
        data = bytearray(members[f"uploads/{UPLOAD}"])
        data[10] ^= 0x01
        members[f"uploads/{UPLOAD}"] = bytes(data)

    archive_rewritten(archive, change=one_byte_changed)
    rows, upload = every_row(), uploads_now()

    with pytest.raises(BackupError) as refused:
        backup_restore(archive=archive, force=True)

    assert str(refused.value) == (
        f"备份文件已被改动或损坏：成员 uploads/{UPLOAD} 的 SHA-256 校验值与清单不符，拒绝恢复。"
    )
    assert every_row() == rows
    assert uploads_now() == upload


def test_an_archive_from_the_other_database_vendor_is_refused_by_name(platform_in_use, tmp_path):
    archive = tmp_path / "jianfu.tar.gz"
    backup_create(output=archive)
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"

    def vendor_changed(members):
        manifest = json.loads(members["manifest.json"])
        manifest["database"]["vendor"] = other
        members["manifest.json"] = json.dumps(manifest).encode()

    archive_rewritten(archive, change=vendor_changed)

    with pytest.raises(BackupError) as refused:
        backup_restore(archive=archive, force=True)

    labels = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    assert str(refused.value) == (
        f"数据库类型不一致：备份来自 {labels[other]}，当前配置的是 {labels[connection.vendor]}；不能跨数据库类型恢复。"
    )


def test_an_archive_from_a_newer_release_is_refused_naming_the_unknown_migration(platform_in_use, tmp_path):
    archive = tmp_path / "jianfu.tar.gz"
    backup_create(output=archive)

    def newer(members):
        manifest = json.loads(members["manifest.json"])
        manifest["database"]["migrations"]["registry"] = "9999_from_the_future"
        members["manifest.json"] = json.dumps(manifest).encode()

    archive_rewritten(archive, change=newer)

    with pytest.raises(BackupError) as refused:
        backup_restore(archive=archive, force=True)

    assert str(refused.value) == (
        "备份来自较新的程序版本：迁移 registry.9999_from_the_future 在当前程序中不存在；请先升级程序再恢复。"
    )


def test_a_manifest_missing_an_entry_is_refused_naming_it(platform_in_use, tmp_path):
    archive = tmp_path / "jianfu.tar.gz"
    backup_create(output=archive)

    def without_uploads(members):
        manifest = json.loads(members["manifest.json"])
        del manifest["uploads"]
        members["manifest.json"] = json.dumps(manifest).encode()

    archive_rewritten(archive, change=without_uploads)

    with pytest.raises(BackupError) as refused:
        backup_restore(archive=archive, force=True)

    assert str(refused.value) == "备份文件有误：manifest.json 缺少或写错了 uploads.files。"


def test_the_restore_command_names_the_problem_in_chinese(tmp_path):
    archive = tmp_path / "broken.tar.gz"
    archive.write_bytes(gzip.compress(b"not a tar archive" * 100))

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive))

    assert str(refused.value).startswith("备份文件已损坏，无法读取（")


def test_a_backup_killed_half_way_leaves_no_file_under_the_final_name(platform_in_use, tmp_path, monkeypatch):
    output_dir = tmp_path / "backups"
    output_dir.mkdir()

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(backup, "_uploads_add", killed)

    with pytest.raises(KeyboardInterrupt):
        backup_create(output=output_dir / "jianfu.tar.gz")

    assert list(output_dir.iterdir()) == []
    assert "system.backup" not in audit_actions()


def test_a_backup_never_overwrites_an_existing_file(tmp_path):
    existing = tmp_path / "jianfu.tar.gz"
    existing.write_bytes(b"an older backup")

    with pytest.raises(BackupError) as refused:
        backup_create(output=existing)

    assert str(refused.value) == f"文件已存在：{existing}；为免覆盖已有备份，请换一个文件名。"
    assert existing.read_bytes() == b"an older backup"
