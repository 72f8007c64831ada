"""Import jobs as tasks of the worker: a job runs once however often its task is delivered, a job a dead worker
left is queued again until its last attempt, its owner can run a failed one again from the kept upload, and the
scheduler's periodic tasks are registered. Huey is immediate here (tests/conftest.py): a queued task runs at once;
tests/imports/test_jobs_worker.py runs a real worker."""

import datetime as dt
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.burden.tasks import secondment_reminders_task
from jianfu.imports import jobs, services, spool
from jianfu.imports.models import ImportJob, ImportUpload
from jianfu.imports.tasks import import_job_task, import_jobs_requeue_task, import_uploads_purge_task
from jianfu.oversight.tasks import escalate_cases_task
from jianfu.registry.models import Teacher
from tests.factories import user_with_role
from tests.imports.conftest import CODE_A, CODE_B
from tests.imports.files import csv_bytes, table, teacher_row, xlsx_bytes

NOW = timezone.make_aware(dt.datetime(2030, 3, 12, 10, 0))


@pytest.fixture
def bureau(schools):
    return user_with_role(Role.COUNTY_EDU, region_code="150222")


def two_teachers() -> bytes:
    return xlsx_bytes({"基本信息": table([teacher_row(CODE_A), teacher_row(CODE_B, name="李强", male=True)])})


def queued_job(bureau, data: bytes | None = None) -> ImportJob:
    """An upload accepted and waiting for a worker (its upload in the spool), its task not yet delivered."""
    return services.import_job_create(
        actor=bureau, kind="teachers", file_name="教师.xlsx", data=data or two_teachers()
    )


def left_by_a_dead_worker(job: ImportJob, *, attempts: int) -> ImportJob:
    """The job as a worker killed while checking it leaves it: started `attempts` times, last seen an hour ago."""
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.CHECKING,
        attempts=attempts,
        rows_done=1,
        heartbeat_at=timezone.now() - dt.timedelta(hours=1),
    )
    return ImportJob.objects.get(pk=job.pk)


