"""Feedback mode: the SKM screen at a counter, with a fake server and with the real one."""

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk_app.app import build_feedback, survey_office
from kiosk_app.config import FeedbackSection, KioskConfig, KioskMode
from kiosk_app.core.backend import ClientBackend
from kiosk_app.core.feedback_flow import FeedbackFlow, FeedbackScreen
from kiosk_app.core.feedback_outbox import FeedbackOutbox, FeedbackSync
from kiosk_app.core.offline_store import OfflineStore
from kiosk_app.ui.feedback import FeedbackController, FeedbackView
from queue_protocol import IssueTicketRequest, TicketAction, TicketSource
from queue_protocol.client import ServerLink
from queue_protocol.events import TicketEvent
from queue_server.storage import record_store
from tests.support.live_server import ThreadServer
from tests.unit.kiosk.fakes import NOW, SKM, FakeBackend

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def screen(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[FeedbackController, FakeBackend]]:
    backend = FakeBackend()
    store = OfflineStore(tmp_path / "feedback.sqlite3")
    store.open()
    refs = itertools.count(1)
    flow = FeedbackFlow(counter=3, elements=SKM, new_ref=lambda: f"fb-{next(refs):08d}")
    view = FeedbackView("Kantor Imigrasi Uji")
    qtbot.addWidget(view)
    view.resize(1080, 1920)
    view.show()
    controller = FeedbackController(flow, view, FeedbackOutbox(backend, store))
    yield controller, backend
    controller.stop()
    store.close()


def _finished(ticket_id: int, counter: int) -> TicketEvent:
    ticket = FakeBackend().issue_ticket(
        IssueTicketRequest(service="AP", source=TicketSource.WALK_IN, client_ref="x-00000001")
    )
    return TicketEvent.model_validate(
        {
            "seq": 1,
            "at": NOW,
            "type": "ticket.updated",
            "ticket": ticket.model_copy(update={"id": ticket_id}).model_dump(by_alias=True),
            "counter": counter,
            "action": "finish",
        }
    )


def _shoot(view: FeedbackView, screenshot_dir: Path, name: str) -> None:
    QApplication.processEvents()
    view.grab().save(str(screenshot_dir / f"feedback-{name}.png"))


