"""The waiting-room board: renders ``Board`` state; no logic, no network.

Landscape (1920x1080): now calling on the left, counters / earlier calls /
waiting on the right. Portrait (1080x1920): the same panels stacked. Both have
the office and clock on top and the running text at the bottom.
"""

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLayout, QVBoxLayout, QWidget

from counter_display.core.board import Board, BoardState, Clock, OfficeHeader
from counter_display.core.clock_text import date_text, local_time, time_text
from counter_display.core.texts import text
from counter_display.ui import theme
from counter_display.ui.header import HeaderWidget
from counter_display.ui.lists import CountersWidget, RecentCallsWidget, WaitingWidget
from counter_display.ui.marquee import MarqueeWidget
from counter_display.ui.now_calling import NowCallingWidget
from queue_protocol import LocalizedText

BASE_SIZE = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
RECENT_ROWS = {"landscape": 4, "portrait": 6}  # what fits under type readable from afar


class BoardView(QWidget):
    """The whole board. Re-renders when the board changes and on its blink timer.

    Args:
        board: the state to show (the view subscribes to it).
        clock: the time for the clock and the blink (the board's clock).
        layout: "landscape" or "portrait".
        languages: the languages the captions alternate between.
        blink_ms: half-period of the blink of a new call.
        language_ms: how long each language's captions stay.
        marquee_speed: how fast the running text moves, in pixels per second at 1080.
    """

    def __init__(
        self,
        board: Board,
        *,
        clock: Clock,
        layout: str = "landscape",
        languages: Sequence[str] = ("id", "en"),
        blink_ms: int = 500,
        language_ms: int = 4000,
        marquee_speed: float = 120.0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("boardView")
        self.setStyleSheet(f"#boardView {{ background: {theme.BACKGROUND}; }}")
        self._board = board
        self._clock = clock
        self._layout_name = layout
        self._languages = tuple(languages)
        self._language_index = 0
        self._blink_on = True
        self._office = OfficeHeader(name="Antrean")
        self.header = HeaderWidget()
        self.now_calling = NowCallingWidget()
        per_row = 2
        self.counters = CountersWidget(per_row=per_row)
        self.recent = RecentCallsWidget(per_row=per_row)
        self.waiting = WaitingWidget(per_row=per_row)
        self.marquee = MarqueeWidget(speed=marquee_speed)
        self._arrange(layout)
        self._blink = self._timer(blink_ms, self._on_blink_timeout)
        self._rotate = self._timer(language_ms, self._on_rotate_timeout)
        board.subscribe(self._on_board_changed)
        self.resize(*BASE_SIZE[layout])
        self._render()

    @property
    def language(self) -> str:
        """The language the captions are in now."""
        return self._languages[self._language_index]

    def set_office(self, office: OfficeHeader) -> None:
        """Show the office's name and logo; the clock follows its time zone."""
        self._office = office
        self.header.set_office(office.name, office.logo)
        self._render()

    def stop(self) -> None:
        """Stop every timer and stop listening to the board (before the app quits)."""
        self._blink.stop()
        self._rotate.stop()
        self.marquee.stop()
        self._board.unsubscribe(self._on_board_changed)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.stop()
        super().closeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        base_w, base_h = BASE_SIZE[self._layout_name]
        unit = min(self.width() / base_w, self.height() / base_h)
        for part in (self.header, self.now_calling, self.counters, self.recent, self.waiting):
            part.apply_scale(unit)
        self.marquee.apply_scale(unit)
        self._grid.setSpacing(theme.scaled(16, unit))
        across = theme.scaled(24, unit)
        self._outer.setContentsMargins(across, theme.scaled(12, unit), across, 0)
        self._outer.setSpacing(theme.scaled(12, unit))
        # Apply the new type sizes now, not on the next pass of the event loop, so
        # the first frame on screen (and a screenshot) is already laid out.
        layout = self.layout()
        if layout is not None:
            layout.activate()

    def _timer(self, interval_ms: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setInterval(interval_ms)
        timer.timeout.connect(slot)
        timer.start()
        return timer

    def _arrange(self, layout: str) -> None:
        self._grid = grid = QGridLayout()
        grid.setSpacing(16)
        if layout == "portrait":
            grid.addWidget(self.now_calling, 0, 0)
            grid.addWidget(self.counters, 1, 0)
            grid.addWidget(self.recent, 2, 0)
            grid.addWidget(self.waiting, 3, 0)
            for row, stretch in enumerate((9, 5, 4, 4)):
                grid.setRowStretch(row, stretch)
        else:
            grid.addWidget(self.now_calling, 0, 0, 3, 1)
            grid.addWidget(self.counters, 0, 1)
            grid.addWidget(self.recent, 1, 1)
            grid.addWidget(self.waiting, 2, 1)
            grid.setColumnStretch(0, 2)
            grid.setColumnStretch(1, 3)
            for row, stretch in enumerate((5, 3, 4)):  # eight counters, four calls, services
                grid.setRowStretch(row, stretch)
        self._outer = outer = QVBoxLayout(self)
        # The screen sets the size; a layout that resized the window on every text
        # change would fight full-screen mode (and warn on platforms without hints).
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        outer.setContentsMargins(24, 12, 24, 0)
        outer.setSpacing(12)
        outer.addWidget(self.header)
        outer.addLayout(grid, 1)
        outer.addWidget(self.marquee)

    def _on_board_changed(self) -> None:
        self._blink_on = True  # a new call starts its blink in the bright phase
        self._render()

    def _on_blink_timeout(self) -> None:
        self._blink_on = not self._blink_on
        self._render()

    def _on_rotate_timeout(self) -> None:
        self._language_index = (self._language_index + 1) % len(self._languages)
        self._render()

    def _render(self) -> None:
        state = self._board.state()
        language = self.language
        self.now_calling.set_call(state.now_calling, language)
        self.now_calling.set_flash(state.highlighted and self._blink_on)
        self.counters.set_counters(state.counters, language)
        self.recent.set_calls(state.recent[: RECENT_ROWS[self._layout_name]], language)
        self.waiting.set_waiting(state.waiting, language)
        self.marquee.set_text(self._running_text(state.announcements))
        self.header.set_status(_status(state, language))
        self._render_clock(self._clock())

    def _render_clock(self, now: datetime) -> None:
        local = local_time(now, self._office.timezone)
        self.header.set_clock(
            time_text(local, self._office.zone_abbreviation), date_text(local, self.language)
        )

    def _running_text(self, announcements: Sequence[LocalizedText]) -> str:
        items: list[str] = []
        for item in announcements:
            items += [item.get(lang) for lang in self._languages]
        if not items:
            items = [text("welcome", lang, office=self._office.name) for lang in self._languages]
        return "     •     ".join(items)


def _status(state: BoardState, language: str) -> str | None:
    """The line under the date: what keeps the board from its server, if anything."""
    if state.trouble is not None:
        return text(state.trouble, language)
    return None if state.connected else text("reconnecting", language)
