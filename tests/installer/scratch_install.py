"""``installer/install.sh`` run into a scratch root (``--root DIR``), with the commands that
would change this machine replaced by stubs that only record that they were called."""

import os
import shutil
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INSTALL = ROOT / "installer" / "install.sh"
UNIT_DIR = "etc/systemd/system"
# What must never run on the machine under test: each is shadowed by a recording stub.
GUARDED = (
    "apt-get",
    "dpkg-query",
    "useradd",
    "groupadd",
    "usermod",
    "systemd-sysusers",
    "systemd-tmpfiles",
    "systemctl",
    "udevadm",
    "sysctl",
    "runuser",
    "python3",
    "pip",
)


@dataclass
class ScratchInstall:
    root: Path
    stdout: str
    called: list[str]  # guarded commands that ran (there must be none)

    def path(self, absolute: str) -> Path:
        return self.root / absolute.lstrip("/")

    def mode(self, absolute: str) -> int:
        return stat.S_IMODE(self.path(absolute).lstat().st_mode)

    def would_run(self) -> list[str]:
        prefix = "would run: "
        return [line[len(prefix) :] for line in self.stdout.splitlines() if line.startswith(prefix)]


def guard_dir(tmp_path: Path) -> tuple[Path, Path]:
    """A folder of recording stubs for the guarded commands, and their record."""
    stubs = tmp_path / "stubs"
    stubs.mkdir(parents=True, exist_ok=True)
    record = tmp_path / "called.log"
    record.touch()
    for name in GUARDED:
        stub = stubs / name
        stub.write_text(f'#!/bin/sh\necho "{name} $*" >> "{record}"\nexit 0\n', encoding="utf-8")
        stub.chmod(0o755)
    return stubs, record


def run_script(arguments: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """``install.sh ARGUMENTS`` with the guarded commands shadowed by recording stubs."""
    stubs, _ = guard_dir(tmp_path)
    env = {**os.environ, "PATH": f"{stubs}:/usr/sbin:/usr/bin:/sbin:/bin"}
    return subprocess.run(
        ["bash", str(INSTALL), *arguments],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def scratch_install(role: str, tmp_path: Path, *options: str) -> ScratchInstall:
    root = tmp_path / "root"
    done = run_script([role, "--root", str(root), *options], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    record = tmp_path / "called.log"
    return ScratchInstall(root, done.stdout, record.read_text(encoding="utf-8").splitlines())


def add_systemd_and_stub_programs(install: ScratchInstall) -> None:
    """What ``systemd-analyze verify --root`` needs besides our units: systemd's own units,
    and an executable at the ExecStart path (a stub: nothing is installed for real)."""
    shutil.copytree("/lib/systemd/system", install.path("/lib/systemd/system"), symlinks=True)
    program = install.path("/opt/antrean/bin/antrean")  # every unit's ExecStart
    program.parent.mkdir(parents=True, exist_ok=True)
    program.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    program.chmod(0o755)


def tree(root: Path) -> dict[str, tuple[int, str]]:
    """Every path under ``root``: its mode, and its content or link target."""
    listing = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        if path.is_symlink():
            what = "-> " + os.readlink(path)
        elif path.is_file():
            what = path.read_text(encoding="utf-8")
        else:
            what = "dir"
        listing[str(path.relative_to(root))] = (info.st_mode, what)
    return listing
