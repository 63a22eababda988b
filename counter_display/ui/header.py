"""The board's top bar: logo and office name; date, clock and the reconnecting mark."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from counter_display.ui import theme


class HeaderWidget(QWidget):
    """Office name and logo on the left; time and date on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._logo = theme.plain_label()
        self._logo_pixmap: QPixmap | None = None
        self._name = theme.plain_label()
        self._name.setWordWrap(True)
        self._name.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._time = theme.plain_label()
        self._date = theme.plain_label()
        self._status = theme.plain_label()
        for label, colour in (
            (self._name, theme.TEXT),
            (self._time, theme.TEXT),
            (self._date, theme.MUTED),
            (self._status, theme.WARNING),
        ):
            label.setStyleSheet(theme.label_style(colour))
        right = QVBoxLayout()
        right.setSpacing(0)
        for label in (self._time, self._date, self._status):
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            right.addWidget(label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._logo)
        layout.addWidget(self._name, 1)
        layout.addLayout(right)
        self._status.hide()
        self._unit = 1.0

    def set_office(self, name: str, logo: bytes | None) -> None:
        """The office's name and logo (PNG/JPEG/SVG bytes; None hides the logo)."""
        self._name.setText(name)
        pixmap = QPixmap()
        self._logo_pixmap = pixmap if logo and pixmap.loadFromData(logo) else None
        self._place_logo()

    def has_logo(self) -> bool:
        """True when a logo is shown."""
        return self._logo_pixmap is not None

    def set_clock(self, time_text: str, date_text: str) -> None:
        if (time_text, date_text) != (self._time.text(), self._date.text()):
            self._time.setText(time_text)
            self._date.setText(date_text)

    def set_status(self, message: str | None) -> None:
        """A discreet line under the date (e.g. "reconnecting…"); None hides it."""
        if message == self.status_text():
            return
        self._status.setVisible(message is not None)
        self._status.setText(message or "")

    def status_text(self) -> str | None:
        return None if self._status.isHidden() else self._status.text()

    def time_text(self) -> str:
        return self._time.text()

    def date_text(self) -> str:
        return self._date.text()

    def apply_scale(self, unit: float) -> None:
        """Type sizes for a screen whose short side is ``unit`` x 1080 px."""
        self._unit = unit
        self._name.setFont(theme.font(42 * unit))
        self._time.setFont(theme.font(64 * unit))
        self._date.setFont(theme.font(32 * unit, bold=False))
        self._status.setFont(theme.font(28 * unit, bold=False))
        # A fixed band: two lines of office name, or clock, date and status.
        self.setFixedHeight(round(140 * unit))
        self._place_logo()

    def _place_logo(self) -> None:
        if self._logo_pixmap is None:
            self._logo.hide()
            return
        size = round(120 * self._unit)
        self._logo.setPixmap(
            self._logo_pixmap.scaled(
                size,
                size,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self._logo.show()
