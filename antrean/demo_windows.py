"""The demo's windows as processes it watches: a window that ends, at its start or later,
is reported in the terminal with the last lines of its log, so nothing fails unseen.

A window the demo ends itself (Ctrl-C, ``--seconds``) is not reported. One closed by a
person (exit code 0) gets one line; one that failed (any other end) gets its log's tail
and makes the demo's own exit code 1.
"""

import signal
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

TAIL_LINES = 12


@dataclass
class DemoWindow:
    """One window's process. ``name`` reads in a sentence: "the kiosk"."""

    name: str
    command: list[str]
    log: Path
    process: subprocess.Popen[bytes] | None = None
    reported: bool = False  # its end has been said

    def start(self) -> None:
        with self.log.open("ab") as sink:
            self.process = subprocess.Popen(self.command, stdout=sink, stderr=sink)

    @property
    def ended(self) -> bool:
        return self.process is None or self.process.poll() is not None

    @property
    def failed(self) -> bool:
        """Ended with anything but exit code 0."""
        return self.process is not None and self.process.poll() not in (None, 0)


@dataclass
class DemoWindows:
    """The windows of one demo run."""

    windows: Sequence[DemoWindow]
    out: TextIO = field(default_factory=lambda: sys.stderr)
    _stopping: bool = field(default=False, init=False)

    def start(self) -> None:
        for window in self.windows:
            window.start()

    @property
    def any_open(self) -> bool:
        return any(not window.ended for window in self.windows)

    @property
    def any_failed(self) -> bool:
        """A window failed on its own, before the demo began to end them."""
        return any(window.reported and window.failed for window in self.windows)

    def report_ended(self) -> None:
        """Says, once, of each window that has ended since the last look, how it ended."""
        if self._stopping:
            return
        for window in self.windows:
            if window.ended and not window.reported:
                window.reported = True
                self.out.write(_report(window))
                self.out.flush()

    def end(self) -> None:
        """Each window is told to stop (a kiosk prints the ticket in hand first), then
        ended if it has not within 15 s."""
        self.report_ended()
        self._stopping = True
        running = [w.process for w in self.windows if w.process and w.process.poll() is None]
        for process in running:
            process.terminate()
        for process in running:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


def _report(window: DemoWindow) -> str:
    code = window.process.returncode if window.process is not None else None
    if code == 0:
        return f"Antrean demo: the window of {window.name} was closed.\n"
    lines = [
        f"Antrean demo: the window of {window.name} {_how(code)}. The end of {window.log}:",
        *(f"    {line}" for line in _tail(window.log) or ["(the log is empty)"]),
    ]
    return "\n".join(lines) + "\n"


def _how(code: int | None) -> str:
    if code is None or code >= 0:
        return f"stopped with exit code {code}"
    try:
        return f"was ended by {signal.Signals(-code).name}"
    except ValueError:
        return f"was ended by signal {-code}"


def _tail(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        return [f"(cannot read it: {error.strerror or error})"]
    return [line for line in text.splitlines() if line.strip()][-TAIL_LINES:]
