"""The kiosk screens that need more than the generic ``ScreenView``: booking, ticket."""

import qrcode
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk_app.core.presenters import ScreenModel, TicketModel
from kiosk_app.core.texts import tr
from kiosk_app.ui.theme import scaled, touch_height
from kiosk_app.ui.widgets import ScreenView, button, label
from queue_protocol import Language

MAX_DIGITS = 20


def qr_pixmap(text: str, size: int) -> QPixmap:
    """``text`` as a QR code, about ``size`` pixels square, black on white with a quiet zone.

    The modules go into an 8-bit image one byte each and are scaled up without
    smoothing, so every module stays a sharp square. (One call per image: PySide6 6.12
    loses a reference to None on each ``QPainter.drawRect(int, int, int, int)`` call,
    which crashes a long-running kiosk after a few thousand modules.)
    """
    code = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()
    modules = len(matrix)
    pixels = bytes(0 if dark else 255 for row in matrix for dark in row)
    image = QImage(pixels, modules, modules, modules, QImage.Format.Format_Grayscale8).copy()
    scale = max(1, size // modules)
    return QPixmap.fromImage(
        image.scaled(
            modules * scale,
            modules * scale,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.FastTransformation,
        )
    )


class KeypadWidget(QWidget):
    """An on-screen number pad for the application number.

    Signals:
        code_entered(str): the visitor tapped "continue" with the digits typed.
        touched: any key was tapped (keeps the inactivity timer quiet).
    """

    code_entered = Signal(str)
    touched = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._digits = ""
        self._language = Language.ID
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.entry = label("", "codeEntry", wrap=False)
        self.entry.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.entry)
        self._grid = QGridLayout()
        self.keys: list[QPushButton] = []
        for index, digit in enumerate("1234567890"):
            key = button(digit, "key")
            key.clicked.connect(lambda _=False, d=digit: self._on_key_clicked(d))
            row, column = (3, 1) if digit == "0" else divmod(index, 3)
            self._grid.addWidget(key, row, column)
            self.keys.append(key)
        self.delete = button("", "secondary")
        self.delete.clicked.connect(lambda _=False: self._on_key_clicked("del"))
        self.clear = button("", "secondary")
        self.clear.clicked.connect(lambda _=False: self._on_key_clicked("clear"))
        self._grid.addWidget(self.delete, 3, 0)
        self._grid.addWidget(self.clear, 3, 2)
        layout.addLayout(self._grid)
        self.ok = button("", "")
        self.ok.setStyleSheet("text-align: center;")
        self.ok.clicked.connect(self._on_ok_clicked)
        layout.addWidget(self.ok)
        self.set_language(Language.ID)
        self.apply_scale(1.0)

    def apply_scale(self, unit: float) -> None:
        """Touch targets and gaps for scale ``unit``."""
        self._grid.setSpacing(scaled(14, unit))
        for widget in (self.entry, *self.keys, self.delete, self.clear, self.ok):
            widget.setMinimumHeight(touch_height(unit))

    @property
    def digits(self) -> str:
        return self._digits

    def set_language(self, language: Language) -> None:
        self._language = language
        self.delete.setText(tr("keypad_delete", language))
        self.clear.setText(tr("keypad_clear", language))
        self.ok.setText(tr("keypad_ok", language))
        self._refresh()

    def reset(self) -> None:
        self._digits = ""
        self._refresh()

    def _on_key_clicked(self, key: str) -> None:
        self.touched.emit()
        if key == "del":
            self._digits = self._digits[:-1]
        elif key == "clear":
            self._digits = ""
        elif len(self._digits) < MAX_DIGITS:
            self._digits += key
        self._refresh()

    def _on_ok_clicked(self) -> None:
        if len(self._digits) >= 6:
            self.code_entered.emit(self._digits)

    def _refresh(self) -> None:
        groups = [self._digits[i : i + 4] for i in range(0, len(self._digits), 4)]
        self.entry.setText(" ".join(groups) or "_" * 4)
        self.ok.setEnabled(len(self._digits) >= 6)


