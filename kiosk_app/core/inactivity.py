"""Inactivity: after a quiet spell the start screen comes back for the next visitor.

Pure and driven by an injected monotonic clock, so tests never sleep: the app
calls ``touch`` on every tap and ``expired`` from a once-a-second timer.
"""

from collections.abc import Callable

from kiosk_app.core.state import Screen

# Screens that are already "at rest", or must not be cut short.
_RESTING = frozenset({Screen.START, Screen.CLOSED, Screen.WORKING})


class InactivityTimer:
    """Says when the visitor has left.

    Args:
        clock: monotonic seconds.
        timeout: seconds without a touch on a visitor screen.
        ticket_timeout: seconds the ticket screen stays (shorter: the visitor has it).
        resting_timeout: seconds before a resting screen resets its language.
    """

    def __init__(
        self,
        clock: Callable[[], float],
        *,
        timeout: float = 60.0,
        ticket_timeout: float = 30.0,
        resting_timeout: float = 120.0,
    ) -> None:
        self._clock = clock
        self.timeout = timeout
        self.ticket_timeout = ticket_timeout
        self.resting_timeout = resting_timeout
        self._last = clock()

    def touch(self) -> None:
        """Somebody touched the screen or a device read something."""
        self._last = self._clock()

    def expired(self, screen: Screen, *, language_is_default: bool = True) -> bool:
        """True once the screen has been quiet for its timeout (then the timer restarts)."""
        if screen == Screen.WORKING:
            return False
        if screen in _RESTING:
            limit = None if language_is_default else self.resting_timeout
        elif screen == Screen.TICKET:
            limit = self.ticket_timeout
        else:
            limit = self.timeout
        if limit is None or self._clock() - self._last < limit:
            return False
        self._last = self._clock()
        return True
