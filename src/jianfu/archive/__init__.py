"""The teacher e-archive (measure 17, honours of measure 18): entries verified by the school, scans kept private,
read by the school, the bureaus of the area and departments holding a time-limited grant; every read audited."""
