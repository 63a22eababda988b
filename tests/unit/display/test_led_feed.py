"""The LED feed: off the UI thread, retries a failing device, one log line per change."""

import logging
import threading

import pytest

from counter_display.core.led_feed import LedFeed
from hardware.led.base import LedError
from hardware.led.codecs import AsciiFrameCodec
from hardware.led.fake import SimulatedCounterLed


class FlakyLed:
    """A CounterLed that fails to open until ``plugged``; records what it shows."""

    url = "fake://led"

    def __init__(self) -> None:
        self.plugged = False
        self.shown: list[tuple[int, str]] = []
        self.attempts = 0
        self.changed = threading.Event()

    def open(self) -> None:
        self.attempts += 1
        self.changed.set()
        if not self.plugged:
            raise LedError("no such device")

    def close(self) -> None:
        """Nothing to release."""

    def show(self, counter: int, number: str) -> None:
        self.shown.append((counter, number))
        self.changed.set()


def _wait(condition: object, led: FlakyLed) -> None:
    for _ in range(500):
        if callable(condition) and condition():
            return
        led.changed.wait(0.01)
        led.changed.clear()
    raise AssertionError("condition not reached")


def test_led_feed_retries_then_sends_newest_number(caplog: pytest.LogCaptureFixture) -> None:
    led = FlakyLed()
    states: list[bool] = []
    feed = LedFeed(led, min_backoff=0.01, max_backoff=0.02, on_available=states.append)
    with caplog.at_level(logging.INFO, logger="counter_display.core.led_feed"):
        feed.start()
        feed.show(3, "A011")
        _wait(lambda: led.attempts >= 3, led)
        feed.show(3, "A012")  # replaces A011, never sent
        feed.show(4, "B001")
        led.plugged = True
        _wait(lambda: len(led.shown) >= 2, led)
        feed.close()
    assert sorted(led.shown) == [(3, "A012"), (4, "B001")]
    assert states == [False, True]
    messages = [r.getMessage() for r in caplog.records]
    assert messages == [
        "LED display fake://led unavailable: no such device",
        "LED display fake://led available",
    ]


def test_led_feed_drops_a_number_the_display_cannot_show(
    caplog: pytest.LogCaptureFixture,
) -> None:
    led = SimulatedCounterLed(AsciiFrameCodec(width=4))
    feed = LedFeed(led)
    feed.start()
    with caplog.at_level(logging.WARNING):
        feed.show(1, "A10000")
        feed.show(2, "B002")
        assert led.bus.wait_for(2, "B002")
    feed.close()
    assert "cannot show A10000" in caplog.text
