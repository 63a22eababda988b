"""The device end of a pseudo-terminal, for simulators that speak real serial bytes.

The simulator holds the master side; the application opens ``device_path`` (the
slave) exactly as it would open ``/dev/ttyACM0``.
"""

import os
import pty
import select
import tty
from typing import Self


class PseudoTerminal:
    """A pty pair; ``open`` creates it, ``close`` removes it (the app then sees EOF)."""

    def __init__(self) -> None:
        self._master: int | None = None
        self._slave: int | None = None
        self.device_path = ""

    def open(self) -> None:
        """Create the pty; ``device_path`` is then the path the application opens."""
        if self._master is not None:
            return
        master, slave = pty.openpty()
        tty.setraw(slave)  # no echo, no line editing: bytes pass through untouched
        self._master, self._slave = master, slave
        self.device_path = os.ttyname(slave)

    def close(self) -> None:
        """Close both ends; safe to call twice."""
        for fd in (self._master, self._slave):
            if fd is not None:
                os.close(fd)
        self._master = self._slave = None

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def write(self, data: bytes) -> None:
        """Send ``data`` to the application, as the device would."""
        view = memoryview(data)
        while view:
            written = os.write(self._require_master(), view)
            view = view[written:]

    def read(self, timeout: float) -> bytes:
        """Bytes the application wrote to the device, waiting up to ``timeout`` seconds."""
        master = self._require_master()
        ready, _, _ = select.select([master], [], [], timeout)
        return os.read(master, 4096) if ready else b""

    def _require_master(self) -> int:
        if self._master is None:
            raise RuntimeError("the pseudo-terminal is not open")
        return self._master
