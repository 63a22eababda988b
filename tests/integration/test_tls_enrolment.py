"""TLS on the office LAN and device enrolment: the real server on HTTPS on loopback, a
device enrolled by its code, pinned to the office CA, its token swapped, revoked,
ended; a stranger's certificate refused."""

import os
import stat
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from antrean.cli import main
from queue_protocol import DeviceKind, ServiceInfo
from queue_protocol.client import ServerLink, UntrustedServerError
from queue_protocol.enrolment import (
    Enrolment,
    EnrolmentCode,
    EnrolmentError,
    EnrolmentFile,
    enrol,
)
from queue_protocol.link import DeviceLink
from queue_protocol.tls import fingerprint, pinned_context
from queue_server.enrolment_codes import enrolment_code
from queue_server.server import TlsSetupError, tls_in_use
from queue_server.services import devices
from queue_server.services.token_cache import TokenCache
from queue_server.settings import Settings
from tests.support.live_server import ThreadServer
from tests.support.monotonic import move_on
from tests.support.office import office_settings
from tests.support.tls import rogue_server, stranger_tls


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def server_clock(clock: FakeClock) -> FakeClock:
    return clock


def ca_pem(server: ThreadServer) -> str:
    return server.settings.tls_paths.ca.read_text()


def new_code(server: ThreadServer, name: str, kind: DeviceKind) -> EnrolmentCode:
    secret = devices.add(server.ctx, name, kind)
    return enrolment_code(server.settings, secret, url=server.url)


def enrolled_link(server: ThreadServer, enrolment: Enrolment) -> ServerLink:
    return ServerLink(server.url, enrolment.token, pinned_context(ca_pem(server)))


def test_tls_init_makes_ca_once_and_server_certificate_with_private_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = office_settings(tmp_path)
    monkeypatch.setenv("ANTREAN_DATA_DIR", str(settings.data_dir))
    command = ["tls", "init", "--config", str(settings.office_file), "--address", "127.0.0.1"]
    assert main(command) == 0
    paths = settings.tls_paths
    first = fingerprint(paths.ca.read_bytes())
    printed = capsys.readouterr().out
    assert "fingerprint" in printed
    assert stat.S_IMODE(os.stat(paths.key).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(paths.ca.with_suffix(".key")).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(paths.key.parent).st_mode) == 0o700
    server_pem = paths.certificate.read_bytes()

    assert main(command) == 0  # again: nothing to do
    assert "kept (devices keep their pin)" in capsys.readouterr().out
    assert paths.certificate.read_bytes() == server_pem

    assert main([*command, "--renew"]) == 0  # a new server certificate, the same CA
    assert paths.certificate.read_bytes() != server_pem
    assert fingerprint(paths.ca.read_bytes()) == first


def test_server_beyond_loopback_without_tls_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = replace(office_settings(tmp_path), host="0.0.0.0")
    with pytest.raises(TlsSetupError, match="antrean tls init"):
        tls_in_use(settings)
    office = str(settings.office_file)
    assert main(["server", "--config", office, "--host", "0.0.0.0", "--no-advertise"]) == 2
    assert "needs TLS" in capsys.readouterr().err


def test_tls_server_speaks_https_only_with_hsts_and_secure_cookies(
    tls_server: ThreadServer,
) -> None:
    context = pinned_context(ca_pem(tls_server))
    with httpx.Client(base_url=tls_server.url, verify=context) as browser:
        page = browser.get("/login")
        assert page.status_code == 200
        assert page.headers["strict-transport-security"].startswith("max-age=")
        cookies = page.headers.get_list("set-cookie")
        assert cookies
        assert all("Secure" in cookie for cookie in cookies)
        assert browser.get("/ca.pem").text == ca_pem(tls_server)
    plain = tls_server.url.replace("https://", "http://")
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{plain}/healthz", timeout=3)


def test_enrolment_code_gives_the_device_its_own_pinned_token(tls_server: ThreadServer) -> None:
    code = new_code(tls_server, "kiosk-lobi", DeviceKind.KIOSK)
    assert code.ca_fingerprint == fingerprint(ca_pem(tls_server))
    enrolment = enrol(code, kind=DeviceKind.KIOSK)
    assert (enrolment.name, enrolment.kind, enrolment.office_id) == (
        "kiosk-lobi",
        DeviceKind.KIOSK,
        tls_server.ctx.office.office.id,
    )
    assert enrolment.ca_pem == ca_pem(tls_server)
    with enrolled_link(tls_server, enrolment).client() as kiosk:
        services = kiosk.services()
        assert services
        assert isinstance(services[0], ServiceInfo)
        assert kiosk.device_info().name == "kiosk-lobi"


def test_enrolment_code_is_spent_by_its_first_use(tls_server: ThreadServer) -> None:
    code = new_code(tls_server, "papan-1", DeviceKind.DISPLAY)
    enrol(code, kind=DeviceKind.DISPLAY)
    with pytest.raises(EnrolmentError, match="not valid"):
        enrol(code, kind=DeviceKind.DISPLAY)


def test_enrolment_code_of_another_kind_refused_and_kept(tls_server: ThreadServer) -> None:
    code = new_code(tls_server, "papan-2", DeviceKind.DISPLAY)
    with pytest.raises(EnrolmentError, match="for a display"):
        enrol(code, kind=DeviceKind.KIOSK)
    assert enrol(code, kind=DeviceKind.DISPLAY).name == "papan-2"


