"""A small 固阳县 for the web-attack tests: a school with a teacher and its administrator, the county bureau, a
department outside education, the city bureau and a supervisor; the payloads every file uses; and helpers that
read a page the way a browser would."""

from dataclasses import dataclass

import pytest

from jianfu.accounts.models import Role
from jianfu.registry.models import School
from tests.factories import (
    SchoolFactory,
    TeacherFactory,
    bureau_user,
    department_user,
    region,
    user_with_role,
)

PASSWORD = "a-long-web-attack-password-7"
SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE_BREAK = '"><img src=x onerror=alert(1)>'
PAYLOADS = [SCRIPT, ATTRIBUTE_BREAK]
ESCAPED = {
    SCRIPT: "&lt;script&gt;alert(1)&lt;/script&gt;",
    ATTRIBUTE_BREAK: "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
}


@dataclass
class County:
    school: School
    teacher: object  # 张老师's account
    admin: object  # the school's administrator
    county: object  # 固阳县教育局
    city: object  # 包头市教育局
    police: object  # 固阳县公安局, a department outside education
    supervisor: object


@pytest.fixture
def county(db) -> County:
    school = SchoolFactory(region=region("150222"), name="固阳县金山小学", code="2115000001")
    teacher = TeacherFactory(school=school, name="张老师")
    return County(
        school=school,
        teacher=user_with_role(Role.TEACHER, teacher=teacher, school=school, display_name="张老师"),
        admin=user_with_role(Role.SCHOOL_ADMIN, school=school, display_name="王校长"),
        county=bureau_user("150222"),
        city=bureau_user("150200"),
        police=department_user("固阳县公安局", region_code="150222"),
        supervisor=user_with_role(Role.SUPERVISOR, region_code="150222"),
    )


@pytest.fixture(autouse=True)
def _private_uploads_in_tmp(settings, tmp_path):
    """Uploads go to the test's own directories, never var/: private files (tests/security/conftest.py's fixture
    of this name replaces the root one and moves the root only for tests using its `world`) and Matter
    attachments, which go to MEDIA_ROOT."""
    settings.JIANFU_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


def files_under(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def fast_hashing(settings):
    """Tests about what happens around a login (redirects, lockout) hash with MD5: argon2's ~0.3 s per login would
    make them slow, and the hasher plays no part in what they check (tests/accounts checks argon2)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def multipart(fields: dict, files: list[tuple[str, str, bytes]]) -> dict:
    """client.post keywords for a multipart body carrying each (field, file name, bytes) with the name as is."""
    boundary = "----jianfu-web-attack-boundary"
    parts = []
    for key, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        )
    for key, name, data in files:
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; filename="{name}"\r\n'
        parts.append(head.encode() + b"Content-Type: application/octet-stream\r\n\r\n" + data + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}
