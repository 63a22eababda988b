"""``ServiceNotifier``: the sd_notify messages a Type=notify service sends, and none outside
systemd."""

import socket
import tempfile
from pathlib import Path

from antrean.systemd_notify import ServiceNotifier
from tests.support.notify_socket import NotifyListener


def test_notifier_from_environ_without_socket_is_disabled_and_silent() -> None:
    notifier = ServiceNotifier.from_environ({"WATCHDOG_USEC": "3000000"})

    assert not notifier.enabled
    assert notifier.heartbeat_seconds is None
    notifier.ready()  # nowhere to send: nothing happens, nothing raises


def test_notifier_ready_watchdog_and_stopping_each_one_datagram(
    notify_listener: NotifyListener,
) -> None:
    notifier = ServiceNotifier.from_environ(notify_listener.environ())

    notifier.ready()
    notifier.watchdog()
    notifier.stopping()

    messages = notify_listener.wait_for("STOPPING=1")
    assert messages == ["READY=1", "WATCHDOG=1", "STOPPING=1"]


def test_notifier_heartbeat_is_a_third_of_the_watchdog_timeout(
    notify_listener: NotifyListener,
) -> None:
    notifier = ServiceNotifier.from_environ(notify_listener.environ(watchdog_usec=15_000_000))

    assert notifier.heartbeat_seconds == 5.0


def test_notifier_path_socket_receives_as_an_abstract_one_does() -> None:
    with tempfile.TemporaryDirectory(prefix="notify-") as folder:
        path = Path(folder) / "notify"
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as listener:
            listener.bind(str(path))
            listener.settimeout(5)

            ServiceNotifier(address=str(path)).watchdog()

            assert listener.recv(100) == b"WATCHDOG=1"


def test_notifier_gone_supervisor_drops_the_message_without_raising(tmp_path: Path) -> None:
    notifier = ServiceNotifier(address=str(tmp_path / "nobody-listens"), watchdog_usec=1000)

    notifier.watchdog()

    assert notifier.heartbeat_seconds is not None


def test_notifier_watchdog_usec_that_is_not_a_number_means_no_watchdog() -> None:
    notifier = ServiceNotifier.from_environ({"NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "soon"})

    assert notifier.enabled
    assert notifier.heartbeat_seconds is None
