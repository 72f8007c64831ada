"""Reads of jianfu.datahub: fields (the dictionary and the held/new marking), deliveries (what requests got,
and the counts), tasks (teachers' forms)."""