def uploaded(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("教师.xlsx", data, content_type="application/octet-stream")


def imports_audited() -> int:
    return AuditEvent.objects.filter(action="teacher.import").count()


# --- delivered twice, written once -------------------------------------------------------------------------------


def test_an_upload_queues_its_job_and_the_task_imports_it_and_empties_the_spool(
    bureau, client, django_capture_on_commit_callbacks
):
    client.force_login(bureau)
    upload = {"kind": "teachers", "file": uploaded(two_teachers())}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:upload"), upload)

    job = ImportJob.objects.get()
    assert response.url == reverse("imports:job", args=[job.pk])
    assert (job.status, job.attempts, job.counts["created"]) == ("done", 1, 2)
    assert Teacher.objects.count() == 2
    assert not ImportUpload.objects.exists()


def test_a_second_delivery_of_a_done_job_writes_nothing_again(bureau):
    job = queued_job(bureau)
    import_job_task(str(job.pk))

    import_job_task(str(job.pk))

    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 1)
    assert Teacher.objects.count() == 2
    assert imports_audited() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two deliveries at once need PostgreSQL's row locks"
)
def test_two_deliveries_of_one_job_at_the_same_time_write_it_once(schools):
    bureau = user_with_role(Role.COUNTY_EDU, region_code="150222")
    job = queued_job(bureau)
    barrier = threading.Barrier(2)

    def deliver() -> None:
        try:
            barrier.wait(timeout=30)
            jobs.run(job_id=job.pk)
        finally:
            connection.close()

    racers = [threading.Thread(target=deliver) for _ in range(2)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(timeout=60)

    job.refresh_from_db()
    assert (job.status, job.counts["created"]) == ("done", 2)
    assert Teacher.objects.count() == 2
    assert imports_audited() == 1


# --- the requeue of jobs a dead worker left ----------------------------------------------------------------------


def test_a_job_a_dead_worker_left_is_queued_again_and_runs_to_the_end(bureau, settings):
    job = left_by_a_dead_worker(queued_job(bureau), attempts=1)

    requeued = jobs.requeue()

    job.refresh_from_db()
    assert requeued == [job.pk]
    assert (job.status, job.attempts, job.counts["created"]) == ("done", 2, 2)
    assert Teacher.objects.count() == 2


def test_a_requeued_job_says_it_is_being_processed_again(bureau):
    job = left_by_a_dead_worker(queued_job(bureau), attempts=1)

    services.import_jobs_requeue(waiting=set(), now=NOW)

    job.refresh_from_db()
    assert (job.status, job.heartbeat_at, job.message) == (
        "queued",
        NOW,
        "上次处理中断（服务器重启或出错），未导入任何数据，正在重新处理（第 2 次）",
    )


def test_after_the_last_attempt_the_job_is_failed_with_its_message_and_nothing_written(bureau, settings):
    settings.JIANFU_IMPORT_MAX_ATTEMPTS = 3
    job = left_by_a_dead_worker(queued_job(bureau), attempts=3)

    requeued = services.import_jobs_requeue(waiting=set(), now=NOW)

    job.refresh_from_db()
    assert requeued == []
    assert (job.status, job.message) == (
        "failed",
        "处理 3 次均被中断（服务器重启或出错），未导入任何数据。请稍后点击“重新导入”，或联系管理员",
    )
    assert Teacher.objects.count() == 0
    assert spool.exists(job.pk)


def system_events(action: str) -> list[tuple]:
    """The audit rows of `action`: who (user id, label, role), the job, where, and the before and after."""
    return list(
        AuditEvent.objects.filter(action=action).values_list(
            "actor_id", "actor_label", "actor_role", "object_type", "object_id", "region_code", "changes"
        )
    )


def test_the_systems_requeue_of_a_job_is_audited_with_the_state_it_left(bureau):
    job = left_by_a_dead_worker(queued_job(bureau), attempts=1)

    services.import_jobs_requeue(waiting=set(), now=NOW)

    assert system_events("import_job.requeue") == [
        (
            None,
            "系统",
            "",
            "imports.importjob",
            str(job.pk),
            "150222",
            {"status": ["checking", "queued"], "attempts": [1, 1]},
        )
    ]
    assert AuditEvent.objects.get(action="import_job.requeue").extra == {
        "file_sha256": job.file_sha256,
        "owner": bureau.pk,
    }


def test_the_systems_giving_up_after_the_last_attempt_is_audited_with_the_state_it_left(bureau, settings):
    settings.JIANFU_IMPORT_MAX_ATTEMPTS = 3
    job = left_by_a_dead_worker(queued_job(bureau), attempts=3)

    services.import_jobs_requeue(waiting=set(), now=NOW)

    assert system_events("import_job.fail") == [
        (
            None,
            "系统",
            "",
            "imports.importjob",
            str(job.pk),
            "150222",
            {"status": ["checking", "failed"], "attempts": [3, 3]},
        )
    ]
    assert AuditEvent.objects.get(action="import_job.fail").extra == {
        "file_sha256": job.file_sha256,
        "owner": bureau.pk,
        "message": "处理 3 次均被中断（服务器重启或出错），未导入任何数据。请稍后点击“重新导入”，或联系管理员",
    }
    assert not AuditEvent.objects.filter(action="import_job.requeue").exists()


def test_a_job_failed_by_an_internal_error_is_audited_as_the_systems_doing(bureau):
    job = queued_job(bureau)

    services.import_job_fail(job_id=job.pk, message=jobs.FAILED_MESSAGE)

    assert system_events("import_job.fail") == [
        (
            None,
            "系统",
            "",
            "imports.importjob",
            str(job.pk),
            "150222",
            {"status": ["queued", "failed"], "attempts": [0, 0]},
        )
    ]
    assert ImportJob.objects.get(pk=job.pk).status == "failed"


def test_failing_a_job_already_done_changes_nothing_and_audits_nothing(bureau):
    job = queued_job(bureau)
    import_job_task(str(job.pk))
    before = ImportJob.objects.values().get(pk=job.pk)

    services.import_job_fail(job_id=job.pk, message=jobs.FAILED_MESSAGE)

    assert ImportJob.objects.values().get(pk=job.pk) == before
    assert not AuditEvent.objects.filter(action="import_job.fail").exists()


def test_a_job_whose_task_still_waits_in_the_queue_is_only_marked_as_seen(bureau):
    job = queued_job(bureau)  # behind a long import: no worker has taken it for an hour
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - dt.timedelta(hours=1))

    requeued = services.import_jobs_requeue(waiting={str(job.pk)}, now=NOW)

    job.refresh_from_db()
    assert requeued == []
    assert (job.status, job.attempts, job.heartbeat_at) == ("queued", 0, NOW)
    assert not AuditEvent.objects.filter(action__startswith="import_job.").exists()


