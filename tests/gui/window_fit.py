"""What a person would see cut off in a window: a button or a text outside the window or
outside the widget that holds it, buttons on top of each other, a text that does not fit
the widget that shows it.

Geometry is mapped to the window, so a button in a nested layout is judged where it
really is on screen. Only what is visible counts (the current screen of a stack).
"""

from typing import TypeVar

from PySide6.QtCore import QEvent, QPoint, QRect, QSize
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

W = TypeVar("W", bound=QWidget)


def fit_problems(window: QWidget, *, moving: tuple[QWidget, ...] = ()) -> list[str]:
    """Every problem in ``window`` as it is laid out now (empty: everything is visible).

    ``moving``: widgets whose text slides through them by design (a running text).
    """
    buttons = _visible(window, QAbstractButton, moving)
    widgets = (*buttons, *_visible(window, QLabel, moving))
    problems = [problem for problem in (_outside(window, w) for w in widgets) if problem]
    problems += [f"{_name(widget)}: {_cut(widget)}" for widget in widgets if _cut(widget)]
    for index, first in enumerate(buttons):
        for second in buttons[index + 1 :]:
            if _placed(window, first).intersects(_placed(window, second)):
                problems.append(f"{_name(first)} and {_name(second)} overlap")
    return problems


def settle() -> None:
    """Lets every pending layout request run: a widget that learns its height from its
    width (wrapped text) asks for a second pass once the first has given it a width."""
    for _ in range(4):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.processEvents()


def visible_buttons(window: QWidget) -> list[QAbstractButton]:
    """The buttons a person sees in ``window`` now."""
    return _visible(window, QAbstractButton, ())


def _visible(window: QWidget, kind: type[W], moving: tuple[QWidget, ...]) -> list[W]:
    return [
        widget
        for widget in window.findChildren(kind)
        if widget.isVisibleTo(window)
        and _has_content(widget)
        and not any(holder.isAncestorOf(widget) for holder in moving)
    ]


def _has_content(widget: QWidget) -> bool:
    if isinstance(widget, QLabel):
        return bool(widget.text()) or not widget.pixmap().isNull()
    return True


def _outside(window: QWidget, widget: QWidget) -> str:
    """Where ``widget`` sticks out of the window or of the widget that holds it."""
    placed, area = _placed(window, widget), window.rect()
    if not area.contains(placed):
        return f"{_name(widget)} at {_rect(placed)} is outside the window {_rect(area)}"
    holder = widget.parentWidget()
    if (
        holder is not None
        and holder is not window
        and not holder.rect().contains(widget.geometry())
    ):
        return f"{_name(widget)} sticks out of {_name(holder)}"
    return ""


def _cut(widget: QWidget) -> str:
    """What the widget lacks for its content (empty when nothing is cut): a button its
    text on one line with its padding; a wrapped text its height at the widget's width;
    a line of text its width and the height of its ink; a picture its size."""
    if isinstance(widget, QAbstractButton):
        needed = widget.sizeHint() if widget.text() else widget.minimumSizeHint()
        has = widget.size()
    elif isinstance(widget, QLabel):
        needed, has = _label_needs(widget), widget.contentsRect().size()
    else:
        needed, has = widget.minimumSizeHint(), widget.size()
    if has.width() >= needed.width() and has.height() >= needed.height():
        return ""
    return f"needs {needed.width()}x{needed.height()}, has {has.width()}x{has.height()}"


def _label_needs(label: QLabel) -> QSize:
    if not label.pixmap().isNull():
        return label.pixmap().deviceIndependentSize().toSize()
    width = label.contentsRect().width()
    if label.wordWrap():
        margins = label.height() - label.contentsRect().height()
        return QSize(width, label.heightForWidth(label.width()) - margins)
    metrics = label.fontMetrics()
    text = label.text()
    if "\n" in text:
        lines = metrics.boundingRect(QRect(0, 0, 100_000, 100_000), 0, text)
        return lines.size()
    return QSize(metrics.horizontalAdvance(text), metrics.tightBoundingRect(text).height())


def _placed(window: QWidget, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _rect(rect: QRect) -> str:
    return f"{rect.width()}x{rect.height()}+{rect.x()}+{rect.y()}"


def _name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QAbstractButton | QLabel) else ""
    return f"{type(widget).__name__} {text!r}" if text else type(widget).__name__
