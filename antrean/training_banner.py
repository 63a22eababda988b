"""The band across the top of a training office's windows (kiosk, feedback screen,
board): PELATIHAN / TRAINING, so nobody takes a practice screen for the office's own."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLayout, QSizePolicy, QVBoxLayout, QWidget

from queue_protocol.training import TRAINING_MARK

BANNER_STYLE = (
    "background: #f2a900; color: #1a1a1a; font-family: 'DejaVu Sans'; font-size: 22px;"
    " font-weight: bold; padding: 6px; letter-spacing: 2px;"
)


def training_banner() -> QLabel:
    """The band alone."""
    banner = QLabel(TRAINING_MARK)
    banner.setObjectName("training")
    banner.setTextFormat(Qt.TextFormat.PlainText)
    banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
    banner.setStyleSheet(BANNER_STYLE)
    banner.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
    return banner


def with_training_banner(content: QWidget) -> QWidget:
    """A new top-level widget: the band over ``content``, which takes the rest."""
    framed = QWidget()
    layout = QVBoxLayout(framed)
    layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(training_banner())
    layout.addWidget(content, 1)
    return framed
