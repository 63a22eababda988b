"""Headquarters: every office's signed reports received, kept and shown nationally.

Layers, inner to outer: ``domain`` (pure rules: admission of a message, figures of a
day, roles), ``storage`` (PostgreSQL through SQLAlchemy, its own Alembic tree, tables of
records partitioned by month), ``services`` (use cases, one transaction each), ``api``
(the ingest and query API under ``/api/v1/hq/``), ``web`` (the national dashboard).
It shares ``queue_protocol`` with the offices and never imports ``queue_server``.
"""
