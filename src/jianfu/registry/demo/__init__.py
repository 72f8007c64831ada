"""Synthetic Baotou registry for demos and load tests (`jianfu demo-data --scale small|city|province`).

Everything is generated from random.Random(seed), so one seed always gives the same schools, names and ID numbers.

ID numbers are synthetic and can never be a real person's: the six-digit address code is one of 150290..150298,
inside Baotou's 1502xx range but assigned to no county in GB/T 2260 (the real ones stop at 150223). The birth
date and the gender parity of the sequence code match the record, and the check character is the real MOD 11-2
one, so the numbers pass validation. 150299 is left to the test factories (tests/factories.py).

Modules: names and places hold the data; sampling the deterministic helpers and the ID allocator; schools plans
the schools; people makes teachers and students; orgs the departments and demo logins; generator writes it all.
"""
