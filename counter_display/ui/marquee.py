"""The running-text line: a label sliding right to left, moved by a QTimer."""

from PySide6.QtCore import QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QWidget

from counter_display.ui import theme


class MarqueeWidget(QFrame):
    """Scrolls ``set_text`` endlessly; ``stop`` halts the timer (at shutdown).

    The label is moved, not repainted character by character, so a tick is cheap;
    the speed is in pixels per second so it looks the same at any tick rate.
    """

    def __init__(
        self, parent: QWidget | None = None, *, interval_ms: int = 30, speed: float = 120.0
    ) -> None:
        super().__init__(parent)
        self.setObjectName("marquee")
        self.setStyleSheet(f"#marquee {{ background: {theme.ACCENT}; }}")
        self._label = theme.plain_label(self)
        self._label.setStyleSheet(theme.label_style(theme.FLASH_TEXT))
        self._speed_per_tick = speed * interval_ms / 1000
        self._step = max(1, round(self._speed_per_tick))
        self._x = 0
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()

    def text(self) -> str:
        return self._label.text()

    def text_width(self) -> int:
        """How wide the text is drawn, in pixels."""
        return self._label.width()

    def offset(self) -> int:
        """Where the text starts now, in pixels from the left edge (it decreases)."""
        return self._x

    def set_text(self, value: str) -> None:
        """Show ``value``; it starts from the right edge when it changes."""
        if value == self._label.text():
            return
        self._label.setText(value)
        self._label.adjustSize()
        self._x = self.width()
        self._place()

    def apply_scale(self, unit: float) -> None:
        """Type size for a screen whose short side is ``unit`` x 1080 px."""
        self._label.setFont(theme.font(48 * unit, bold=False))
        self._label.adjustSize()
        self.setFixedHeight(round(self._label.height() * 1.3))
        self._step = max(1, round(self._speed_per_tick * unit))
        self._place()

    def stop(self) -> None:
        """Stop scrolling (every timer is stopped before the app quits)."""
        self._timer.stop()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._place()

    def _on_timer_timeout(self) -> None:
        self._x -= self._step
        if self._x < -self._label.width():
            self._x = self.width()
        self._place()

    def _place(self) -> None:
        self._label.move(self._x, max(0, (self.height() - self._label.height()) // 2))
