"""Stand-ins for cage and the app, for the tests of ``antrean supervise``; each writes the
signals it gets to a record file, one line each.

``python -m tests.installer.fake_cage cage RECORD`` starts the app as cage would and ends
when it ends, with 0 as cage does; a SIGTERM to it ends the app, as cage's closing the display does.
``python -m tests.installer.fake_cage app RECORD`` says READY=1 (with a MAINPID= line the
supervisor must not pass on) and beats every 0.1 s; SIGTERM: STOPPING=1, then exit 0;
SIGABRT: the default, a core-dumping abort.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

from antrean.systemd_notify import ServiceNotifier


def note(record: Path, line: str) -> None:
    with record.open("a", encoding="utf-8") as file:
        file.write(line + "\n")


def cage(record: Path) -> int:
    app = subprocess.Popen([sys.executable, "-m", "tests.installer.fake_cage", "app", str(record)])

    def on_term(number: int, frame: FrameType | None) -> None:
        note(record, "cage SIGTERM")
        app.terminate()

    signal.signal(signal.SIGTERM, on_term)
    app.wait()
    return 0  # as cage does, however its client ended


def app(record: Path) -> int:
    notifier = ServiceNotifier.from_environ()
    stopping = {"now": False}

    def on_signal(number: int, frame: FrameType | None) -> None:
        note(record, f"app {signal.Signals(number).name}")
        if number == signal.SIGABRT:
            signal.signal(signal.SIGABRT, signal.SIG_DFL)
            signal.raise_signal(signal.SIGABRT)
        stopping["now"] = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGABRT, on_signal)
    notifier.send(f"READY=1\nMAINPID={os.getpid()}")
    while not stopping["now"]:
        notifier.watchdog()
        time.sleep(0.1)
    notifier.stopping()
    return 0


if __name__ == "__main__":
    role, record_path = sys.argv[1], Path(sys.argv[2])
    sys.exit(cage(record_path) if role == "cage" else app(record_path))
