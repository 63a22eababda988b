"""The kiosk's durable local store (stdlib ``sqlite3``, WAL, ``synchronous=FULL``).

It holds the numbers the server leased to this kiosk, the tickets issued from
them while the server was unreachable, tickets whose printing failed (so staff
can reprint them), the last office state seen (to keep showing services
offline), and on a feedback screen the ratings not yet sent.

Invariants:
- a leased number is used at most once: taking it and recording the ticket is
  one transaction, and ``lease_number`` has one row per number;
- one ``client_ref`` gives at most one offline ticket (a retry gets the same), and one
  booking (its day and application number) at most one: scanned again, the same;
- offline tickets are handed in in the order they were issued (``seq``), and a
  ticket leaves the hand-in list only once the server has answered for it;
- a booking code stays only until the server has answered for its ticket, and which
  bookings were checked in here only for their day (``forget_bookings``);
- every write is committed with ``synchronous=FULL`` before the call returns,
  so a power cut after a ticket is shown never loses it.
"""

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Self

from pydantic import TypeAdapter

from kiosk_app.core.outcomes import IssuedTicket
from queue_protocol import (
    FeedbackRequest,
    IssueTicketRequest,
    Lease,
    OfflineTicket,
    TicketSource,
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS lease (
    id INTEGER PRIMARY KEY, service TEXT NOT NULL, day TEXT NOT NULL, expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS lease_number (
    lease_id INTEGER NOT NULL REFERENCES lease(id), position INTEGER NOT NULL,
    number TEXT NOT NULL, used_by TEXT UNIQUE, PRIMARY KEY (lease_id, position)
);
CREATE TABLE IF NOT EXISTS offline_ticket (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, client_ref TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'pending', ticket_id INTEGER, note TEXT
);
CREATE TABLE IF NOT EXISTS unprinted (
    client_ref TEXT PRIMARY KEY, ticket_id INTEGER, body TEXT NOT NULL, reason TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS feedback (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, client_ref TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'pending', note TEXT
);
CREATE TABLE IF NOT EXISTS offline_booking (
    booking TEXT PRIMARY KEY, client_ref TEXT NOT NULL REFERENCES offline_ticket(client_ref)
);
"""
_ISSUED = TypeAdapter(IssuedTicket)


class OfflineStore:
    """The store in ``path`` (created if missing). Safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def open(self) -> None:
        """Open (and create) the database file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        db.executescript(_SCHEMA)
        self._db = db

    def close(self) -> None:
        """Close the database; safe to call twice."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError(f"offline store {self.path} is not open")
        return self._db

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction under the lock: committed on success, else rolled back."""
        with self._lock:
            db = self._conn()
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    # -- leases ---------------------------------------------------------------------

    def add_lease(self, lease: Lease) -> None:
        """Keep a lease's numbers; adding the same lease twice changes nothing."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO lease VALUES (?, ?, ?, ?)",
                (lease.id, lease.service, lease.day.isoformat(), lease.expires_at.isoformat()),
            )
            db.executemany(
                "INSERT OR IGNORE INTO lease_number (lease_id, position, number) VALUES (?, ?, ?)",
                [(lease.id, i, number) for i, number in enumerate(lease.numbers)],
            )

    def numbers_left(self, service: str, now: datetime) -> int:
        """Unused numbers of ``service`` in leases still valid at ``now``."""
        with self._lock:
            row = (
                self._conn()
                .execute(
                    "SELECT COUNT(*) FROM lease_number n JOIN lease l ON l.id = n.lease_id "
                    "WHERE l.service = ? AND n.used_by IS NULL AND l.expires_at > ?",
                    (service, now.isoformat()),
                )
                .fetchone()
            )
        return int(row[0])

    def issue(
        self,
        service: str,
        request: IssueTicketRequest,
        now: datetime,
        *,
        booking: str | None = None,
    ) -> OfflineTicket | None:
        """An offline ticket from the lowest unused leased number, or None if none is left.

        The same ``request.client_ref`` always gets the same ticket back, and so does the
        same ``booking`` (a key of the booking checked in, such as its day and number).
        """
        with self._transaction() as db:
            if booking is not None:
                known = db.execute(
                    "SELECT t.body FROM offline_booking b JOIN offline_ticket t "
                    "ON t.client_ref = b.client_ref WHERE b.booking = ?",
                    (booking,),
                ).fetchone()
                if known is not None:
                    return OfflineTicket.model_validate_json(known[0])
            ticket = self._issue_locked(db, service, request, now)
            if booking is not None and ticket is not None:
                db.execute(
                    "INSERT OR IGNORE INTO offline_booking VALUES (?, ?)",
                    (booking, ticket.client_ref),
                )
            return ticket

    def _issue_locked(
        self, db: sqlite3.Connection, service: str, request: IssueTicketRequest, now: datetime
    ) -> OfflineTicket | None:
        known = db.execute(
            "SELECT body FROM offline_ticket WHERE client_ref = ?", (request.client_ref,)
        ).fetchone()
        if known is not None:
            return OfflineTicket.model_validate_json(known[0])
        free = db.execute(
            "SELECT n.lease_id, n.position, n.number FROM lease_number n "
            "JOIN lease l ON l.id = n.lease_id WHERE l.service = ? AND n.used_by IS NULL "
            "AND l.expires_at > ? ORDER BY l.id, n.position LIMIT 1",
            (service, now.isoformat()),
        ).fetchone()
        if free is None:
            return None
        lease_id, position, number = free
        db.execute(
            "UPDATE lease_number SET used_by = ? WHERE lease_id = ? AND position = ?",
            (request.client_ref, lease_id, position),
        )
        ticket = OfflineTicket(
            lease_id=lease_id,
            number=number,
            service=service,
            source=request.source,
            priority_group=request.priority_group,
            language=request.language,
            issued_at=now,
            client_ref=request.client_ref,
            booking_code=request.booking_code if request.source == TicketSource.BOOKING else None,
        )
        db.execute(
            "INSERT INTO offline_ticket (client_ref, body) VALUES (?, ?)",
            (request.client_ref, ticket.model_dump_json()),
        )
        return ticket

    # -- hand-in --------------------------------------------------------------------

    def pending(self) -> list[OfflineTicket]:
        """Offline tickets not yet accepted by the server, in the order they were issued."""
        with self._lock:
            rows = (
                self._conn()
                .execute("SELECT body FROM offline_ticket WHERE state = 'pending' ORDER BY seq")
                .fetchall()
            )
        return [OfflineTicket.model_validate_json(body) for (body,) in rows]

    def mark_handed_in(self, accepted: dict[str, int], refused: dict[str, str]) -> None:
        """Record the server's answer: ``client_ref`` to ticket id, or to the refusal."""
        with self._transaction() as db:
            db.executemany(
                "UPDATE offline_ticket SET state = 'accepted', ticket_id = ? WHERE client_ref = ?",
                [(ticket_id, ref) for ref, ticket_id in accepted.items()],
            )
            db.executemany(
                "UPDATE offline_ticket SET state = 'refused', note = ? WHERE client_ref = ?",
                [(note, ref) for ref, note in refused.items()],
            )

    def forget_bookings(self, before: date) -> None:
        """Drop what identifies a visitor once it is no longer needed: the booking code of
        a ticket the server has answered for, and which bookings were checked in here on
        days before ``before`` (today's stay, so a rescan today gets the same ticket)."""
        with self._transaction() as db:
            db.execute(
                "UPDATE offline_ticket SET body = json_set(body, '$.booking_code', NULL) "
                "WHERE state != 'pending' AND json_extract(body, '$.booking_code') IS NOT NULL"
            )
            db.execute("DELETE FROM offline_booking WHERE booking < ?", (before.isoformat(),))

    def ticket_id(self, client_ref: str) -> int | None:
        """The server's id of a handed-in offline ticket (None until accepted)."""
        with self._lock:
            row = (
                self._conn()
                .execute("SELECT ticket_id FROM offline_ticket WHERE client_ref = ?", (client_ref,))
                .fetchone()
            )
        return None if row is None or row[0] is None else int(row[0])

    # -- ratings of the feedback screen ---------------------------------------------

    def add_feedback(self, request: FeedbackRequest) -> None:
        """Keep a rating until the server has it; the same ``client_ref`` twice, once."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO feedback (client_ref, body) VALUES (?, ?)",
                (request.client_ref, request.model_dump_json()),
            )

    def pending_feedback(self) -> list[FeedbackRequest]:
        """Ratings the server has not answered for, oldest first."""
        with self._lock:
            rows = (
                self._conn()
                .execute("SELECT body FROM feedback WHERE state = 'pending' ORDER BY seq")
                .fetchall()
            )
        return [FeedbackRequest.model_validate_json(body) for (body,) in rows]

    def mark_feedback(self, client_ref: str, *, refused: str | None = None) -> None:
        """The server answered for a rating: recorded, or ``refused`` with its reason."""
        state = "sent" if refused is None else "refused"
        with self._transaction() as db:
            db.execute(
                "UPDATE feedback SET state = ?, note = ? WHERE client_ref = ?",
                (state, refused, client_ref),
            )

    # -- tickets left unprinted -------------------------------------------------------

    def add_unprinted(self, ticket: IssuedTicket, reason: str) -> None:
        """Keep a ticket the printer could not print, for a reprint by staff."""
        with self._lock:
            self._conn().execute(
                "INSERT OR REPLACE INTO unprinted VALUES (?, ?, ?, ?)",
                (ticket.client_ref, ticket.ticket_id, _ISSUED.dump_json(ticket).decode(), reason),
            )

    def unprinted(self) -> list[IssuedTicket]:
        """Tickets still waiting for a reprint, oldest first."""
        with self._lock:
            rows = self._conn().execute("SELECT body FROM unprinted ORDER BY rowid").fetchall()
        return [_ISSUED.validate_json(body) for (body,) in rows]

    def remove_unprinted(self, client_ref: str) -> None:
        with self._lock:
            self._conn().execute("DELETE FROM unprinted WHERE client_ref = ?", (client_ref,))

    # -- last known office state ------------------------------------------------------

    def save_cache(self, key: str, body: str) -> None:
        with self._lock:
            self._conn().execute("INSERT OR REPLACE INTO cache VALUES (?, ?)", (key, body))

    def load_cache(self, key: str) -> str | None:
        with self._lock:
            row = self._conn().execute("SELECT body FROM cache WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])
