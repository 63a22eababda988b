"""The Qt event loop of ``antrean display`` (imported only when the board runs)."""

import logging

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from antrean.qt_heartbeat import quit_on_signals, supervised
from antrean.training_banner import with_training_banner
from counter_display.app import DisplayApp
from counter_display.config import DisplayConfig
from counter_display.core.texts import text

log = logging.getLogger(__name__)


def run_board(config: DisplayConfig, *, quit_after: float | None = None) -> int:
    """Show the board and run until the window closes, Ctrl+C, or ``quit_after`` seconds."""
    qt_app = QApplication.instance() or QApplication(["antrean-display"])
    assert isinstance(qt_app, QApplication)
    app = DisplayApp(config)
    view = board_window(app, config)
    _show(view, config)
    app.start()
    if quit_after is not None:
        QTimer.singleShot(round(quit_after * 1000), qt_app.quit)
    log.info("board running (server %s, layout %s)", config.server, config.layout)
    try:
        with quit_on_signals(qt_app.quit), supervised():
            code = qt_app.exec()
    finally:
        app.stop()
        view.close()
    return code


def board_window(app: DisplayApp, config: DisplayConfig) -> QWidget:
    """The board's window: the board, under a PELATIHAN / TRAINING band in a training
    office, with its title."""
    view = with_training_banner(app.view) if config.training else app.view
    view.setWindowTitle(f"{text('window_title', 'id')} / {text('window_title', 'en')}")
    return view


def _show(view: QWidget, config: DisplayConfig) -> None:
    """Full screen, or a window at ``geometry`` (else the layout's size, placed by the
    desktop). Without a window manager, X puts a window exactly where it is asked, and
    only there: a full-screen window is given the screen's size, as no one else will."""
    if config.fullscreen:
        view.setGeometry(view.screen().geometry())
        view.showFullScreen()
        return
    place = config.geometry
    if place is not None:
        view.resize(place.width, place.height)
        if place.x is not None and place.y is not None:
            view.move(place.x, place.y)
    view.show()