def test_enrolment_code_expires(tls_server: ThreadServer, clock: FakeClock) -> None:
    code = new_code(tls_server, "kiosk-lama", DeviceKind.KIOSK)
    clock.now += devices.ENROL_VALID + timedelta(minutes=1)
    with pytest.raises(EnrolmentError, match="expired"):
        enrol(code, kind=DeviceKind.KIOSK)


def test_enrolment_with_a_stranger_at_the_address_refused_before_the_secret_is_sent(
    tls_server: ThreadServer, tmp_path: Path
) -> None:
    code = new_code(tls_server, "kiosk-2", DeviceKind.KIOSK)
    forged = replace(code, ca_fingerprint=fingerprint(stranger_tls(tmp_path).ca.read_bytes()))
    with pytest.raises(EnrolmentError, match="does not match the enrolment code"):
        enrol(forged, kind=DeviceKind.KIOSK)
    assert enrol(code, kind=DeviceKind.KIOSK).name == "kiosk-2"  # the secret was not spent


def test_device_pinned_to_the_office_refuses_a_stranger_server(
    tls_server: ThreadServer, server_settings: Settings, tmp_path: Path
) -> None:
    """The rogue host presents a certificate of another CA at the address: the device
    sends nothing, not even its token, and says why."""
    enrolment = enrol(new_code(tls_server, "kiosk-3", DeviceKind.KIOSK), kind=DeviceKind.KIOSK)
    with rogue_server(tmp_path / "rogue") as rogue:
        link = ServerLink(rogue.url, enrolment.token, pinned_context(ca_pem(tls_server)))
        with link.client() as kiosk, pytest.raises(UntrustedServerError) as refused:
            kiosk.services()
        assert "certificate" in refused.value.message_en


def test_revoked_device_refused_and_its_name_enrolled_again(tls_server: ThreadServer) -> None:
    enrolment = enrol(new_code(tls_server, "kiosk-4", DeviceKind.KIOSK), kind=DeviceKind.KIOSK)
    link = enrolled_link(tls_server, enrolment)
    devices.revoke(tls_server.ctx, "kiosk-4")
    with link.client() as kiosk, pytest.raises(Exception, match="401"):
        kiosk.services()
    again = enrol(new_code(tls_server, "kiosk-4", DeviceKind.KIOSK), kind=DeviceKind.KIOSK)
    with enrolled_link(tls_server, again).client() as kiosk:
        assert kiosk.device_info().name == "kiosk-4"


def test_rotated_device_swaps_its_token_by_itself(tls_server: ThreadServer, tmp_path: Path) -> None:
    store = EnrolmentFile(tmp_path / "kiosk")
    enrolment = enrol(new_code(tls_server, "kiosk-5", DeviceKind.KIOSK), kind=DeviceKind.KIOSK)
    store.save(enrolment)
    link = DeviceLink(store, enrolment, find_server=lambda _office, _ca: None)
    assert not link.check_token()  # a fresh token: nothing to do

    devices.rotate(tls_server.ctx, "kiosk-5")
    assert link.check_token()
    swapped = store.load()
    assert swapped is not None
    assert swapped.token != enrolment.token
    with link.current().client() as kiosk:
        assert kiosk.device_info().token_expires_at > datetime.now(UTC) + timedelta(days=20)
    old = ServerLink(tls_server.url, enrolment.token, pinned_context(ca_pem(tls_server)))
    with old.client() as kiosk:  # the old token's last minutes, for requests on their way
        assert kiosk.device_info().name == "kiosk-5"


def test_device_token_ends_at_its_expiry(tls_server: ThreadServer, clock: FakeClock) -> None:
    enrolment = enrol(new_code(tls_server, "kiosk-6", DeviceKind.KIOSK), kind=DeviceKind.KIOSK)
    link = enrolled_link(tls_server, enrolment)
    with link.client() as kiosk:
        kiosk.services()
    clock.now += tls_server.ctx.device_token_ttl + timedelta(minutes=1)
    move_on(tls_server.ctx, TokenCache.TTL_SECONDS)  # a checked token is kept that long
    with link.client() as kiosk, pytest.raises(Exception, match="401"):
        kiosk.services()


def test_device_commands_add_list_rotate_revoke(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = office_settings(tmp_path)
    monkeypatch.setenv("ANTREAN_DATA_DIR", str(settings.data_dir))
    office = [
        "--config",
        str(settings.office_file),
        "--database-url",
        settings.resolved_database_url,
    ]
    assert main(["tls", "init", *office[:2], "--address", "127.0.0.1"]) == 0
    capsys.readouterr()
    url = "https://10.0.0.2:8443"
    assert main(["device", "add", "kiosk-lobi", "--kind", "kiosk", "--url", url, *office]) == 0
    printed = capsys.readouterr().out
    code = EnrolmentCode.parse(next(line for line in printed.split() if "/enrol#" in line))
    assert code.server_url == url
    assert code.ca_fingerprint == fingerprint(settings.tls_paths.ca.read_bytes())
    assert main(["device", "add", "kiosk-lobi", "--kind", "kiosk", *office]) == 2
    assert "revoke it first" in capsys.readouterr().err

    assert main(["device", "list", *office]) == 0
    assert "kiosk-lobi" in (listing := capsys.readouterr().out)
    assert "waiting" in listing
    assert main(["device", "rotate", "kiosk-lobi", *office]) == 2  # not enrolled yet
    assert main(["device", "revoke", "kiosk-lobi", *office]) == 0
    assert main(["device", "list", *office]) == 0
    assert "revoked" in capsys.readouterr().out
    assert main(["device", "add", "kiosk-lobi", "--kind", "kiosk", *office]) == 0
