"""The daily task of the burden app for the worker's scheduler (`jianfu run_huey`): the same reminders as
`jianfu secondment-reminders`, each raised once however often it runs."""

import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from jianfu.burden.services.secondments import secondment_reminders_due

logger = logging.getLogger(__name__)

# Early in the morning (TIME_ZONE, settings.HUEY utc False): the reminders are there when schools open.
REMINDERS_SCHEDULE = crontab(hour="1", minute="20")


@db_periodic_task(REMINDERS_SCHEDULE)
def secondment_reminders_task() -> None:
    day = timezone.localdate()
    reminders = secondment_reminders_due(today=day)
    logger.info("%s: raised %d secondment reminders", day.isoformat(), len(reminders))
