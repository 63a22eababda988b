"""Child processes as Linux's ``/proc`` shows them, for tests of programs that start others."""

import time
from pathlib import Path


def children(pid: int) -> list[int]:
    """Live child processes of ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, parent = stat.rsplit(")", 1)[1].split()[:2]
        if int(parent) == pid and state != "Z":
            found.append(int(entry.name))
    return found


def command_line(pid: int) -> list[str]:
    """The arguments ``pid`` was started with ([] once it has ended)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return raw.decode().rstrip("\0").split("\0")


def wait_until_ended(pids: list[int], timeout: float = 15) -> list[int]:
    """Waits for ``pids`` to end; returns those still running after ``timeout``."""
    deadline = time.monotonic() + timeout
    running = [pid for pid in pids if _running(pid)]
    while running and time.monotonic() < deadline:
        time.sleep(0.1)
        running = [pid for pid in running if _running(pid)]
    return running


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
