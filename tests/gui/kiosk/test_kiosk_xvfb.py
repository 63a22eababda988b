"""One smoke test on the real X11 platform (xcb under Xvfb): offscreen hides missing libs."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.xvfb
@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="Xvfb not installed (apt xvfb)")
def test_kiosk_starts_on_x11_under_xvfb(tmp_path: Path, screenshot_dir: Path) -> None:
    shot = screenshot_dir / "kiosk-xvfb-start.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    command = [
        "xvfb-run",
        "-a",
        "-s",
        "-screen 0 1080x1920x24",
        sys.executable,
        "-m",
        "tests.gui.kiosk.xvfb_child",
        str(tmp_path / "data"),
        str(shot),
    ]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=90, check=False)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    assert shot.stat().st_size > 10_000
