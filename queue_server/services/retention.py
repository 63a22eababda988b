"""Retention (UU PDP 27/2022): personal data is kept only as long as the office's config says.

Passport-number hashes on tickets and bookings are forgotten after
``retention_days``; old queue snapshots (superseded, never replayed) are pruned
after a day. Ticket numbers, times and outcomes stay: they are not personal and
feed the reports.
"""

import logging
from datetime import timedelta

from queue_server.services import report_cells
from queue_server.services.background import BackgroundThread
from queue_server.services.context import ServerContext
from queue_server.storage import event_store, record_store

log = logging.getLogger(__name__)
SNAPSHOT_KEEP = timedelta(days=1)


def purge(ctx: ServerContext) -> dict[str, int]:
    now = ctx.now()
    cutoff = now - timedelta(days=ctx.office.office.retention_days)
    with ctx.db.write() as session:
        counts = record_store.purge_personal_data(
            session, cutoff, cutoff.astimezone(ctx.zone).date()
        )
        counts["snapshots"] = event_store.prune_snapshots(session, now - SNAPSHOT_KEEP)
    if any(counts.values()):
        log.info("retention: %s", ", ".join(f"{n} {what}" for what, n in counts.items()))
    return counts


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
