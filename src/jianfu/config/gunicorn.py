"""gunicorn settings of jianfu's app servers (`gunicorn -c python:jianfu.config.gunicorn`; make run-prod, bench).

The app is loaded and the similarity index of submitted Matters built once, in the master, before the workers
fork: no worker spends its first screening building it (16–38 s at province scale, past gunicorn's default
timeout), and the workers start from the master's copy and only catch up on what changed since
(matters/screening.py). The index's objects are frozen out of the garbage collector's reach so the workers'
collections do not copy the shared pages.
"""

import gc

preload_app = True


def when_ready(server) -> None:
    """In the master, after the app is loaded and before any worker forks."""
    from django.db import connections

    from jianfu.matters.screening import matter_index

    matter_index()
    # A forked worker must open its own database connections, never share the master's socket.
    connections.close_all()
    gc.freeze()