class BookingView(ScreenView):
    """Show the QR to the camera or scanner, or type the number on the keypad: under the
    text in portrait, beside it in landscape.

    Signals: those of ``ScreenView``, plus ``code_entered(str)`` from the keypad.
    """

    code_entered = Signal(str)

    def __init__(self, *, landscape: bool = False, parent: QWidget | None = None):
        super().__init__(landscape=landscape, parent=parent)
        self.keypad = KeypadWidget()
        self.keypad.code_entered.connect(self.code_entered)
        if landscape:
            self.add_side(self.keypad)
        else:
            self.body.addWidget(self.keypad)

    def apply_scale(self, unit: float) -> None:
        super().apply_scale(unit)
        self.keypad.apply_scale(unit)

    def show_booking(self, model: ScreenModel, language: Language) -> None:
        self.show_model(model)
        self.keypad.set_language(language)


class TicketScreenView(QWidget):
    """The ticket on screen: number, service, people ahead, wait, QR, print status.

    Signals:
        done_tapped: the visitor is finished.
    """

    done_tapped = Signal()

    def __init__(self, *, landscape: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self._outer = outer = QVBoxLayout(self)
        self.title = label("", "title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.title)
        body = QHBoxLayout() if landscape else QVBoxLayout()
        facts = QVBoxLayout()
        self.number = label("", "number", wrap=False)
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.service = label("", "service")
        self.service.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badges = QHBoxLayout()
        self.badge_labels = [label("", "badge"), label("", "badge")]
        self.badges.addStretch(1)
        for badge in self.badge_labels:
            self.badges.addWidget(badge)
        self.badges.addStretch(1)
        self.lines = label("", "line")
        self.lines.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for widget in (self.number, self.service):
            facts.addWidget(widget)
        facts.addLayout(self.badges)
        facts.addWidget(self.lines)
        body.addLayout(facts, 3)
        qr_column = QVBoxLayout()
        self.qr = QLabel()
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_hint = label("", "detail")
        self.qr_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        qr_column.addWidget(self.qr)
        qr_column.addWidget(self.qr_hint)
        body.addLayout(qr_column, 2)
        outer.addLayout(body)
        self.status = label("", "status")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.status)
        outer.addStretch(1)
        self.done = button("", "")
        self.done.setStyleSheet("text-align: center;")
        self.done.clicked.connect(self.done_tapped)
        outer.addWidget(self.done)
        self._qr_text: str | None = None
        self._qr_size = 440
        self.apply_scale(1.0)

    def apply_scale(self, unit: float) -> None:
        """Margins, the QR code and the button for scale ``unit``."""
        across, down = scaled(48, unit), scaled(32, unit)
        self._outer.setContentsMargins(across, down, across, down)
        self.done.setMinimumHeight(touch_height(unit))
        if scaled(440, unit) != self._qr_size:
            self._qr_size = scaled(440, unit)
            self._show_qr(self._qr_text)

    def show_ticket(self, model: TicketModel) -> None:
        self.title.setText(model.title)
        self.number.setText(model.number)
        self.service.setText(model.service)
        self.lines.setText("\n".join(model.lines))
        for index, badge in enumerate(self.badge_labels):
            text = model.badges[index] if index < len(model.badges) else ""
            badge.setText(text)
            badge.setVisible(bool(text))
        if model.qr_url != self._qr_text:
            self._show_qr(model.qr_url)
        self.qr.setVisible(model.qr_url is not None)
        self.qr_hint.setText(model.qr_hint)
        self.status.setText(model.status)
        self.status.setProperty("fault", "true" if model.print_failed else "false")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.setVisible(bool(model.status))
        self.done.setText(model.done_label)

    def _show_qr(self, text: str | None) -> None:
        self._qr_text = text
        self.qr.setPixmap(qr_pixmap(text, self._qr_size) if text else QPixmap())
