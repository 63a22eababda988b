"""Display latency and memory.

1. call -> board shows it: an officer calls next at the real server (``antrean
   server`` as its own process, the lead's ``ProcessServer``); the time until the
   board's "now calling" label shows that number, p50/p99 over ``--calls`` calls.
   The board runs in this process, offscreen, fed by the real event stream.
2. memory: RSS of a board (state + widgets) fed ``--feed`` calls and snapshots
   in-process; it must not grow after warm-up.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.display_latency [--calls 1000]
"""

import argparse
import os
import tempfile
import threading
import time
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from counter_display.app import DisplayApp
from counter_display.config import AudioConfig, DisplayConfig
from counter_display.core.board import Board
from counter_display.core.speech import NullSink
from counter_display.ui.board_view import BoardView
from queue_protocol import IssueTicketRequest, TicketAction, TicketSource
from tests.support.live_server import ProcessServer, seed
from tests.support.office import office_settings
from tests.unit.display import factories

SERVICE, COUNTER = "AP", 7


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(q * len(ordered)), len(ordered) - 1)]


def rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class LatencyRun:
    """Drives calls from a thread; the UI thread notes when each number is on screen."""

    def __init__(self, server: ProcessServer, app: DisplayApp, calls: int) -> None:
        self.server, self.app, self.calls = server, app, calls
        self.sent: dict[str, float] = {}
        self.replied: dict[str, float] = {}
        self.shown: dict[str, float] = {}
        self.seen = threading.Event()
        self.done = threading.Event()
        self.error: BaseException | None = None
        app.board.subscribe(self._on_board_changed)  # after the view: the label is set

    def _on_board_changed(self) -> None:
        # The pushed event may beat the call's HTTP reply: note every number first shown.
        number = self.app.view.now_calling.number_text()
        if number not in self.shown:
            self.shown[number] = time.perf_counter()
            self.seen.set()

    def drive(self) -> None:
        try:
            self._drive()
        except BaseException as error:  # reported by main, never lost in a thread
            self.error = error
        finally:
            self.done.set()

    def _wait_shown(self, number: str) -> None:
        # The timestamps are taken on the UI thread; this wait only paces the driver.
        deadline = time.monotonic() + 10
        while number not in self.shown:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{number} never shown")
            self.seen.wait(0.05)
            self.seen.clear()

    def _drive(self) -> None:
        with self.server.kiosk_client() as kiosk, self.server.officer_client() as officer:
            for _ in range(self.calls):
                kiosk.issue_ticket(
                    IssueTicketRequest(
                        service=SERVICE,
                        source=TicketSource.WALK_IN,
                        client_ref=f"bench-{uuid.uuid4().hex}",
                    )
                )
            for _ in range(self.calls):
                started = time.perf_counter()
                ticket = officer.call_next(COUNTER)
                assert ticket is not None
                self.sent[ticket.number] = started
                self.replied[ticket.number] = time.perf_counter()
                self._wait_shown(ticket.number)
                officer.ticket_action(ticket.id, TicketAction.START)
                officer.ticket_action(ticket.id, TicketAction.FINISH)


def wait_loaded(qt_app: QApplication, app: DisplayApp, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not app.board.state().connected:
        if time.monotonic() > deadline:
            raise RuntimeError("the board did not connect")
        qt_app.processEvents()
        time.sleep(0.01)


def latency(qt_app: QApplication, calls: int) -> tuple[list[float], list[float]]:
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        settings = office_settings(directory)
        server = ProcessServer(settings=settings, tokens=seed(settings))
        server.start()
        config = DisplayConfig(
            server=server.url,
            token=server.device_token("display"),
            audio=AudioConfig(enabled=False),
        )
        app = DisplayApp(config, sink=NullSink())
        try:
            app.view.show()
            app.start()
            wait_loaded(qt_app, app)
            run = LatencyRun(server, app, calls)
            threading.Thread(target=run.drive, name="bench-driver", daemon=True).start()
            poll = QTimer()
            poll.timeout.connect(lambda: run.done.is_set() and qt_app.quit())
            poll.start(20)
            qt_app.exec()
            poll.stop()
            if run.error is not None:
                raise run.error
            shown = [(run.shown[n] - run.sent[n]) * 1000 for n in run.sent]
            replied = [(run.replied[n] - run.sent[n]) * 1000 for n in run.sent]
            return shown, replied
        finally:
            app.stop()
            server.stop()


def memory(qt_app: QApplication, feed: int) -> tuple[int, int, int]:
    """RSS before, after warm-up (a tenth of ``feed``), and after all ``feed`` calls."""
    clock = factories.FakeClock()
    board = Board(clock)
    view = BoardView(board, clock=clock)
    view.show()
    before = rss_kib()
    warm = 0
    for n in range(1, feed + 1):
        number = f"{'ABCDEFGH'[n % 8]}{n % 1000:03d}"
        board.apply(factories.called(2 * n, number, n % 8 + 1))
        board.apply(factories.queue_changed(2 * n + 1, waiting={"PB": n % 50}))
        clock.advance(1)
        if n % 100 == 0:
            qt_app.processEvents()
        if n == feed // 10:
            warm = rss_kib()
    after = rss_kib()
    view.stop()
    view.close()
    return before, warm, after


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--feed", type=int, default=10_000)
    args = parser.parse_args()
    qt_app = QApplication([])
    samples, replies = latency(qt_app, args.calls)
    print(f"{len(samples)} calls (server process, SQLite, loopback):")
    for name, values in (("call -> board shows it", samples), ("call-next HTTP reply", replies)):
        print(
            f"  {name:24} p50 {quantile(values, 0.5):6.1f} ms   p99 {quantile(values, 0.99):6.1f}"
            f" ms   max {max(values):6.1f} ms"
        )
    before, warm, after = memory(qt_app, args.feed)
    print(f"board RSS fed {args.feed} calls + snapshots (in-process):")
    print(
        f"  start {before / 1024:.1f} MiB, after {args.feed // 10}: {warm / 1024:.1f} MiB,"
        f" after {args.feed}: {after / 1024:.1f} MiB (growth after warm-up"
        f" {(after - warm) / 1024:+.1f} MiB)"
    )


if __name__ == "__main__":
    main()
