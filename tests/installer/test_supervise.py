"""``antrean supervise``, the main process of the kiosk's and the board's units, with
stand-ins for cage and the app: systemd hears the app's messages from the main process (the
only one it still hears once the login session holds the others), its stop reaches the app
alone, its watchdog abort too, and nothing the supervisor started outlives it."""

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.installer.scratch_install import ROOT
from tests.support.notify_socket import NotifyListener
from tests.support.processes import children, wait_until_ended


@pytest.fixture
def record(tmp_path: Path) -> Path:
    path = tmp_path / "signals.log"
    path.touch()
    return path


@pytest.fixture
def supervisor(notify_listener: NotifyListener, record: Path) -> Iterator[subprocess.Popen[bytes]]:
    command = [sys.executable, "-m", "antrean", "supervise", "--"]
    command += [sys.executable, "-m", "tests.installer.fake_cage", "cage", str(record)]
    env = {**os.environ, **notify_listener.environ(watchdog_usec=600_000), "WATCHDOG_PID": "1"}
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    yield process
    if process.poll() is None:
        process.kill()
        process.wait(timeout=10)


def lines(record: Path) -> list[str]:
    return record.read_text(encoding="utf-8").splitlines()


def descendants(pid: int) -> list[int]:
    found = children(pid)
    for child in list(found):
        found += descendants(child)
    return found


def test_supervise_passes_the_apps_messages_on_as_its_own(
    supervisor: subprocess.Popen[bytes], notify_listener: NotifyListener
) -> None:
    notify_listener.wait_for("WATCHDOG=1", count=3)

    assert notify_listener.messages[0] == "READY=1"  # the app's MAINPID= is not passed on
    assert set(notify_listener.senders) == {supervisor.pid}


def test_supervise_stop_reaches_the_app_alone_and_cage_ends_with_it(
    supervisor: subprocess.Popen[bytes], notify_listener: NotifyListener, record: Path
) -> None:
    notify_listener.wait_for("READY=1")
    started = descendants(supervisor.pid)

    supervisor.send_signal(signal.SIGTERM)

    assert supervisor.wait(timeout=30) == 0
    assert lines(record) == ["app SIGTERM"]
    notify_listener.wait_for("STOPPING=1")
    assert wait_until_ended(started) == []


def test_supervise_watchdog_abort_reaches_the_app(
    supervisor: subprocess.Popen[bytes], notify_listener: NotifyListener, record: Path
) -> None:
    notify_listener.wait_for("READY=1")
    started = descendants(supervisor.pid)

    supervisor.send_signal(signal.SIGABRT)

    assert supervisor.wait(timeout=30) == 128 + signal.SIGABRT
    assert lines(record) == ["app SIGABRT"]
    assert wait_until_ended(started) == []


def test_supervise_killed_takes_cage_and_the_app_with_it(
    supervisor: subprocess.Popen[bytes], notify_listener: NotifyListener, record: Path
) -> None:
    notify_listener.wait_for("READY=1")
    started = descendants(supervisor.pid)
    assert len(started) == 2  # cage and the app

    supervisor.kill()
    supervisor.wait(timeout=10)

    assert wait_until_ended(started) == []
    assert lines(record) == ["cage SIGTERM", "app SIGTERM"]


def test_supervise_app_that_exits_ends_the_service(
    supervisor: subprocess.Popen[bytes], notify_listener: NotifyListener, record: Path
) -> None:
    notify_listener.wait_for("READY=1")
    (cage,) = children(supervisor.pid)
    (app,) = children(cage)

    os.kill(app, signal.SIGKILL)

    assert supervisor.wait(timeout=30) == 0  # cage's code; Restart=always starts it again
    assert wait_until_ended([cage]) == []


def test_supervise_without_a_command_says_so() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "antrean", "supervise", "--"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 2
    assert "give the command to run after --" in done.stderr
