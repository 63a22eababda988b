"""Code scanners: each scan is one decoded text (a booking QR, an application number)."""

from collections.abc import Callable
from typing import Protocol

ScanHandler = Callable[[str], None]


class ScannerError(Exception):
    """A scanner that cannot be opened or read; ``message`` is for a technician."""


class CodeScanner(Protocol):
    url: str

    def open(self) -> None: ...

    def close(self) -> None: ...

    def read_scan(self, timeout: float) -> str | None:
        """Block up to ``timeout`` seconds for one complete scan; None if none came."""
        ...
