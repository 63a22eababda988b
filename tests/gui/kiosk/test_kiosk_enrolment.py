"""A kiosk's enrolment and its pinned server, against the real server on HTTPS: the
enrolment screen, a stranger's certificate refused, and a start with the server down."""

import os
import signal
import stat
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk_app.app import KioskParts, build_kiosk, connect_server
from kiosk_app.config import DevicesSection, KioskConfig, ScreenSection, ServerSection
from kiosk_app.core.backend import ClientBackend
from kiosk_app.core.outcomes import IssuedTicket
from kiosk_app.core.state import Screen
from kiosk_app.core.texts import tr
from kiosk_app.ui.enrolment import EnrolmentView
from kiosk_app.ui.widgets import ScreenView
from queue_protocol import DeviceKind, IssueTicketRequest, Language, TicketSource
from queue_protocol.enrolment import Enrolment, EnrolmentCode, EnrolmentFile, enrol
from queue_protocol.link import DeviceLink
from queue_protocol.tls import fingerprint
from queue_server.enrolment_codes import enrolment_code
from queue_server.services import devices
from tests.support.live_server import ThreadServer
from tests.support.tls import rogue_server, stranger_tls
from tests.unit.kiosk.fakes import RecordingPrinter

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _code(server: ThreadServer, name: str = "kiosk-lobi") -> EnrolmentCode:
    secret = devices.add(server.ctx, name, DeviceKind.KIOSK)
    return enrolment_code(server.settings, secret, url=server.url)


def _config(data: Path) -> KioskConfig:
    return KioskConfig(
        data_dir=data,
        server=ServerSection(url="auto", timeout_seconds=2.0),
        devices=DevicesSection(printer="sim://", scanner="sim://", mrz="sim://", camera=""),
        screen=ScreenSection(simulated_panel=False, fullscreen=False),
    )


def test_enrolment_screen_scanned_code_enrols_the_kiosk(
    qtbot: QtBot, tls_live_server: ThreadServer, tmp_path: Path, screenshot_dir: Path
) -> None:
    store = EnrolmentFile(tmp_path / "kiosk")
    view = EnrolmentView(store, DeviceKind.KIOSK)
    qtbot.addWidget(view)
    view.resize(1080, 1920)
    view.show()
    view.grab().save(str(screenshot_dir / "kiosk-enrolment.png"))
    with qtbot.waitSignal(view.enrolled, timeout=15_000) as enrolled:
        view.submit(str(_code(tls_live_server)))  # as the scanner delivers it
    enrolment = enrolled.args[0]
    assert isinstance(enrolment, Enrolment)
    assert enrolment.name == "kiosk-lobi"
    assert store.load() == enrolment
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
    assert "kiosk-lobi" in view.status.text()
    view.grab().save(str(screenshot_dir / "kiosk-enrolment-done.png"))


def test_enrolment_screen_stranger_certificate_refused_with_reason(
    qtbot: QtBot, tls_live_server: ThreadServer, tmp_path: Path, screenshot_dir: Path
) -> None:
    stranger = fingerprint(stranger_tls(tmp_path / "rogue").ca.read_bytes())
    forged = replace(_code(tls_live_server), ca_fingerprint=stranger)
    store = EnrolmentFile(tmp_path / "kiosk")
    view = EnrolmentView(store, DeviceKind.KIOSK)
    qtbot.addWidget(view)
    view.resize(1080, 1920)
    view.show()
    view.submit(str(forged))
    qtbot.waitUntil(lambda: view.submit_button.isEnabled(), timeout=15_000)
    assert "does not match the enrolment code" in view.status.text()
    assert view.status.property("fault") == "true"
    assert store.load() is None
    view.grab().save(str(screenshot_dir / "kiosk-enrolment-refused.png"))


def _started(
    qtbot: QtBot, config: KioskConfig, link: DeviceLink
) -> tuple[KioskParts, ClientBackend]:
    backend = ClientBackend(link.current, timeout=2.0)
    parts = build_kiosk(config, backend=backend, printer=RecordingPrinter)
    qtbot.addWidget(parts.shell)
    parts.shell.resize(1080, 1920)
    parts.shell.show()
    parts.start()
    return parts, backend


