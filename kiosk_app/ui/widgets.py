"""Building blocks of every kiosk screen: header, big choice buttons, the generic screen.

Widgets only lay out what a presenter gives them and forward taps as signals.
"""

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk_app.core.presenters import Choice, ScreenModel
from kiosk_app.ui.theme import choice_height, scaled, touch_height


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
        self._layout = QHBoxLayout(self)
        self._logo = QLabel()
        self._logo.setObjectName("office")
        self._logo_pixmap = QPixmap(str(logo)) if logo is not None and logo.is_file() else None
        if self._logo_pixmap is not None:
            self._layout.addWidget(self._logo)
        self.office = label(office_name, "office")
        self._layout.addWidget(self.office, 1)
        self.language = button("English", "language")
        self.language.clicked.connect(self.language_tapped)
        self._layout.addWidget(self.language)
        self.apply_scale(1.0)

    def apply_scale(self, unit: float) -> None:
        """Sizes for scale ``unit``: the same height on every screen, so nothing jumps."""
        self.setFixedHeight(touch_height(unit) + scaled(32, unit))
        self._layout.setContentsMargins(
            scaled(24, unit), scaled(16, unit), scaled(24, unit), scaled(16, unit)
        )
        self.language.setFixedSize(scaled(480, unit), touch_height(unit))
        if self._logo_pixmap is not None:
            self._logo.setPixmap(
                self._logo_pixmap.scaledToHeight(
                    scaled(96, unit), Qt.TransformationMode.SmoothTransformation
                )
            )

    def set_office_name(self, name: str) -> None:
        self.office.setText(name)

    def set_language_label(self, text: str) -> None:
        self.language.setText(text)
        self.language.setVisible(bool(text))


class ChoiceButtonWidget(QPushButton):
    """A big two-line button: label in bold, a hint underneath.

    It would like ``choice_height`` and takes no less than a touch target, and never
    less than its text needs at the width it is given (long names wrap).

    Signals:
        chosen(str): tapped; carries the choice's key.
    """

    chosen = Signal(str)

    def __init__(self, choice: Choice, unit: float = 1.0, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = choice.key
        self.setObjectName("secondary" if choice.secondary else "choice")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setEnabled(choice.enabled)
        self._layout = QVBoxLayout(self)
        self.title = label(choice.label, "choiceLabel")
        self._layout.addWidget(self.title)
        self.hint: QLabel | None = None
        if choice.hint:
            self.hint = label(choice.hint, "choiceHint")
            self._layout.addWidget(self.hint)
        for child in self.findChildren(QLabel):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._unit = unit
        self._text_height = 0
        self.apply_scale(unit)
        self.clicked.connect(self._on_self_clicked)

    def apply_scale(self, unit: float) -> None:
        """Margins and heights for scale ``unit`` (the type comes from the style sheet)."""
        self._unit = unit
        self._layout.setContentsMargins(
            scaled(28, unit), scaled(14, unit), scaled(28, unit), scaled(14, unit)
        )
        self._layout.setSpacing(scaled(4, unit))
        self._text_height = self._layout.totalHeightForWidth(self.width())
        self.updateGeometry()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        """No: the wrapped labels would make their height the button's only height. The
        button shrinks from ``choice_height`` to a touch target when space is short, and
        ``resizeEvent`` keeps it tall enough for its text."""
        return False

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(scaled(200, self._unit), max(touch_height(self._unit), self._text_height))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(scaled(400, self._unit), max(choice_height(self._unit), self._text_height))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """At a new width the text may wrap onto more lines: ask for the height it needs."""
        super().resizeEvent(event)
        needed = self._layout.totalHeightForWidth(self.width())
        if needed != self._text_height:
            self._text_height = needed
            self.updateGeometry()

    def _on_self_clicked(self) -> None:
        self.chosen.emit(self.key)


class ScreenView(QWidget):
    """A generic screen: title, text lines, the choices, footer buttons.

    Portrait, the choices are one column; landscape, two (three side by side when there
    are three), so a long list fits the shorter screen. ``body`` takes a subclass's
    widgets under the text; ``add_side`` gives one a column of its own on the right.

    Signals:
        choice_tapped(str): a choice button, by key.
        language_tapped(str): a language button of the start screen ("id" or "en").
        home_tapped: "start again".
    """

    choice_tapped = Signal(str)
    language_tapped = Signal(str)
    home_tapped = Signal()

    def __init__(self, *, landscape: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self._landscape = landscape
        self._unit = 1.0
        self._outer = QHBoxLayout(self)
        self._layout = QVBoxLayout()
        self._outer.addLayout(self._layout, 1)
        self.languages = QHBoxLayout()
        self.language_buttons: dict[str, QPushButton] = {}
        self._language_group = QButtonGroup(self)  # exclusive: a tap never unchecks one
        for code, name in (("id", "Bahasa Indonesia"), ("en", "English")):
            language = button(name, "languageChoice")
            language.setCheckable(True)
            self._language_group.addButton(language)
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
        self._choices = QGridLayout()
        self._layout.addLayout(self._choices)
        self.detail = label("", "detail")
        self._layout.addWidget(self.detail)
        self._layout.addStretch(1)
        self._footer = QHBoxLayout()
        self.home = button("", "secondary")
        self.home.clicked.connect(self.home_tapped)
        self._footer.addWidget(self.home)
        self._layout.addLayout(self._footer)
        self.choice_buttons: list[ChoiceButtonWidget] = []
        self._model: ScreenModel | None = None
        self._scale_layout(1.0)

    def apply_scale(self, unit: float) -> None:
        """Margins, gaps and touch targets for scale ``unit``."""
        self._scale_layout(unit)

    def add_side(self, widget: QWidget) -> None:
        """Put ``widget`` in a column right of the text, as wide as the text's."""
        self._outer.addWidget(widget, 1)

    def _scale_layout(self, unit: float) -> None:
        self._unit = unit
        across, down = scaled(48, unit), scaled(24 if self._landscape else 40, unit)
        self._outer.setContentsMargins(across, down, across, down)
        self._outer.setSpacing(scaled(48, unit))
        self._layout.setSpacing(scaled(24, unit))
        for layout in (self.languages, self._footer):
            layout.setSpacing(scaled(24, unit))
        self._choices.setSpacing(scaled(20, unit))
        for widget in (*self.language_buttons.values(), self.home):
            widget.setMinimumHeight(touch_height(unit))
        for choice in self.choice_buttons:
            choice.apply_scale(unit)

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
        self._show_choices(model.choices)
        self.detail.setText(model.detail)
        self.detail.setVisible(bool(model.detail))
        self.home.setText(model.home_label)
        self.home.setVisible(bool(model.home_label))

    def _show_choices(self, choices: tuple[Choice, ...]) -> None:
        _clear(self._choices)
        self.choice_buttons = []
        columns = _columns(len(choices), landscape=self._landscape)
        for index, choice in enumerate(choices):
            widget = ChoiceButtonWidget(choice, self._unit)
            widget.chosen.connect(self.choice_tapped)
            self._choices.addWidget(widget, index // columns, index % columns)
            self.choice_buttons.append(widget)
        for column in range(self._choices.columnCount()):
            self._choices.setColumnStretch(column, 1 if column < columns else 0)


def _columns(count: int, *, landscape: bool) -> int:
    """Columns of choices: one in portrait; in landscape three side by side, else two."""
    if not landscape or count <= 1:
        return 1
    return 3 if count == 3 else 2


def _clear(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.deleteLater()
