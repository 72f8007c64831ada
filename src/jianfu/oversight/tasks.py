"""The daily task of the oversight app for the worker's scheduler (`jianfu run_huey`): the same escalation as
`jianfu escalate-cases`, which changes nothing when run twice on a day."""

import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from jianfu.oversight.escalation import cases_escalate_overdue

logger = logging.getLogger(__name__)

# Early in the morning (TIME_ZONE, settings.HUEY utc False): the day's overdue cases are escalated before work.
ESCALATE_SCHEDULE = crontab(hour="1", minute="10")


@db_periodic_task(ESCALATE_SCHEDULE)
def escalate_cases_task() -> None:
    day = timezone.localdate()
    escalated = cases_escalate_overdue(today=day)
    logger.info("%s: escalated %d overdue report cases", day.isoformat(), len(escalated))
