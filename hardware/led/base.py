"""What the display app needs of a counter LED display, whatever its wire protocol."""

from typing import Protocol


class LedError(Exception):
    """An LED display that cannot be opened or written; ``str()`` is for a technician."""


class CounterLed(Protocol):
    """The number shown over each counter (loket).

    One object drives every counter's display on one bus (RS-485 panels share a
    line and are told apart by address).
    """

    url: str

    def open(self) -> None:
        """Open the port; raise ``LedError`` when it cannot be opened."""
        ...

    def close(self) -> None:
        """Close the port; safe to call twice."""
        ...

    def show(self, counter: int, number: str) -> None:
        """Show ticket ``number`` (e.g. "A012") on ``counter``'s display."""
        ...
