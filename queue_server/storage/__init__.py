"""The only package that touches the database (SQLAlchemy 2, Alembic)."""

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from queue_server.storage import (
    account_store,
    booking_store,
    event_store,
    record_store,
    report_store,  # its roll-up tables belong to Base.metadata
    ticket_store,
)
from queue_server.storage.database import (
    MAX_CONCURRENT_WRITES,
    UNAVAILABLE_ERRORS,
    Database,
    DatabaseBusyError,
    WriteConflictError,
    unavailable_cause,
)

__all__ = [
    "MAX_CONCURRENT_WRITES",
    "UNAVAILABLE_ERRORS",
    "Database",
    "DatabaseBusyError",
    "IntegrityError",
    "Session",
    "WriteConflictError",
    "account_store",
    "booking_store",
    "event_store",
    "record_store",
    "report_store",
    "ticket_store",
    "unavailable_cause",
]
