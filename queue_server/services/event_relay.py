"""Following the event log, for an office served by several server processes.

With ``antrean server --workers N`` (PostgreSQL) a process publishes nothing
straight from its own writes. Each one follows the log: PostgreSQL notifies every
commit of events, and the process reads what came after the last ``seq`` it has
and publishes it, its own writes and the others' alike, in ``seq`` order (each
``seq`` commits after every smaller one: ``Database``). What else a process keeps
in memory follows the log too: a change marks its queue snapshot stale, a logout,
a password change, a disabled user or a revoked device empties its token cache,
and logins count against a name in every process, not only in the one they came
to.
"""

import logging
from collections.abc import Callable
from datetime import timedelta

from queue_protocol import Event, EventType
from queue_server.services import auth
from queue_server.services.background import BackgroundThread
from queue_server.services.context import Publisher, ServerContext
from queue_server.services.event_log import PUSHED
from queue_server.services.transaction import row_to_event
from queue_server.storage import event_store
from queue_server.storage.event_store import LoggedEvent
from queue_server.storage.notifications import EventNotifications

log = logging.getLogger(__name__)
POLL_SECONDS = 1.0  # the log is read at least this often, notified or not
RETRY_SECONDS = 1.0
BATCH = 500  # events read at once
RECENT_LOGINS = 1000  # the most account events read back at start


class EventRelay(BackgroundThread):
    thread_name = "event-relay"

    def __init__(
        self,
        ctx: ServerContext,
        database_url: str,
        *,
        publish: Publisher,
        queue_changed: Callable[[], object],
    ) -> None:
        super().__init__()
        self._ctx = ctx
        self._database_url = database_url
        self._publish = publish
        self._queue_changed = queue_changed
        self._last = 0

    def start(self) -> None:
        """From the log's end: what came before, a client replays with ``since``. But the
        logins of the throttle's last window are counted, so that a process started late
        (or again) holds a guesser back as the others do. (It counts them as of now: the
        guesser may wait one window longer.)"""
        since = self._ctx.now() - timedelta(seconds=self._ctx.login_throttle.window)
        with self._ctx.db.read() as session:
            self._last = event_store.last_seq(session)
            recent = event_store.audit(
                session, event_type=auth.ACCOUNT_EVENT, start=since, limit=RECENT_LOGINS
            )
        for row in reversed(recent):  # oldest first
            if row.action in ("login", "login_failed"):
                auth.account_changed(self._ctx, row.action, row.actor, row.data)
        super().start()

    def _run(self) -> None:
        notifications: EventNotifications | None = None
        while not self._stop.is_set():
            try:
                if notifications is None:
                    notifications = EventNotifications(self._database_url)
                else:
                    notifications.wait(POLL_SECONDS)
                self.relay()  # also right after (re)connecting: what came meanwhile
            except Exception:
                log.exception("could not follow the event log; trying again")
                if notifications is not None:
                    notifications.close()
                notifications = None
                self._stop.wait(RETRY_SECONDS)
        if notifications is not None:
            notifications.close()

    def relay(self) -> int:
        """Publish what the log holds after the last ``seq`` relayed; how many rows."""
        relayed = 0
        while True:
            with self._ctx.db.read() as session:
                rows = event_store.after(session, self._last, limit=BATCH)
            if not rows:
                return relayed
            self._relay(rows)
            self._last = rows[-1].seq
            relayed += len(rows)

    def _relay(self, rows: list[LoggedEvent]) -> None:
        events = [_event(self._ctx, row) for row in rows if row.type in PUSHED]
        if events:
            self._publish(events)
        if any(_changes_queue(row) for row in rows):
            self._queue_changed()
        for row in rows:
            if row.type == auth.ACCOUNT_EVENT:
                auth.account_changed(self._ctx, row.action, row.actor, row.data)


def _event(ctx: ServerContext, row: LoggedEvent) -> Event:
    return row_to_event(row.seq, row.at, row.type, row.data, ctx)


def _changes_queue(row: LoggedEvent) -> bool:
    return row.type in PUSHED and row.type != EventType.QUEUE_CHANGED.value
