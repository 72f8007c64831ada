"""Demo e-archive: a few entries of the demo teacher (one verified honour with its scan), and a grant for the police
department, written through the services as the demo users so the audit log tells the story."""

import datetime as dt

from django.utils import timezone

from jianfu.accounts.models import User
from jianfu.archive.models import ArchiveEntry, Section
from jianfu.archive.services.entries import archive_entry_create, archive_entry_review
from jianfu.archive.services.grants import archive_grant_create


def demo_certificate_pdf(title: str) -> bytes:
    """A one-page PDF (Helvetica, ASCII text) with a correct cross-reference table."""
    content = f"BT /F1 28 Tf 72 700 Td ({title}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def demo_archive_load(*, today: dt.date | None = None) -> list[ArchiveEntry]:
    """Nothing happens if the demo teacher has archive entries already, or the demo users are missing."""
    users = {
        u.username: u for u in User.objects.filter(username__in=["teacher-demo", "school-demo", "city-edu"])
    }
    teacher, school, city = users.get("teacher-demo"), users.get("school-demo"), users.get("city-edu")
    if (
        teacher is None
        or school is None
        or ArchiveEntry.objects.filter(teacher_id=teacher.teacher_id).exists()
    ):
        return []
    today = today or timezone.localdate()
    honour = archive_entry_create(
        actor=teacher,
        section=Section.HONOUR,
        title="包头市优秀教师",
        issuer="包头市人民政府",
        date=today.replace(month=9, day=10) if today.month > 9 else dt.date(today.year - 1, 9, 10),
        details="教师节表彰。",
        file_name="优秀教师证书.pdf",
        file_data=demo_certificate_pdf("Baotou Excellent Teacher (demo)"),
        submit=True,
    )
    archive_entry_review(actor=school, entry_id=honour.pk, decision="verify", note="与证书原件一致")
    degree = archive_entry_create(
        actor=teacher,
        section=Section.EDUCATION,
        title="汉语言文学 本科 文学学士",
        issuer="内蒙古师范大学",
        date=dt.date(2008, 7, 1),
        submit=True,
    )
    research = archive_entry_create(
        actor=teacher,
        section=Section.RESEARCH,
        title="小学语文整本书阅读教学研究（县级课题）",
        issuer="固阳县教育局教研室",
        details="课题组成员，尚未结题。",
    )
    police = User.objects.filter(username="dept-police").select_related("department").first()
    if city is not None and police is not None and police.department_id:
        archive_grant_create(
            actor=city,
            department_id=police.department_id,
            purpose="法治副校长聘任前核对教师荣誉（演示）",
            expires_on=today + dt.timedelta(days=30),
            teacher_id=teacher.teacher_id,
        )
    return [honour, degree, research]
