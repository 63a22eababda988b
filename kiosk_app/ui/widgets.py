"""Building blocks of every kiosk screen: header, big choice buttons, the generic screen.

Widgets only lay out what a presenter gives them and forward taps as signals.
"""

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk_app.core.presenters import Choice, ScreenModel
from kiosk_app.ui.theme import BRAND_DARK, MUTED, PAPER, choice_height, touch_height


def label(text: str = "", name: str = "line", *, wrap: bool = True) -> QLabel:
    """A label styled by object name (``title``, ``line``, ``detail``...)."""
    widget = QLabel(text)
    widget.setObjectName(name)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


def button(text: str, name: str = "", *, height: int | None = None) -> QPushButton:
    """A push button at least one touch target high."""
    widget = QPushButton(text)
    if name:
        widget.setObjectName(name)
    widget.setMinimumHeight(height or touch_height())
    widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return widget


class HeaderWidget(QWidget):
    """Logo, office name and the language button on every screen.

    Signals:
        language_tapped: the visitor asked for the other language.
    """

    language_tapped = Signal()

    def __init__(self, office_name: str, logo: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("header")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFixedHeight(touch_height() + 32)  # the same on every screen: nothing jumps
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        self._logo = QLabel()
        self._logo.setObjectName("office")
        if logo is not None and logo.is_file():
            pixmap = QPixmap(str(logo))
            self._logo.setPixmap(
                pixmap.scaledToHeight(96, Qt.TransformationMode.SmoothTransformation)
            )
            layout.addWidget(self._logo)
        self.office = label(office_name, "office")
        layout.addWidget(self.office, 1)
        self.language = button("English", "language", height=touch_height())
        self.language.setFixedWidth(480)
        self.language.clicked.connect(self.language_tapped)
        layout.addWidget(self.language)

    def set_office_name(self, name: str) -> None:
        self.office.setText(name)

    def set_language_label(self, text: str) -> None:
        self.language.setText(text)
        self.language.setVisible(bool(text))


class ChoiceButtonWidget(QPushButton):
    """A big two-line button: label in bold, a hint underneath.

    Signals:
        chosen(str): tapped; carries the choice's key.
    """

    chosen = Signal(str)

    def __init__(self, choice: Choice, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = choice.key
        self.setObjectName("choice")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setEnabled(choice.enabled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 14, 28, 14)
        layout.setSpacing(4)
        if choice.secondary:
            self.setObjectName("secondary")
        colour = BRAND_DARK if choice.secondary else PAPER if choice.enabled else MUTED
        self.title = label(choice.label, "choiceLabel")
        self.title.setStyleSheet(
            f"background: transparent; color: {colour}; font-size: 46px; font-weight: bold;"
        )
        layout.addWidget(self.title)
        if choice.hint:
            self.hint = label(choice.hint, "choiceHint")
            self.hint.setStyleSheet(f"background: transparent; color: {colour}; font-size: 34px;")
            layout.addWidget(self.hint)
        for child in self.findChildren(QLabel):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setMinimumHeight(choice_height())
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.MinimumExpanding)
        self.setMaximumHeight(int(choice_height() * 1.6))
        self.clicked.connect(self._on_self_clicked)

    def _on_self_clicked(self) -> None:
        self.chosen.emit(self.key)


class ScreenView(QWidget):
    """A generic screen: title, text lines, a column of choices, footer buttons.

    Signals:
        choice_tapped(str): a choice button, by key.
        language_tapped(str): a language button of the start screen ("id" or "en").
        home_tapped: "start again".
    """

    choice_tapped = Signal(str)
    language_tapped = Signal(str)
    home_tapped = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(48, 40, 48, 40)
        self._layout.setSpacing(24)
        self.languages = QHBoxLayout()
        self.languages.setSpacing(24)
        self.language_buttons: dict[str, QPushButton] = {}
        for code, name in (("id", "Bahasa Indonesia"), ("en", "English")):
            language = button(name, "languageChoice")
            language.setCheckable(True)
            language.clicked.connect(lambda _=False, c=code: self.language_tapped.emit(c))
            self.languages.addWidget(language)
            self.language_buttons[code] = language
        self._layout.addLayout(self.languages)
        self.title = label("", "title")
        self._layout.addWidget(self.title)
        self.notice = label("", "notice")
        self._layout.addWidget(self.notice)
        self._lines = QVBoxLayout()
        self._layout.addLayout(self._lines)
        self.body = QVBoxLayout()  # subclasses add their own widgets here
        self._layout.addLayout(self.body)
        self._choices = QVBoxLayout()
        self._choices.setSpacing(20)
        self._layout.addLayout(self._choices)
        self.detail = label("", "detail")
        self._layout.addWidget(self.detail)
        self._layout.addStretch(1)
        self._footer = QHBoxLayout()
        self._footer.setSpacing(24)
        self.home = button("", "secondary")
        self.home.clicked.connect(self.home_tapped)
        self._footer.addWidget(self.home)
        self._layout.addLayout(self._footer)
        self.choice_buttons: list[ChoiceButtonWidget] = []
        self._model: ScreenModel | None = None

    def show_model(self, model: ScreenModel) -> None:
        """Lay out ``model``; replaces whatever was shown before (nothing if unchanged)."""
        if model == self._model:
            return
        self._model = model
        for code, language in self.language_buttons.items():
            language.setVisible(bool(model.current_language))
            language.setChecked(code == model.current_language)
        self.title.setText(model.title)
        self.notice.setText(model.notice)
        self.notice.setVisible(bool(model.notice))
        _clear(self._lines)
        for text in model.lines:
            self._lines.addWidget(label(text, "line"))
        _clear(self._choices)
        self.choice_buttons = []
        for choice in model.choices:
            widget = ChoiceButtonWidget(choice)
            widget.chosen.connect(self.choice_tapped)
            self._choices.addWidget(widget)
            self.choice_buttons.append(widget)
        self.detail.setText(model.detail)
        self.detail.setVisible(bool(model.detail))
        self.home.setText(model.home_label)
        self.home.setVisible(bool(model.home_label))


def _clear(layout: QVBoxLayout | QHBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.deleteLater()
