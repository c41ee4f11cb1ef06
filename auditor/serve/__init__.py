"""``auditor serve``: the web app for reviewers (a front end; nothing imports it).

Needs the ``serve`` extra (starlette, uvicorn, python-multipart). A job is a batch entry: it
runs in a worker process through ``auditor.batch.runner.run_entries``, the same engine, limits
and report writing as ``auditor batch``; the app keeps its jobs in a SQLite database (WAL, one
commit per state change) under ``--data``.
"""
