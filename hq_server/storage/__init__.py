"""Headquarters' storage: the only place that touches the database."""

from sqlalchemy.orm import Session

from hq_server.storage.database import UNAVAILABLE_ERRORS, DatabaseUrlError, HqDatabase

__all__ = ["UNAVAILABLE_ERRORS", "DatabaseUrlError", "HqDatabase", "Session"]
