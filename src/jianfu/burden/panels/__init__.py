"""Dashboard panels beside the hours: proctoring loads (measure 8), secondments (14) and training hours (11).

Same levels as burden/dashboard.py: the city sees its counties, a county its schools, a school its teachers. Every
read goes through the data scope and is grouped by the database; the city's and a county's never scan the ledger
or every teacher row by row (rollups and grouped counts), so a panel costs a fixed handful of queries.
"""

from jianfu.burden.dashboard import Group, groups_of
from jianfu.burden.panels.base import Panel
from jianfu.burden.panels.proctoring import caps_of, proctoring
from jianfu.burden.panels.secondments import secondments
from jianfu.burden.panels.trainings import TIER_LABELS, trainings

__all__ = ["TIER_LABELS", "Group", "Panel", "caps_of", "groups_of", "proctoring", "secondments", "trainings"]
