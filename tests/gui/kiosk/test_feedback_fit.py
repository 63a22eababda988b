"""The feedback screen fits its window with every answer visible: each of the nine SKM
questions of the real server, in Indonesian and English, at the panel size of each
orientation and at the demo's window sizes (landscape, under the board) on a 1920 x 1080
and a 1366 x 768 screen.

The first and the last question and the thanks are grabbed as ``feedback-fit-SIZE-*.png``.
"""

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from antrean.demo_layout import demo_layout
from kiosk_app.core.backend import ClientBackend
from kiosk_app.core.feedback_flow import FeedbackFlow, FeedbackScreen, TicketFinished
from kiosk_app.core.feedback_outbox import FeedbackOutbox
from kiosk_app.core.offline_store import OfflineStore
from kiosk_app.ui.feedback import FeedbackController, FeedbackView
from queue_protocol import Language
from queue_protocol.client import ServerLink
from queue_protocol.window_geometry import WindowGeometry
from tests.gui.window_fit import fit_problems, settle
from tests.support.live_server import ThreadServer

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _demo_feedback(screen: str) -> tuple[bool, int, int]:
    place = demo_layout(WindowGeometry.model_validate(f"{screen}+0+0")).feedback
    return True, place.width, place.height


SIZES = {  # landscape?, width, height
    "portrait": (False, 1080, 1920),
    "landscape": (True, 1920, 1080),
    "demo-1920x1080": _demo_feedback("1920x1080"),
    "demo-1366x768": _demo_feedback("1366x768"),
}


@pytest.fixture(params=list(SIZES))
def sized(
    request: pytest.FixtureRequest, qtbot: QtBot, live_server: ThreadServer, tmp_path: Path
) -> Iterator[tuple[str, FeedbackController]]:
    landscape, width, height = SIZES[request.param]
    backend = ClientBackend(
        ServerLink(live_server.url, live_server.device_token("feedback")), timeout=2.0
    )
    office = backend.office()
    refs = itertools.count(1)
    flow = FeedbackFlow(
        counter=7, elements=office.skm_elements, new_ref=lambda: f"fit-{next(refs):08d}"
    )
    view = FeedbackView(office.name, landscape=landscape)
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    store = OfflineStore(tmp_path / "feedback.sqlite3")
    store.open()
    controller = FeedbackController(flow, view, FeedbackOutbox(backend, store))
    yield request.param, controller
    controller.stop()
    store.close()
    backend.close()


@pytest.mark.parametrize("language", [Language.ID, Language.EN], ids=lambda lang: lang.value)
def test_feedback_screen_every_question_fits_the_window(
    sized: tuple[str, FeedbackController], language: Language, screenshot_dir: Path
) -> None:
    name, controller = sized
    view = controller.view
    assert (view.width(), view.height()) == SIZES[name][1:]  # no minimum size grew it
    controller.dispatch(TicketFinished(1, language))
    for number in range(1, 10):
        assert controller.flow.state.screen == FeedbackScreen.QUESTION
        settle()
        if number in (1, 9):  # the first, and the one with the longest answers
            shot = f"feedback-fit-{name}-question-{number}-{language}.png"
            view.grab().save(str(screenshot_dir / shot))
        assert fit_problems(view) == [], f"question {number} ({language.value})"
        QtBot.mouseClick(view.answers[3], Qt.MouseButton.LeftButton)
    assert controller.flow.state.screen == FeedbackScreen.THANKS
    settle()
    view.grab().save(str(screenshot_dir / f"feedback-fit-{name}-thanks-{language}.png"))
    assert fit_problems(view) == []
