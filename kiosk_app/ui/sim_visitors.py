"""Plays the demo's simulated visitors at the kiosk, one after another, a step a beat.

Each visitor waits until the kiosk is back at its start screen (the last one has taken
its ticket), then acts through the kiosk's own paths: a booked visitor's code is read by
the simulated scanner (real bytes on its pty), a walk-in's taps reach the flow as the
window's buttons would send them. A visitor the kiosk cannot serve (a refused booking,
the office closed) gives up and the kiosk goes home, as a person would walk away.
"""

import logging
from collections import deque
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from kiosk_app.core.events import BookingCodeEntered, DonePressed, Event, HomePressed
from kiosk_app.core.sim_visitors import FeedReader, SimVisitor
from kiosk_app.core.state import PrintState, Screen
from kiosk_app.ui.controller import KioskController
from kiosk_app.ui.devices import DeviceHub

log = logging.getLogger(__name__)
BEAT_MS = 450  # between two taps of a simulated visitor
PATIENCE_BEATS = 40  # a step the kiosk has not taken by then: the visitor walks away


class SimulatedVisitors(QObject):
    """Reads the feed at ``path`` and plays its visitors on ``controller``."""

    def __init__(
        self,
        path: Path,
        controller: KioskController,
        devices: DeviceHub,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._path = path
        self._controller = controller
        self._devices = devices
        self._reader = FeedReader()
        self._waiting: deque[SimVisitor] = deque()
        self._steps: deque[Event] = deque()
        self._beats = 0
        self.served = 0  # visitors who left with a ticket
        self._timer = QTimer(self)
        self._timer.setInterval(BEAT_MS)
        self._timer.timeout.connect(self.beat)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def beat(self) -> None:
        """One step of the visitor at the screen, or the next visitor steps up."""
        self._read_feed()
        state = self._controller.flow.state
        if not self._steps:
            if state.screen == Screen.START and self._waiting:
                self._steps.extend(self._waiting.popleft().steps())
                self._beats = 0
            else:
                return
        self._beats += 1
        if self._beats > PATIENCE_BEATS or state.screen in (Screen.ERROR, Screen.CLOSED):
            log.info("simulated visitor walked away from the %s screen", state.screen)
            self._steps.clear()
            self._controller.dispatch(HomePressed())
            return
        step = self._steps[0]
        if isinstance(step, DonePressed) and (
            state.screen != Screen.TICKET or state.print_state == PrintState.PRINTING
        ):
            return  # the ticket is not out yet
        if isinstance(step, BookingCodeEntered):
            self._devices.simulate_scan(step.text)  # the scanner sends it to the flow
            self._steps.popleft()
        elif self._controller.dispatch(step):
            self._steps.popleft()
            if isinstance(step, DonePressed):
                self.served += 1

    def _read_feed(self) -> None:
        try:
            with self._path.open("rb") as feed:
                feed.seek(self._reader.offset)
                data = feed.read()
        except FileNotFoundError:
            return
        except OSError as error:
            log.warning("simulated visitor feed %s: %s", self._path, error)
            return
        if data:
            self._waiting.extend(self._reader.take(data))
