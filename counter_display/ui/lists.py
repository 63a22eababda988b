"""The board's side panels: each counter's number, earlier calls, people waiting.

Each panel shows (label, value) pairs, ``per_row`` pairs to a row, in label
cells that are reused rather than re-created on every event.
"""

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from counter_display.core.board import Call, CounterRow, WaitingRow
from counter_display.core.texts import text
from counter_display.ui import theme

Cell = tuple[str, str]  # text, colour


class _PairsPanelWidget(QFrame):
    """A titled panel of (label, value) pairs.

    Args:
        per_row: pairs side by side in one row.
        label_px, value_px: type sizes at a 1080-pixel short side.
    """

    def __init__(
        self,
        object_name: str,
        *,
        per_row: int,
        label_px: float = 52,
        value_px: float = 56,
        stretch: tuple[int, int] = (1, 1),
        wrap: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        # The window's size is the screen's: panels share it, they never grow it.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self._stretch = stretch
        self._wrap = wrap
        self.setStyleSheet(theme.panel_style(object_name, 2, 16, 1.0))
        self._title = theme.plain_label()
        self._title.setStyleSheet(theme.label_style(theme.MUTED))
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(24)
        self._grid.setVerticalSpacing(2)
        self._outer = outer = QVBoxLayout(self)
        outer.addWidget(self._title)
        outer.addLayout(self._grid)
        outer.addStretch(1)
        self._per_row = per_row
        self._sizes = (label_px, value_px)
        self._cells: list[QLabel] = []
        self._shown: list[Cell | None] = []  # what each cell shows, to skip unchanged ones
        self._unit = 1.0

    def title_text(self) -> str:
        return self._title.text()

    def cell_texts(self) -> list[str]:
        """The visible cells' texts, label and value of each pair in order (for tests)."""
        return [cell.text() for cell in self._cells if not cell.isHidden()]

    def _set_pairs(self, title: str, pairs: Sequence[tuple[Cell, Cell]]) -> None:
        """Fill the panel, hiding the cells left over."""
        if title != self._title.text():
            self._title.setText(title)
        flat = [cell for pair in pairs for cell in pair]
        while len(self._cells) < len(flat):
            self._add_cell()
        for index, cell in enumerate(self._cells):
            wanted = flat[index] if index < len(flat) else None
            if wanted == self._shown[index]:
                continue  # restyling a label is costly: touch only the cells that change
            self._shown[index] = wanted
            if wanted is None:
                cell.hide()
                continue
            cell.setText(wanted[0])
            cell.setStyleSheet(theme.label_style(wanted[1]))
            cell.show()

    def _add_cell(self) -> None:
        index = len(self._cells)
        pair, is_value = divmod(index, 2)
        row, slot = divmod(pair, self._per_row)
        cell = theme.plain_label()
        cell.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        cell.setWordWrap(self._wrap and not is_value)  # long service names wrap, not cut
        cell.setAlignment(
            (Qt.AlignmentFlag.AlignRight if is_value else Qt.AlignmentFlag.AlignLeft)
            | Qt.AlignmentFlag.AlignVCenter
        )
        cell.setFont(theme.font(self._sizes[is_value] * self._unit, condensed=True))
        self._grid.addWidget(cell, row, slot * 2 + is_value)
        self._grid.setColumnStretch(slot * 2, self._stretch[0])
        self._grid.setColumnStretch(slot * 2 + 1, self._stretch[1])
        self._cells.append(cell)
        self._shown.append(None)

    def apply_scale(self, unit: float) -> None:
        """Type sizes, gaps and edges for a screen whose short side is ``unit`` x 1080 px."""
        self._unit = unit
        self.setStyleSheet(theme.panel_style(self.objectName(), 2, 16, unit))
        margin = theme.scaled(11, unit)
        self._outer.setContentsMargins(margin, margin, margin, margin)
        self._outer.setSpacing(theme.scaled(6, unit))
        self._grid.setHorizontalSpacing(theme.scaled(24, unit))
        self._grid.setVerticalSpacing(theme.scaled(2, unit))
        self._title.setFont(theme.font(36 * unit))
        for index, cell in enumerate(self._cells):
            cell.setFont(theme.font(self._sizes[index % 2] * unit, condensed=True))


class RecentCallsWidget(_PairsPanelWidget):
    """Earlier calls, newest first: "A011   LOKET 2"."""

    def __init__(self, *, per_row: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(
            "recentCalls", per_row=per_row, label_px=60, value_px=46, stretch=(2, 3), parent=parent
        )

    def set_calls(self, calls: Sequence[Call], language: str) -> None:
        counter = text("counter", language)
        pairs = [((c.number, theme.ACCENT), (f"{counter} {c.counter}", theme.TEXT)) for c in calls]
        self._set_pairs(text("recent", language), pairs)


class CountersWidget(_PairsPanelWidget):
    """Each counter's number now; a closed or paused counter says so."""

    def __init__(self, *, per_row: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(
            "counters", per_row=per_row, label_px=42, value_px=50, stretch=(4, 3), parent=parent
        )

    def set_counters(self, counters: Sequence[CounterRow], language: str) -> None:
        label = text("counter", language)
        pairs: list[tuple[Cell, Cell]] = []
        for row in counters:
            # A number being served wins over the state: a counter that calls is open.
            if row.current:
                value = (row.current, theme.ACCENT)
            elif row.open:
                value = (text("idle", language), theme.ACCENT)
            else:
                value = (text("closed", language), theme.MUTED)
            pairs.append(((f"{label} {row.number}", theme.TEXT), value))
        self._set_pairs(text("counters", language), pairs)


class WaitingWidget(_PairsPanelWidget):
    """People waiting per service: "Paspor Baru   12"."""

    def __init__(self, *, per_row: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(
            "waiting",
            per_row=per_row,
            label_px=34,
            value_px=44,
            stretch=(4, 1),
            wrap=True,
            parent=parent,
        )

    def set_waiting(self, rows: Sequence[WaitingRow], language: str) -> None:
        pairs = [((_service_text(r, language), theme.TEXT), (str(r.waiting), theme.ACCENT))
                 for r in rows]  # fmt: skip
        self._set_pairs(text("waiting", language), pairs)


def _service_text(row: WaitingRow, language: str) -> str:
    """ "A  Paspor Baru": the letter on the visitor's ticket leads."""
    name = row.name.get(language)
    return f"{row.prefix}  {name}" if row.prefix else name