def test_a_job_seen_within_the_threshold_is_left_to_its_worker(bureau, settings):
    settings.JIANFU_IMPORT_RETRY_AFTER_SECONDS = 300
    job = queued_job(bureau)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.CHECKING, attempts=1, heartbeat_at=NOW - dt.timedelta(seconds=299)
    )

    requeued = services.import_jobs_requeue(waiting=set(), now=NOW)

    job.refresh_from_db()
    assert requeued == []
    assert (job.status, job.attempts, job.heartbeat_at) == ("checking", 1, NOW - dt.timedelta(seconds=299))


def test_a_job_whose_upload_is_gone_is_failed_with_its_message_instead_of_requeued(bureau):
    job = left_by_a_dead_worker(queued_job(bureau), attempts=1)
    spool.remove(job.pk)

    requeued = services.import_jobs_requeue(waiting=set(), now=NOW)

    job.refresh_from_db()
    assert requeued == []
    assert (job.status, job.message) == (
        "failed",
        "上传的文件已不在服务器上（已超过保留期限或已被清理），未导入任何数据，请重新上传",
    )
    assert system_events("import_job.fail") == [
        (
            None,
            "系统",
            "",
            "imports.importjob",
            str(job.pk),
            "150222",
            {"status": ["checking", "failed"], "attempts": [1, 1]},
        )
    ]


def test_an_upload_sealed_for_another_job_is_not_imported(bureau):
    job, other = (
        queued_job(bureau),
        queued_job(bureau, xlsx_bytes({"基本信息": table([teacher_row(CODE_A)])})),
    )
    ImportUpload.objects.filter(job=job).update(sealed=ImportUpload.objects.get(job=other).sealed)

    import_job_task(str(job.pk))

    job.refresh_from_db()
    assert (job.status, job.message) == (
        "failed",
        "上传的文件已不在服务器上（已超过保留期限或已被清理），未导入任何数据，请重新上传",
    )
    assert Teacher.objects.count() == 0


def test_the_waiting_upload_is_stored_encrypted(bureau):
    row = teacher_row(CODE_A)
    data = csv_bytes(table([row]))  # a CSV: the ID number is in the file in clear

    job = queued_job(bureau, data)

    sealed = bytes(ImportUpload.objects.get(job=job).sealed)
    assert row["身份证件号"].encode() in data
    assert row["身份证件号"].encode() not in sealed
    assert len(sealed) == len(data) + 12 + 16  # nonce, ciphertext, tag
    assert spool.read(job.pk, sha256=job.file_sha256) == data


# --- its owner runs a failed job again ---------------------------------------------------------------------------


def test_its_owner_runs_a_failed_job_again_from_the_kept_upload(bureau, client, settings):
    settings.JIANFU_IMPORT_MAX_ATTEMPTS = 1
    job = left_by_a_dead_worker(queued_job(bureau), attempts=1)
    services.import_jobs_requeue(waiting=set())
    client.force_login(bureau)
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()

    response = client.post(reverse("imports:job_retry", args=[job.pk]), follow=True)

    job.refresh_from_db()
    assert 'data-testid="retry"' in page
    assert (job.status, job.attempts, job.counts["created"]) == ("done", 1, 2)
    assert Teacher.objects.count() == 2
    assert "已导入：共 2 行，新增 2 人" in response.content.decode()


def test_running_a_job_again_is_audited_with_who_and_the_state_it_left(bureau, client, settings):
    settings.JIANFU_IMPORT_MAX_ATTEMPTS = 1
    job = left_by_a_dead_worker(queued_job(bureau), attempts=1)
    services.import_jobs_requeue(waiting=set())
    client.force_login(bureau)

    client.post(reverse("imports:job_retry", args=[job.pk]))

    event = AuditEvent.objects.get(action="import_job.retry")
    assert (event.actor_id, event.object_id, event.object_type) == (
        bureau.pk,
        str(job.pk),
        "imports.importjob",
    )
    assert event.changes == {"status": ["failed", "queued"], "attempts": [1, 0]}


