"""Every systemd unit as installed, checked by ``systemd-analyze verify`` (Debian's systemd
package) inside the scratch root: keys, values, dependencies and ExecStart programs (stubs
there; nothing is installed for real). A warning counts as a failure."""

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.installer.scratch_install import (
    ROOT,
    UNIT_DIR,
    add_systemd_and_stub_programs,
    scratch_install,
)

ROLES = ["server", "kiosk", "display"]
OURS = sorted(path.name for path in (ROOT / "installer" / "systemd").iterdir())

pytestmark = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze (apt systemd) not installed"
)


@pytest.mark.parametrize("role", ROLES)
def test_units_of_each_role_pass_systemd_analyze_verify(role: str, tmp_path: Path) -> None:
    install = scratch_install(role, tmp_path)
    add_systemd_and_stub_programs(install)
    units = sorted(p.name for p in install.path(f"/{UNIT_DIR}").glob("antrean-*"))
    assert units

    done = subprocess.run(
        ["systemd-analyze", "verify", f"--root={install.root}"]
        + [f"/{UNIT_DIR}/{unit}" for unit in units],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout + done.stderr == ""


def test_units_every_file_in_installer_is_installed_by_some_role(tmp_path: Path) -> None:
    installed: set[str] = set()
    for role in ROLES:
        install = scratch_install(role, tmp_path / role)
        installed |= {p.name for p in install.path(f"/{UNIT_DIR}").glob("antrean-*")}

    assert installed == set(OURS)


def test_units_verify_reports_a_broken_unit(tmp_path: Path) -> None:
    """The check itself: a misspelt key and a missing program do not pass unseen."""
    install = scratch_install("display", tmp_path)
    add_systemd_and_stub_programs(install)
    unit = install.path(f"/{UNIT_DIR}/antrean-display.service")
    unit.write_text(
        unit.read_text(encoding="utf-8").replace("WatchdogSec=", "WatchdogSecs="), encoding="utf-8"
    )
    install.path("/opt/antrean/bin/antrean").unlink()

    done = subprocess.run(
        ["systemd-analyze", "verify", f"--root={install.root}", f"/{UNIT_DIR}/{unit.name}"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert "Unknown key 'WatchdogSecs'" in done.stderr
    assert "/opt/antrean/bin/antrean is not executable" in done.stderr
