"""Sends called numbers to the counter LED displays on a thread of their own.

Serial writes can block (a stuck USB adapter waits for ``write_timeout``), so the
UI thread only queues. The feed is the device's supervisor: it opens the port,
retries with backoff after a failure, and logs one line when the device becomes
unavailable and one when it is back. Only the newest number per counter is
worth sending, so a backlog built up while the device was away is collapsed.
"""

import logging
import threading
from collections.abc import Callable

from hardware.led.base import CounterLed, LedError
from hardware.led.codecs import LedCodecError

log = logging.getLogger(__name__)


class LedFeed:
    """Queue ``show`` requests for a ``CounterLed``; ``start`` and ``close`` the thread.

    Args:
        led: the driver (not yet open).
        min_backoff: first wait after a failure, doubled up to ``max_backoff``.
        on_available: told True/False when the device's state changes.
    """

    def __init__(
        self,
        led: CounterLed,
        *,
        min_backoff: float = 0.5,
        max_backoff: float = 30.0,
        on_available: Callable[[bool], None] | None = None,
    ) -> None:
        self._led = led
        self._backoff = (min_backoff, max_backoff)
        self._on_available = on_available
        self._pending: dict[int, str] = {}
        self._wake = threading.Condition()
        self._closing = False
        self._available: bool | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="led-feed", daemon=True)
        self._thread.start()

    def show(self, counter: int, number: str) -> None:
        """Queue ``number`` for ``counter`` (a newer one replaces one not yet sent)."""
        with self._wake:
            self._pending[counter] = number
            self._wake.notify()

    def close(self) -> None:
        """Stop the thread and close the device."""
        with self._wake:
            self._closing = True
            self._wake.notify()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self._led.close()

    def _run(self) -> None:
        delay = self._backoff[0]
        while True:
            with self._wake:
                while not self._pending and not self._closing:
                    self._wake.wait()
                if self._closing:
                    return
                batch, self._pending = self._pending, {}
            if self._send(batch):
                delay = self._backoff[0]
                continue
            with self._wake:
                # Put back what failed unless a newer number came meanwhile.
                self._pending = batch | self._pending
                self._wake.wait(delay)
            delay = min(delay * 2, self._backoff[1])

    def _send(self, batch: dict[int, str]) -> bool:
        try:
            self._led.open()
            for counter, number in batch.items():
                self._show_one(counter, number)
        except LedError as error:
            self._led.close()
            self._set_available(False, str(error))
            return False
        self._set_available(True, "")
        return True

    def _show_one(self, counter: int, number: str) -> None:
        try:
            self._led.show(counter, number)
        except LedCodecError as error:  # this number cannot be shown: drop it, go on
            log.warning("LED display cannot show %s on counter %d: %s", number, counter, error)

    def _set_available(self, available: bool, detail: str) -> None:
        if available == self._available:
            return
        self._available = available
        if available:
            log.info("LED display %s available", self._led.url)
        else:
            log.warning("LED display %s unavailable: %s", self._led.url, detail)
        if self._on_available is not None:
            self._on_available(available)