def test_a_job_still_running_cannot_be_run_again(bureau, client):
    job = queued_job(bureau)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.CHECKING, heartbeat_at=timezone.now())
    before = ImportJob.objects.values().get(pk=job.pk)
    client.force_login(bureau)

    response = client.post(reverse("imports:job_retry", args=[job.pk]), follow=True)

    assert [str(message) for message in response.context["messages"]] == [
        "只有无法导入或处理中断的任务可以重新导入"
    ]
    assert ImportJob.objects.values().get(pk=job.pk) == before
    assert Teacher.objects.count() == 0
    assert not AuditEvent.objects.filter(action="import_job.retry").exists()


def test_a_failed_job_whose_upload_is_gone_offers_no_retry_and_refuses_one(bureau, client):
    job = queued_job(bureau)
    services.import_job_fail(job_id=job.pk, message="导入时发生内部错误")
    spool.remove(job.pk)
    before = ImportJob.objects.values().get(pk=job.pk)
    client.force_login(bureau)
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()

    response = client.post(reverse("imports:job_retry", args=[job.pk]), follow=True)

    assert 'data-testid="retry"' not in page
    assert [str(message) for message in response.context["messages"]] == [
        "上传的文件已不在服务器上（已超过保留期限或已被清理），未导入任何数据，请重新上传"
    ]
    assert ImportJob.objects.values().get(pk=job.pk) == before


def test_someone_elses_failed_job_cannot_be_run_again(bureau, client):
    job = queued_job(bureau)
    services.import_job_fail(job_id=job.pk, message="导入时发生内部错误")
    before = ImportJob.objects.values().get(pk=job.pk)
    client.force_login(user_with_role(Role.COUNTY_EDU, region_code="150222"))

    response = client.post(reverse("imports:job_retry", args=[job.pk]))

    assert response.status_code == 404
    assert ImportJob.objects.values().get(pk=job.pk) == before


# --- the spool's clean-up ----------------------------------------------------------------------------------------


def test_the_purge_removes_the_uploads_no_job_will_read_again(bureau, settings):
    settings.JIANFU_IMPORT_KEEP_FAILED_HOURS = 24
    done, waiting, failed_lately, failed_long_ago = (queued_job(bureau) for _ in range(4))
    ImportJob.objects.filter(pk=done.pk).update(status=ImportJob.Status.DONE, finished_at=NOW)
    ImportJob.objects.filter(pk=failed_lately.pk).update(
        status=ImportJob.Status.FAILED, finished_at=NOW - dt.timedelta(hours=23)
    )
    ImportJob.objects.filter(pk=failed_long_ago.pk).update(
        status=ImportJob.Status.FAILED, finished_at=NOW - dt.timedelta(hours=25)
    )

    removed = services.import_uploads_purge(now=NOW)

    assert removed == 2
    assert set(ImportUpload.objects.values_list("job_id", flat=True)) == {waiting.pk, failed_lately.pk}


# --- the scheduler -----------------------------------------------------------------------------------------------


def _runs_at(task, *moments: str) -> list[bool]:
    return [task.task_class().validate_datetime(dt.datetime.fromisoformat(moment)) for moment in moments]


def test_the_periodic_tasks_are_registered_with_their_schedule():
    periodic = {task.name for task in HUEY._registry.periodic_tasks}

    assert {
        "import_jobs_requeue_task",
        "import_uploads_purge_task",
        "escalate_cases_task",
        "secondment_reminders_task",
    } <= periodic
    assert _runs_at(import_jobs_requeue_task, "2030-03-12 10:00", "2030-03-12 10:01") == [True, True]
    assert _runs_at(import_uploads_purge_task, "2030-03-12 10:07", "2030-03-12 10:08") == [True, False]
    assert _runs_at(escalate_cases_task, "2030-03-12 01:10", "2030-03-12 01:11", "2030-03-13 01:10") == [
        True,
        False,
        True,
    ]
    assert _runs_at(secondment_reminders_task, "2030-03-12 01:20", "2030-03-12 13:20") == [True, False]
