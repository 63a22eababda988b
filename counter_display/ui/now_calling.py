"""The big "now calling" panel: ticket number and counter, flashing on a new call."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import QFrame, QSizePolicy, QVBoxLayout, QWidget

from counter_display.core.board import Call
from counter_display.core.texts import text
from counter_display.ui import theme


class NowCallingWidget(QFrame):
    """Shows the latest call; ``flash`` inverts the colours (driven by the view's blink)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nowCalling")
        self._number_caption = theme.plain_label()
        self._number = theme.plain_label()
        self._counter_caption = theme.plain_label()
        self._counter = theme.plain_label()
        self._number.setObjectName("nowCallingNumber")
        self._counter.setObjectName("nowCallingCounter")
        self._layout = layout = QVBoxLayout(self)
        layout.setSpacing(0)
        for label in (self._number_caption, self._number, self._counter_caption, self._counter):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            layout.addWidget(label)
        layout.setStretch(1, 3)
        layout.setStretch(3, 2)
        self._flash: bool | None = None
        self._unit = 1.0
        self._shown: tuple[tuple[str, str], str] | None = None
        self.set_flash(False)
        self.set_call(None, "id")

    def number_text(self) -> str:
        """The number shown now (for tests and accessibility)."""
        return self._number.text()

    def counter_text(self) -> str:
        """The counter shown now."""
        return self._counter.text()

    def caption_text(self) -> str:
        """The caption above the number ("NOMOR ANTREAN" or "TICKET NUMBER")."""
        return self._number_caption.text()

    def is_flashing(self) -> bool:
        """True while the colours are inverted (the bright phase of a blink)."""
        return bool(self._flash)

    def number_fits(self) -> bool:
        """True when the whole number fits the panel's width (no digit cut off)."""
        metrics = QFontMetricsF(self._number.font())
        return metrics.horizontalAdvance(self._number.text()) <= self.contentsRect().width()

    def set_call(self, call: Call | None, language: str) -> None:
        """Show ``call``, or dashes when there has been no call yet today."""
        shown = (call.number, str(call.counter)) if call is not None else ("—", "—")
        key = (shown, language)
        if key == self._shown:
            return  # the blink re-renders twice a second: nothing to redo
        self._shown = key
        self._number_caption.setText(text("ticket_number", language))
        self._counter_caption.setText(text("counter", language))
        self._number.setText(shown[0])
        self._counter.setText(shown[1])
        self._fit_number()

    def set_flash(self, flash: bool) -> None:
        """Inverted colours while ``flash`` (a new call blinks for a few seconds)."""
        if flash == self._flash:
            return
        self._flash = flash
        self._restyle()

    def _restyle(self) -> None:
        flash = bool(self._flash)
        background = theme.FLASH_BACKGROUND if flash else theme.PANEL
        caption = theme.FLASH_TEXT if flash else theme.MUTED
        value = theme.FLASH_TEXT if flash else theme.ACCENT
        border, radius = theme.scaled(4, self._unit), theme.scaled(24, self._unit)
        self.setStyleSheet(
            f"#nowCalling {{ background: {background}; border: {border}px solid"
            f" {theme.PANEL_EDGE}; border-radius: {radius}px; }}"
        )
        for label in (self._number_caption, self._counter_caption):
            label.setStyleSheet(theme.label_style(caption))
        self._number.setStyleSheet(theme.label_style(value))
        self._counter.setStyleSheet(theme.label_style(theme.TEXT if not flash else value))

    def apply_scale(self, unit: float) -> None:
        """Set type sizes for a screen whose short side is ``unit`` x 1080 px."""
        self._unit = unit
        margin = theme.scaled(11, unit)
        self._layout.setContentsMargins(margin, margin, margin, margin)
        self._restyle()
        self._number_caption.setFont(theme.font(64 * unit))
        self._counter_caption.setFont(theme.font(64 * unit))
        self._counter.setFont(theme.font(190 * unit, condensed=True))
        self._fit_number()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_number()

    def _fit_number(self) -> None:
        """As large as the panel allows: "A1000" must fit as well as "A012"."""
        size = 290 * self._unit
        room = self.contentsRect().width() * 0.94
        wanted = QFontMetricsF(theme.font(size, condensed=True)).horizontalAdvance(
            self._number.text()
        )
        if wanted > room > 0:
            size *= room / wanted
        self._number.setFont(theme.font(size, condensed=True))
