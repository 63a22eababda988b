"""Retention (UU PDP 27/2022): personal data is kept only as long as ``[retention]`` in
``office.toml`` says, per kind, then purged or anonymised:

- passport hashes (tickets, bookings): forgotten;
- application numbers: the bookings of past days are deleted, with the application number
  in the log's ticket events; their tickets stay;
- status tokens: a ticket's status link stops working, and leaves the log;
- login addresses: dropped from the log's account events (who and what stay);
- sessions: ended login sessions are deleted;
- feedback links: a rating no longer says which ticket it was for (the rating stays).

Ticket numbers, times, outcomes and ratings stay: they are not personal and feed the
reports. Old queue snapshots (superseded, never replayed) are pruned after a day.
"""

import logging
from datetime import date, datetime, timedelta

from queue_server.domain.office import RetentionDef
from queue_server.services import report_cells
from queue_server.services.background import BackgroundThread
from queue_server.services.context import ServerContext
from queue_server.storage import event_store, retention_store

log = logging.getLogger(__name__)
SNAPSHOT_KEEP = timedelta(days=1)
LOG_SLICE = timedelta(days=1)  # of the event log scrubbed per transaction
LOG_KINDS = {  # the log's kinds of personal data, by what the run's counts call them
    "log_booking_ref": "application numbers in the log",
    "log_status_url": "status links in the log",
    "log_address": "login addresses",
}


def purge(ctx: ServerContext) -> dict[str, int]:
    """One run of the retention job; returns the rows changed per kind of data."""
    now = ctx.now()
    kept: RetentionDef = ctx.office.retention

    def before(days: int) -> datetime:
        return now - timedelta(days=days)

    def day_before(days: int) -> date:
        return before(days).astimezone(ctx.zone).date()

    with ctx.db.write() as session:

        def day_from(kind: str, cutoff: datetime) -> date:
            """The first day this run reads for ``kind``: where the last run stopped (a
            day before, for the time zones), so a run reads hours, not the years kept."""
            since = retention_store.mark(session, kind)
            retention_store.set_mark(session, kind, cutoff)
            return since.astimezone(ctx.zone).date() - timedelta(days=1) if since else date.min

        passports = before(kept.passport_hashes)
        counts = {
            "passport hashes": retention_store.forget_passport_hashes(
                session,
                issued_before=passports,
                day_before=day_before(kept.passport_hashes),
                day_from=day_from("passport_hashes", passports),
            ),
            "bookings": retention_store.forget_bookings(
                session,
                day_before=day_before(kept.application_numbers),
                day_from=day_from("bookings", before(kept.application_numbers)),
            ),
            "status tokens": retention_store.forget_status_tokens(
                session,
                day_before=day_before(kept.status_tokens),
                day_from=day_from("status_tokens", before(kept.status_tokens)),
            ),
            "sessions": retention_store.forget_sessions(
                session, ended_before=before(kept.sessions)
            ),
            "feedback links": retention_store.forget_feedback_links(
                session,
                day_before=day_before(kept.feedback_links),
                day_from=day_from("feedback_links", before(kept.feedback_links)),
            ),
        }
        superseded = now - SNAPSHOT_KEEP
        since = retention_store.mark(session, "snapshots")  # pruned before it already
        retention_store.set_mark(session, "snapshots", superseded)
        counts["snapshots"] = event_store.prune_snapshots(session, superseded, since)
    for kind, days in (
        ("log_booking_ref", kept.application_numbers),
        ("log_status_url", kept.status_tokens),
        ("log_address", kept.login_addresses),
    ):
        counts[LOG_KINDS[kind]] = scrub_log(ctx, kind, before=before(days))
    if any(counts.values()):
        log.info("retention: %s", ", ".join(f"{n} {what}" for what, n in counts.items() if n))
    return counts


def scrub_log(ctx: ServerContext, kind: str, *, before: datetime) -> int:
    """Scrubs ``kind`` from the events logged up to ``before``, from where the last run
    stopped, a day of the log per transaction: a year to catch up holds the write a
    day's worth at a time, and the run every few hours reads only the hours since."""
    with ctx.db.read() as session:
        start = retention_store.log_mark(session, kind)
    changed = 0
    while start is not None and start < before:
        end = min(start + LOG_SLICE, before)
        with ctx.db.write() as session:
            changed += retention_store.scrub_log(session, kind, start=start, end=end)
            retention_store.set_mark(session, kind, end)
        start = end
    return changed


class RetentionJob(BackgroundThread):
    """Runs ``purge`` and the reports' daily roll-up at start, then every ``interval``
    seconds, in a background thread."""

    thread_name = "retention"

    def __init__(self, ctx: ServerContext, *, interval: float = 6 * 3600) -> None:
        super().__init__()
        self._ctx = ctx
        self._interval = interval

    def _run(self) -> None:
        while True:
            try:
                purge(self._ctx)
                # Roll finished days up for the reports now, not on the first report opened.
                report_cells.roll_up(self._ctx)
            except Exception:  # a failed run must not stop the server; it retries later
                log.exception("retention purge or report roll-up failed")
            if self._stop.wait(self._interval):
                return
