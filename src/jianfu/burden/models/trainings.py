"""Measures 12 and 13: the decision on a video sub-venue for a meeting the screening flagged (M12.sub-venue).

(Trainings, measure 11, need no table of their own: the catalog is the approved training Matters and the hours
are the ledger's professional-development entries.)"""

from django.conf import settings
from django.db import models
from django.utils import timezone

SUB_VENUE_RULE = "M12.sub-venue"


class SubVenueDecision(models.Model):
    """Whether a flagged meeting sets up a video sub-venue, and why; a later decision supersedes (never edits)."""

    matter = models.ForeignKey(
        "matters.Matter", on_delete=models.PROTECT, related_name="sub_venue_decisions", verbose_name="会议"
    )
    # The bureau that decided (the Matter's approval level): scope follows it.
    region = models.ForeignKey("registry.Region", on_delete=models.PROTECT, related_name="+")
    video_sub_venue = models.BooleanField("设视频分会场")
    reason = models.CharField("理由", max_length=300)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("决定时间", default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = "视频分会场决定"

    def __str__(self) -> str:
        return f"{self.matter_id} {'设' if self.video_sub_venue else '不设'}分会场"
