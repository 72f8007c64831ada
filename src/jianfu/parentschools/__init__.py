"""Measure 19: parent schools (家长学校): sessions and attendance per school, with a yearly summary."""
