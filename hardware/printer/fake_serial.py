"""A simulated serial ESC/POS printer on a pseudo-terminal.

The simulator holds the pty master; the application opens ``url``
(``serial:///dev/pts/N``) exactly as it would open ``/dev/ttyUSB0``, so the serial
adapter is tested over real bytes, with real read timeouts.
"""

import os
import pty
import select
import threading
import tty
from pathlib import Path
from typing import Self

from hardware.printer.fake import SimulatedPrinter
from hardware.printer.paper import PaperWidth


class FakeSerialPrinter(SimulatedPrinter):
    """A ``SimulatedPrinter`` answering on a pty, served from one thread."""

    def __init__(
        self, *, paper: PaperWidth = PaperWidth.MM80, output_dir: Path | None = None
    ) -> None:
        super().__init__(paper=paper, output_dir=output_dir)
        self.device_path = ""
        self._fds: tuple[int, int] | None = None
        self._wake: tuple[int, int] | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """``serial:///dev/pts/N?baudrate=19200`` for ``open_printer``."""
        return f"serial://{self.device_path}?baudrate=19200"

    def start(self) -> None:
        """Create the pty and serve it in a thread."""
        if self._thread is not None:
            return
        master, slave = pty.openpty()
        tty.setraw(slave)  # no echo, no line editing: bytes pass through untouched
        self._fds = (master, slave)
        self._wake = os.pipe()
        self.device_path = os.ttyname(slave)
        self._thread = threading.Thread(target=self._serve, name="fake-serial-printer", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread and remove the pty."""
        if self._thread is None or self._wake is None or self._fds is None:
            return
        os.write(self._wake[1], b"!")
        self._thread.join(timeout=10)
        self._thread = None
        for fd in (*self._fds, *self._wake):
            os.close(fd)
        self._fds = self._wake = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _serve(self) -> None:
        assert self._fds is not None
        assert self._wake is not None
        master, wake = self._fds[0], self._wake[0]
        session = self.session()
        while True:
            ready, _, _ = select.select([master, wake], [], [])
            if wake in ready:
                return
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            reply = session.feed(data)
            if reply:
                os.write(master, reply)
