"""Runs the flow's commands on worker threads and feeds their results back as events.

Nothing here blocks the UI thread: issuing, printing, refreshing and syncing run
in a ``QThreadPool``; each result comes back through a queued signal and is
dispatched to the flow on the UI thread.
"""

import logging
from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer, Signal

from kiosk_app.core.events import (
    Command,
    Event,
    IssueCommand,
    IssueFailed,
    IssueSucceeded,
    PrintCommand,
    PrintFinished,
    RefreshCommand,
    StatusRefreshed,
    TimedOut,
)
from kiosk_app.core.flow import KioskFlow
from kiosk_app.core.inactivity import InactivityTimer
from kiosk_app.core.issuer import TicketIssuer
from kiosk_app.core.outcomes import Failure, IssuedTicket
from kiosk_app.core.printing import TicketPrinting
from kiosk_app.core.texts import TEXTS
from kiosk_app.ui.workers import JobRunner
from queue_protocol import LocalizedText

log = logging.getLogger(__name__)


def _unexpected() -> Failure:
    indonesian, english = TEXTS["error_unexpected"]
    return Failure("unexpected", LocalizedText(id=indonesian, en=english))


class KioskController(QObject):
    """Glue between the flow, the workers and the window.

    Signals:
        state_changed(object): the flow has a new ``KioskState``.
        synced(object): a background sync finished (a ``SyncReport``).
        reprinted(int, bool): a staff reprint of a ticket id finished (printed or not).
    """

    state_changed = Signal(object)
    synced = Signal(object)
    reprinted = Signal(int, bool)
    _reprint_requested = Signal(int)

    def __init__(
        self,
        flow: KioskFlow,
        issuer: TicketIssuer,
        printing: TicketPrinting,
        inactivity: InactivityTimer,
        *,
        sync_interval_ms: int = 15_000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.flow = flow
        self.issuer = issuer
        self.printing = printing
        self.inactivity = inactivity
        self.jobs = JobRunner()
        self._finishing = False  # told to stop: no new ticket, only the one in hand
        self._syncing = False
        self._sync_again = False  # asked for while a sync ran
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.check_inactivity)
        self._sync = QTimer(self)
        self._sync.setInterval(sync_interval_ms)
        self._sync.timeout.connect(self.sync_now)
        self._reprint_requested.connect(self._on_self_reprint_requested)

    def start(self) -> None:
        """First refresh and sync, then the timers."""
        self.state_changed.emit(self.flow.state)
        self._run(RefreshCommand())
        self.sync_now()
        self._tick.start()
        self._sync.start()

    def stop(self) -> None:
        """Stop the timers and wait for every worker to finish."""
        self._tick.stop()
        self._sync.stop()
        self.jobs.wait()

    def finish_then(self, then: Callable[[], None], *, timeout_ms: int = 10_000) -> None:
        """Issue no new ticket, finish the work in hand (a ticket being issued is then
        printed), and call ``then``: once nothing runs, or after ``timeout_ms``. Told
        twice, it calls ``then`` at once."""
        if self._finishing:
            then()
            return
        self._finishing = True
        self._tick.stop()
        self._sync.stop()
        waited = QElapsedTimer()
        waited.start()
        poll = QTimer(self)

        def check() -> None:
            if self.jobs.busy and not waited.hasExpired(timeout_ms):
                return
            poll.stop()
            then()

        poll.timeout.connect(check)
        poll.start(50)

    def dispatch(self, event: Event) -> bool:
        """Give ``event`` to the flow if its screen accepts it; False if ignored."""
        if not self.flow.accepts(event):
            log.debug("ignored %s on %s", type(event).__name__, self.flow.state.screen)
            return False
        if not isinstance(event, StatusRefreshed | PrintFinished | IssueSucceeded | IssueFailed):
            self.inactivity.touch()
        commands = self.flow.handle(event)
        self.state_changed.emit(self.flow.state)
        for command in commands:
            self._run(command)
        return True

    def request_reprint(self, ticket_id: int) -> None:
        """Staff asked for a reprint (safe to call from any thread)."""
        self._reprint_requested.emit(ticket_id)

    def sync_now(self) -> None:
        """Hand in offline tickets, top up leases, refresh the office state. Asked for
        while a sync runs, it runs once more after that one: what the first read may
        already be out of date (the office opened meanwhile, say)."""
        if self._finishing:
            return
        if self._syncing:
            self._sync_again = True
            return
        self._syncing = True
        self._sync_again = False

        def work() -> object:
            status = self.issuer.refresh()  # first: leases are taken for the services it lists
            return self.issuer.sync(), status

        self._submit(work, self._on_sync_finished)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Every touch or click anywhere restarts the inactivity timer."""
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            self.inactivity.touch()
        return False

    def _submit(self, work: Callable[[], object], done: Callable[[object], None]) -> None:
        self.jobs.submit(work, done)

    def _run(self, command: Command) -> None:
        if self._finishing and not isinstance(command, PrintCommand):
            log.info("stopping: %s not started", type(command).__name__)
            return
        if isinstance(command, IssueCommand):
            request_id, request = command.request_id, command.request
            self._submit(
                lambda: self.issuer.issue(request),
                lambda result: self._on_issue_finished(request_id, result),
            )
        elif isinstance(command, PrintCommand):
            ticket = command.ticket

            def printed(ok: object) -> None:
                self.dispatch(PrintFinished(ticket.client_ref, ok is True))

            self._submit(lambda: self.printing.print_ticket(ticket), printed)
        else:
            self._submit(self.issuer.refresh, self._on_refresh_finished)

    def _on_issue_finished(self, request_id: int, result: object) -> None:
        if isinstance(result, IssuedTicket):
            self.dispatch(IssueSucceeded(request_id, result))
        else:
            failure = result if isinstance(result, Failure) else _unexpected()
            self.dispatch(IssueFailed(request_id, failure))

    def _on_refresh_finished(self, result: object) -> None:
        if isinstance(result, StatusRefreshed):
            self.dispatch(result)

    def _on_sync_finished(self, result: object) -> None:
        self._syncing = False
        if isinstance(result, tuple):
            report, status = result
            self.synced.emit(report)
            self._on_refresh_finished(status)
        if self._sync_again:
            self.sync_now()

    def check_inactivity(self) -> None:
        """Go back to the start screen if the visitor has left (called every second)."""
        state = self.flow.state
        default = self.flow.settings.default_language
        if self.inactivity.expired(state.screen, language_is_default=state.language == default):
            self.dispatch(TimedOut())

    def _on_self_reprint_requested(self, ticket_id: int) -> None:
        self._submit(
            lambda: self.printing.reprint(ticket_id),
            lambda ok: self.reprinted.emit(ticket_id, ok is True),
        )
