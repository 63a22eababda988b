"""Kiosk benchmarks: scan -> ticket bytes at the printer, cold start, memory over 1,000 check-ins.

    .venv/bin/python -m bench.kiosk [--scans 1000] [--cold-starts 5]

- The server is ``antrean server`` in its own process on loopback (SQLite), with one
  M-Paspor booking per scan imported for today.
- The kiosk runs in this process on the offscreen Qt platform with its real flow,
  worker threads and HTTP client. Each scan goes as real bytes through the simulated
  serial scanner (a pty); the clock stops when the TCP ESC/POS printer simulator has
  decoded the whole ticket (``FakeNetworkPrinter``).
- Cold start: a fresh ``python`` process, from spawn to the first start screen drawn
  with the server's services.
- Memory: resident set size after 100 check-ins and after all of them.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:  # the server stack loads only in the parent: cold starts stay honest
    from tests.support.live_server import ProcessServer

WARMUP = 100


class DriverDone(QObject):
    """Tells the UI thread (queued) that the driver thread has finished.

    Signals:
        finished: the last scan has printed (or failed).
    """

    finished = Signal()


class PrinterProcess:
    """The TCP printer simulator in a child process, so its decoding neither shares this
    process's memory figures nor competes with the kiosk for the GIL (a real printer is
    its own machine). The child writes one line per decoded ticket."""

    def __init__(self) -> None:
        command = [sys.executable, "-m", "bench.kiosk", "--printer-child"]
        self._child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert self._child.stdout is not None
        self._out = self._child.stdout
        self.url = self._out.readline().strip()

    def wait_for_ticket(self) -> str:
        """Block until the child reports the next decoded ticket; its first text line."""
        return self._out.readline().strip()

    def stop(self) -> None:
        self._child.terminate()
        self._child.wait(timeout=10)


def printer_child() -> int:
    """Run a ``FakeNetworkPrinter``; print its URL, then a line per decoded ticket."""
    from hardware.printer.fake import FakeNetworkPrinter

    with FakeNetworkPrinter() as printer:
        print(printer.url, flush=True)
        count = 0
        while True:
            printer.wait_for_tickets(count + 1, timeout=3600)
            tickets = printer.tickets
            for ticket in tickets[count:]:
                print(f"ticket {ticket.index}", flush=True)
            count = len(tickets)


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(q * len(ordered)), len(ordered) - 1)]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_server(directory: Path, bookings: int) -> "ProcessServer":
    from antrean.cli import main as antrean_main
    from tests.support.live_server import ProcessServer, seed
    from tests.support.office import always_open_office_text, office_settings

    text = always_open_office_text().replace("booking = 200", f"booking = {bookings + 100}")
    settings = office_settings(directory, office_text=text)
    tokens = seed(settings)
    day = datetime.now(ZoneInfo("Asia/Jakarta")).date().isoformat()
    csv = directory / "bookings.csv"
    rows = [f"{9000000000000000 + n},PB,{day},00:00-23:59," for n in range(bookings)]
    csv.write_text("application_number,service,date,slot,passport_number\n" + "\n".join(rows))
    command = ["bookings", "import", str(csv), "--config", str(settings.office_file)]
    antrean_main([*command, "--database-url", settings.resolved_database_url])
    server = ProcessServer(settings=settings, tokens=tokens)
    server.start()
    return server


def run_scans(server: "ProcessServer", directory: Path, scans: int) -> dict[str, object]:
    """Scan ``scans`` bookings one after another; latency per scan and RSS."""
    from PySide6.QtWidgets import QApplication

    from kiosk_app.app import build_kiosk
    from kiosk_app.config import DevicesSection, KioskConfig, ScreenSection
    from kiosk_app.core.backend import ClientBackend
    from kiosk_app.core.printers import printer_factory
    from queue_protocol.client import ServerLink

    app = QApplication.instance() or QApplication([])
    printer = PrinterProcess()
    config = KioskConfig(
        data_dir=directory / "kiosk",
        devices=DevicesSection(printer=printer.url, scanner="sim://", mrz="", camera=""),
        screen=ScreenSection(simulated_panel=False, fullscreen=False),
    )
    backend = ClientBackend(ServerLink(server.url, server.device_token("kiosk")))
    parts = build_kiosk(config, backend=backend, printer=printer_factory(printer.url))
    parts.shell.resize(1080, 1920)
    parts.shell.show()
    done = DriverDone()
    done.finished.connect(app.quit)
    result: dict[str, object] = {}

    def drive() -> None:
        latencies: list[float] = []
        for n in range(scans):
            started = time.perf_counter()
            parts.devices.simulate_scan(str(9000000000000000 + n))
            if not printer.wait_for_ticket():
                result["error"] = f"scan {n}: the printer simulator stopped"
                break
            latencies.append((time.perf_counter() - started) * 1000)
            if n + 1 == WARMUP:
                result["rss_after_warmup_mb"] = rss_mb()
        result["latencies"] = latencies
        result["rss_after_all_mb"] = rss_mb()
        done.finished.emit()

    parts.start()
    driver = threading.Thread(target=drive, name="bench-driver")
    driver.start()
    app.exec()
    driver.join()
    parts.stop()
    backend.close()
    printer.stop()
    parts.shell.close()
    parts.shell.deleteLater()
    app.processEvents()
    return result


def cold_start_child(url: str, token: str, data_dir: str) -> int:
    """In a fresh process: build the kiosk and exit once the first start screen is drawn."""
    from PySide6.QtWidgets import QApplication

    from kiosk_app.app import build_kiosk
    from kiosk_app.config import DevicesSection, KioskConfig, ScreenSection
    from kiosk_app.core.backend import ClientBackend
    from kiosk_app.core.printers import printer_factory
    from kiosk_app.core.state import KioskState, Screen
    from queue_protocol.client import ServerLink

    app = QApplication([])
    config = KioskConfig(
        data_dir=Path(data_dir),
        devices=DevicesSection(printer="sim://", scanner="", mrz="", camera=""),
        screen=ScreenSection(simulated_panel=False, fullscreen=False),
    )
    backend = ClientBackend(ServerLink(url, token))
    parts = build_kiosk(config, backend=backend, printer=printer_factory("sim://"))
    parts.shell.show()

    def on_state(state: object) -> None:
        if isinstance(state, KioskState) and state.services and state.screen == Screen.START:
            parts.shell.repaint()
            print("ready", flush=True)
            app.quit()

    parts.controller.state_changed.connect(on_state)
    parts.start()
    app.exec()
    parts.stop()
    backend.close()
    return 0


def cold_starts(server: "ProcessServer", directory: Path, count: int) -> list[float]:
    times = []
    for n in range(count):
        command = [sys.executable, "-m", "bench.kiosk", "--cold-start-child", server.url]
        command += [server.device_token("kiosk"), str(directory / f"cold-{n}")]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, timeout=60, check=True)
        if b"ready" not in done.stdout:
            raise RuntimeError(done.stderr.decode(errors="replace"))
        times.append((time.perf_counter() - started) * 1000)
    return times


def report(result: dict[str, object], starts: list[float], scans: int) -> None:
    latencies = result.get("latencies")
    if isinstance(latencies, list) and latencies:
        print(f"scan -> ticket decoded at the TCP printer simulator, {len(latencies)} scans:")
        print(
            f"  p50 {quantile(latencies, 0.5):.1f} ms  p99 {quantile(latencies, 0.99):.1f} ms  "
            f"max {max(latencies):.1f} ms  (target p99 < 300 ms)"
        )
    print(f"cold start to first screen, {len(starts)} runs (process spawn included):")
    print(f"  median {statistics.median(starts):.0f} ms  max {max(starts):.0f} ms")
    warm, end = result.get("rss_after_warmup_mb"), result.get("rss_after_all_mb")
    if isinstance(warm, float) and isinstance(end, float):
        print(
            f"resident memory: {warm:.1f} MB after {WARMUP} check-ins, {end:.1f} MB after {scans}"
        )
    if "error" in result:
        print(f"ERROR: {result['error']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--scans", type=int, default=1000)
    parser.add_argument("--cold-starts", type=int, default=5)
    parser.add_argument("--cold-start-child", nargs=3, metavar=("URL", "TOKEN", "DIR"))
    parser.add_argument("--printer-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.printer_child:
        return printer_child()
    if args.cold_start_child:
        return cold_start_child(*args.cold_start_child)
    with tempfile.TemporaryDirectory(prefix="antrean-kiosk-bench-") as temp:
        directory = Path(temp)
        server = start_server(directory, args.scans)
        stop: Callable[[], None] = server.stop
        try:
            starts = cold_starts(server, directory, args.cold_starts)
            result = run_scans(server, directory, args.scans) if args.scans else {}
        finally:
            stop()
    report(result, starts, args.scans)
    return 1 if "error" in result else 0


if __name__ == "__main__":
    sys.exit(main())