def _start_screen_shown(qtbot: QtBot, parts: KioskParts, notice: str) -> ScreenView:
    start = parts.window.views[Screen.START]
    assert isinstance(start, ScreenView)
    qtbot.waitUntil(lambda: start.notice.text() == notice, timeout=15_000)
    qtbot.waitUntil(lambda: all(b.isVisible() for b in start.choice_buttons), timeout=5000)
    return start


def test_enrolled_kiosk_facing_a_stranger_says_so_and_still_issues(
    qtbot: QtBot, tls_live_server: ThreadServer, tmp_path: Path, screenshot_dir: Path
) -> None:
    """Someone else answers at the kiosk's server address with another CA's certificate:
    the kiosk sends it nothing, tells staff why on its start screen, and keeps issuing
    from its leased numbers."""
    config = _config(tmp_path / "kiosk")
    store = EnrolmentFile(config.data_dir)
    enrolment = enrol(_code(tls_live_server), kind=DeviceKind.KIOSK)
    parts, backend = _started(qtbot, config, DeviceLink(store, enrolment))
    try:  # leases while the real server answers
        qtbot.waitUntil(
            lambda: parts.store.numbers_left("AP", datetime.now(UTC)) > 0, timeout=15_000
        )
    finally:
        parts.stop()
        backend.close()

    with rogue_server(tmp_path / "rogue") as rogue:  # the rogue took the address
        moved = enrolment.model_copy(update={"server_url": rogue.url})
        parts, backend = _started(qtbot, config, DeviceLink(store, moved))
        try:
            start = _start_screen_shown(qtbot, parts, tr("services_untrusted", Language.ID))
            parts.shell.grab().save(str(screenshot_dir / "kiosk-untrusted-server-id.png"))
            start.language_buttons["en"].click()
            _start_screen_shown(qtbot, parts, tr("services_untrusted", Language.EN))
            parts.shell.grab().save(str(screenshot_dir / "kiosk-untrusted-server-en.png"))
            issued = parts.issuer.issue(
                IssueTicketRequest(
                    service="AP", source=TicketSource.WALK_IN, client_ref="rogue-000001"
                )
            )
            assert isinstance(issued, IssuedTicket)
            assert issued.offline
        finally:
            parts.stop()
            backend.close()


def test_enrolled_kiosk_starts_with_its_server_down(
    tls_live_server: ThreadServer, tmp_path: Path
) -> None:
    """``url = "auto"``, enrolled, server off: the kiosk comes up on its last known address
    (it used to exit with code 2 and restart forever), and stops cleanly."""
    data = tmp_path / "kiosk"
    EnrolmentFile(data).save(enrol(_code(tls_live_server), kind=DeviceKind.KIOSK))
    tls_live_server.stop()
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'data_dir = "{data}"\n[server]\nurl = "auto"\ntimeout_seconds = 1.0\n'
        '[devices]\nprinter = "sim://"\nscanner = "sim://"\nmrz = "sim://"\n'
        "[screen]\nfullscreen = false\nsimulated_panel = false\n",
        encoding="utf-8",
    )
    log_path = tmp_path / "kiosk.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "antrean", "kiosk", "--config", str(config)],
            stdout=log,
            stderr=log,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
    try:
        deadline = time.monotonic() + 60
        while "office state unavailable" not in log_path.read_text(encoding="utf-8"):
            assert process.poll() is None, log_path.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, log_path.read_text(encoding="utf-8")
            time.sleep(0.2)
        assert process.poll() is None
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def test_connect_server_uses_the_enrolment_without_the_network(
    qapp: QApplication, tmp_path: Path
) -> None:
    config = _config(tmp_path)
    EnrolmentFile(tmp_path).save(
        Enrolment(
            server_url="https://192.0.2.250:8443",
            ca_pem=None,
            name="kiosk-lobi",
            kind=DeviceKind.KIOSK,
            office_id="kanim-jaksel",
            office_name="Kantor Imigrasi",
            token="t" * 43,
            token_expires_at=datetime(2027, 1, 1, tzinfo=UTC),
        )
    )
    link = connect_server(config, None, qapp)
    assert isinstance(link, DeviceLink)
    assert link.current().url == "https://192.0.2.250:8443"
