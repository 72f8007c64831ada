"""The demo data gives the demo teacher an archive: a verified honour with its scan, a degree awaiting review, a
draft, and a police grant to read it."""

from django.core.management import call_command

from jianfu.archive.models import ArchiveAccessGrant, ArchiveEntry


def test_demo_data_fills_the_demo_teachers_archive_once(db):
    call_command("demo-data", "--scale", "small", verbosity=0)
    call_command("demo-data", "--scale", "small", verbosity=0)

    entries = ArchiveEntry.objects.order_by("pk")
    assert [(e.title, e.status, e.files.count()) for e in entries] == [
        ("包头市优秀教师", "verified", 1),
        ("汉语言文学 本科 文学学士", "submitted", 0),
        ("小学语文整本书阅读教学研究（县级课题）", "draft", 0),
    ]
    granted = ArchiveAccessGrant.objects.get()
    assert (granted.department.name, granted.teacher_id) == ("包头市公安局", entries[0].teacher_id)