def test_feedback_screen_asks_nine_questions_and_posts(
    qtbot: QtBot, screen: tuple[FeedbackController, FakeBackend], screenshot_dir: Path
) -> None:
    controller, backend = screen
    view = controller.view
    _shoot(view, screenshot_dir, "01-idle-id")
    controller.on_event(_finished(41, counter=9))  # another counter: ignored
    controller.on_event(_finished(42, counter=3))
    qtbot.waitUntil(lambda: controller.flow.state.screen == FeedbackScreen.QUESTION)
    _shoot(view, screenshot_dir, "02-question-id")
    qtbot.mouseClick(view.header.language, Qt.MouseButton.LeftButton)
    _shoot(view, screenshot_dir, "02-question-en")
    qtbot.mouseClick(view.skip, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(controller.submitted) as blocker:
        for value in (4, 3, 4, 2, 4, 3, 4, 1):
            qtbot.mouseClick(view.answers[value - 1], Qt.MouseButton.LeftButton)
    assert blocker.args[0] == FeedbackSync(sent=1)
    (posted,) = backend.feedbacks
    assert (posted.ticket_id, posted.counter) == (42, 3)
    assert posted.answers == {2: 4, 3: 3, 4: 4, 5: 2, 6: 4, 7: 3, 8: 4, 9: 1}
    _shoot(view, screenshot_dir, "03-thanks-en")


def test_feedback_screen_times_out_back_to_idle(
    qtbot: QtBot, screen: tuple[FeedbackController, FakeBackend]
) -> None:
    controller, backend = screen
    controller.on_event(_finished(42, counter=3))
    qtbot.waitUntil(lambda: controller.flow.state.screen == FeedbackScreen.QUESTION)
    qtbot.mouseClick(controller.view.answers[3], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(controller.submitted):
        controller.dispatch_timeout()
    assert controller.flow.state.screen == FeedbackScreen.IDLE
    assert backend.feedbacks[0].answers == {1: 4}


def test_feedback_live_server_finish_at_counter_starts_survey(
    qtbot: QtBot, live_server: ThreadServer, tmp_path: Path, screenshot_dir: Path
) -> None:
    config = KioskConfig(
        mode=KioskMode.FEEDBACK, data_dir=tmp_path, feedback=FeedbackSection(counter=7)
    )
    token = live_server.device_token("feedback")
    backend = ClientBackend(ServerLink(live_server.url, token))
    with live_server.kiosk_client() as kiosk:
        office = kiosk.office()
        issued = kiosk.issue_ticket(
            IssueTicketRequest(service="AP", source=TicketSource.WALK_IN, client_ref="fb-live-001")
        )
    parts = build_feedback(
        config, backend=backend, office=office, link=ServerLink(live_server.url, token)
    )
    qtbot.addWidget(parts.view)
    parts.view.show()
    parts.start()
    try:
        with live_server.officer_client() as officer:
            called = officer.call_next(7)
            assert called is not None
            assert called.id == issued.id
            officer.ticket_action(called.id, TicketAction.START)
            officer.ticket_action(called.id, TicketAction.FINISH)
        flow = parts.controller.flow
        qtbot.waitUntil(lambda: flow.state.screen == FeedbackScreen.QUESTION, timeout=8000)
        assert len(flow.elements) == 9
        parts.view.resize(1080, 1920)
        _shoot(parts.view, screenshot_dir, "04-question-office-id")
        syncs: list[FeedbackSync] = []
        parts.controller.submitted.connect(syncs.append)
        qtbot.mouseClick(parts.view.answers[3], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(parts.view.stop, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: sum(sync.sent for sync in syncs) == 1, timeout=8000)
        with live_server.ctx.db.read() as session:
            row = record_store.feedback_for_ticket(session, issued.id)
            assert row is not None
            assert (row.counter, row.u1, row.u2) == (7, 4, None)
    finally:
        parts.stop()
        backend.close()


def test_feedback_answered_while_server_down_is_sent_once_when_it_is_back(
    qtbot: QtBot, live_server: ThreadServer, tmp_path: Path
) -> None:
    config = KioskConfig(
        mode=KioskMode.FEEDBACK, data_dir=tmp_path, feedback=FeedbackSection(counter=7)
    )
    link = ServerLink(live_server.url, live_server.device_token("feedback"))
    backend = ClientBackend(link, timeout=2.0)
    with live_server.kiosk_client() as kiosk:
        office = kiosk.office()
        issued = kiosk.issue_ticket(
            IssueTicketRequest(service="AP", source=TicketSource.WALK_IN, client_ref="fb-off-001")
        )
    parts = build_feedback(config, backend=backend, office=office, link=link)
    qtbot.addWidget(parts.view)
    parts.start()
    syncs: list[FeedbackSync] = []
    parts.controller.submitted.connect(syncs.append)
    try:
        with live_server.officer_client() as officer:
            called = officer.call_next(7)
            assert called is not None
            officer.ticket_action(called.id, TicketAction.START)
            officer.ticket_action(called.id, TicketAction.FINISH)
        flow = parts.controller.flow
        qtbot.waitUntil(lambda: flow.state.screen == FeedbackScreen.QUESTION, timeout=8000)
        live_server.stop()
        qtbot.mouseClick(parts.view.answers[2], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(parts.view.stop, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: any(not sync.reachable for sync in syncs), timeout=15000)
        (kept,) = parts.controller.outbox.pending()
        assert kept.answered_at is not None
        live_server.start()

        def sent() -> bool:  # as the screen's resend timer would, sooner
            parts.controller.send_kept()
            return parts.controller.outbox.waiting() == 0

        qtbot.waitUntil(sent, timeout=15000)
        parts.controller.send_kept()  # once more: nothing is sent twice
        qtbot.waitUntil(lambda: not parts.controller.jobs.busy, timeout=8000)
        with live_server.ctx.db.read() as session:
            row = record_store.feedback_for_ticket(session, issued.id)
            assert row is not None
            assert (row.u1, row.client_ref) == (3, kept.client_ref)
            assert row.created_at == kept.answered_at
        assert sum(sync.sent for sync in syncs) == 1
    finally:
        parts.stop()
        backend.close()


def test_feedback_screen_starts_with_the_questions_kept_when_the_server_is_away(
    tmp_path: Path,
) -> None:
    backend = FakeBackend()
    config = KioskConfig(
        mode=KioskMode.FEEDBACK, data_dir=tmp_path / "a", feedback=FeedbackSection(counter=3)
    )
    online = survey_office(config, backend)
    backend.reachable = False
    kept = survey_office(config, backend)
    assert online is not None
    assert kept == online
    assert len(kept.skm_elements) == 9
    never_seen = config.model_copy(update={"data_dir": tmp_path / "b"})
    assert survey_office(never_seen, backend) is None
