"""The installed PySide6 keeps Python's singletons' reference counts (6.12.0 did not).

PySide6-Essentials 6.12.0 dropped a reference to ``None`` on every void Qt call;
on Python 3.11 a board whose running text moves 33 times a second then aborts
with "none_dealloc" within minutes. ``pyproject.toml`` pins ``<6.12``; this test
fails if a release with the bug comes back.
"""

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_pyside_void_calls_keep_none_references(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for n in range(2_000):
        label.setText(str(n % 10))
    assert label.text() == "9"
    assert sys.getrefcount(None) >= before - 50
