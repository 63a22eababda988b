"""The wheel as an office installs it, on every supported Python found on this machine.

The wheel is built once from a copy of this checkout; each role's locked dependencies
(``requirements/<role>.txt``) and the wheel go into a fresh virtual environment in a
temporary folder; its commands then run from another temporary folder with
``PYTHONSAFEPATH`` set, so nothing can come from the checkout.
"""

import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from uv import find_uv_bin

from tests.support.interpreters import SUPPORTED, find_python
from tests.support.live_server import free_socket, wait_healthy

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]
PARTS = (
    "antrean",
    "queue_protocol",
    "queue_server",
    "hq_server",
    "kiosk_app",
    "counter_display",
    "hardware",
)
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv*", "build", "dist", "var", "screenshots", "__pycache__", "*.egg-info",
    ".*_cache", ".hypothesis",
)  # fmt: skip
RUNNING = f"{sys.version_info.major}.{sys.version_info.minor}"


@dataclass(frozen=True)
class Installed:
    """A virtual environment with Antrean installed from the wheel; commands run in ``cwd``."""

    root: Path
    cwd: Path

    def run(self, *args: str, timeout: float = 120) -> "subprocess.CompletedProcess[str]":
        """Run one of the environment's commands (``antrean``, ``python``), whatever its exit."""
        return subprocess.run(
            [str(self.root / "bin" / args[0]), *args[1:]],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            cwd=self.cwd,
            env=outside_env(self.cwd),
            timeout=timeout,
        )

    def python(self, code: str) -> str:
        """What ``code`` prints, run by the environment's Python in isolated mode."""
        done = self.run("python", "-I", "-c", code)
        assert done.returncode == 0, done.stderr
        return done.stdout


def outside_env(cwd: Path) -> dict[str, str]:
    """The environment without anything that points into the checkout or sets Antrean up."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ANTREAN_", "PYTHON", "VIRTUAL_ENV"))
    }
    return env | {"PYTHONSAFEPATH": "1", "ANTREAN_DATA_DIR": str(cwd / "data")}


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the checkout without its build leftovers."""
    source = tmp_path_factory.mktemp("source") / "antrean"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--wheel-dir", str(out), str(source)],
        check=True, cwd=out, timeout=300,
    )  # fmt: skip
    (built,) = out.glob("antrean-*.whl")
    return built


class Installs:
    """Fresh environments, one per role and Python, made when a test first asks for one."""

    def __init__(self, wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
        self._wheel = wheel
        self._tmp = tmp_path_factory
        self._made: dict[tuple[str, str], Installed] = {}

    def get(self, role: str, version: str = RUNNING) -> Installed:
        """``role``'s locked dependencies and the wheel, on Python ``version`` (or a skip)."""
        if (role, version) not in self._made:
            python = sys.executable if version == RUNNING else find_python(version)
            if python is None:
                pytest.skip(f"Python {version} is not on this machine")
            self._made[role, version] = self._install(role, python, version)
        return self._made[role, version]

    def _install(self, role: str, python: str, version: str) -> Installed:
        base = self._tmp.mktemp(f"{role}-{version}")
        root, cwd = base / "venv", base / "work"
        cwd.mkdir()
        subprocess.run([python, "-m", "venv", "--without-pip", str(root)], check=True, timeout=120)
        python_path = str(root / "bin" / "python")  # compiled as pip would: faster commands
        uv = [
            find_uv_bin(),
            "pip",
            "install",
            "--quiet",
            "--compile-bytecode",
            "--python",
            python_path,
        ]
        lock = ROOT / "requirements" / f"{role}.txt"
        subprocess.run([*uv, "--require-hashes", "-r", str(lock)], check=True, cwd=cwd, timeout=600)
        subprocess.run([*uv, "--no-deps", str(self._wheel)], check=True, cwd=cwd, timeout=120)
        return Installed(root=root, cwd=cwd)


@pytest.fixture(scope="session")
def installs(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Installs:
    return Installs(wheel, tmp_path_factory)


@pytest.fixture(params=SUPPORTED)
def server_install(request: pytest.FixtureRequest, installs: Installs) -> Installed:
    """``antrean[server]`` as the locked server role installs it, on each supported Python."""
    return installs.get("server", request.param)


def test_wheel_holds_every_file_of_the_parts_and_the_assets(wheel: Path) -> None:
    shipped = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        path.relative_to(ROOT).as_posix()
        for part in PARTS
        for path in (ROOT / part).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    expected |= {
        "antrean/assets/" + path.relative_to(ROOT / "assets").as_posix()
        for path in (ROOT / "assets").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert sorted(expected - shipped) == []
    assert any(name.endswith("/licenses/LICENSE") for name in shipped)


def test_installed_server_runs_outside_the_checkout(server_install: Installed) -> None:
    where = server_install.python(
        "import antrean, queue_server, sys; print(antrean.__file__); print(sys.version_info[:2])"
    )
    assert where.startswith(str(server_install.root))
    assert str(ROOT) not in where


ENROL = """
import sys
from queue_protocol import DeviceKind
from queue_protocol.enrolment import EnrolmentCode, enrol
print(enrol(EnrolmentCode.parse(sys.argv[1]), kind=DeviceKind.KIOSK).token)
"""


def test_installed_server_upgrades_its_database_and_issues_a_ticket_over_tls(
    server_install: Installed,
) -> None:
    work = server_install.cwd
    office = work / "office.toml"  # the packaged example, open around the clock
    office.write_text(
        server_install.python(
            "from queue_server.config import always_open_office_text as office\n"
            "print(office(), end='')"
        )
    )
    options = ["--config", str(office), "--database-url", f"sqlite:///{work / 'office.sqlite3'}"]
    with free_socket() as sock:
        url = f"https://127.0.0.1:{sock.getsockname()[1]}"
    steps = [
        ["db", "upgrade"],
        ["tls", "init", "--name", "localhost", "--address", "127.0.0.1"],
        ["device", "add", "kiosk-1", "--kind", "kiosk", "--url", url],
    ]
    for step in steps:
        done = server_install.run("antrean", *step, *options)
        assert done.returncode == 0, done.stderr
    code = re.search(r"https://\S+#ca=\S+", done.stdout)
    assert code is not None, done.stdout
    with ServerRun(server_install, [*options, "--port", url.rpartition(":")[2]], url) as pinned:
        enrolled = server_install.run("python", "-I", "-c", ENROL, code.group())
        assert enrolled.returncode == 0, enrolled.stderr
        issued = httpx.post(
            f"{url}/api/v1/tickets",
            json={"service": "HR", "source": "walk_in", "client_ref": uuid.uuid4().hex},
            headers={"Authorization": f"Bearer {enrolled.stdout.strip()}"},
            verify=pinned,
            timeout=10,
        )
        login_page = httpx.get(f"{url}/login", verify=pinned, timeout=10)
        style = httpx.get(f"{url}/static/app.css", verify=pinned, timeout=10)
    assert issued.status_code == 201, issued.text
    assert issued.json()["number"].startswith("E")
    assert login_page.status_code == 200  # a packaged template
    assert style.status_code == 200  # packaged static files


@dataclass
class ServerRun:
    """``antrean server`` of an installed environment at ``url`` on loopback, while in use;
    entered, a TLS context that trusts the office CA alone."""

    installed: Installed
    options: list[str]
    url: str
    process: "subprocess.Popen[bytes] | None" = None

    def __enter__(self) -> ssl.SSLContext:
        log = (self.installed.cwd / "server.log").open("ab")
        self.process = subprocess.Popen(
            [str(self.installed.root / "bin" / "antrean"), "server", *self.options,
             "--no-advertise"],
            cwd=self.installed.cwd, env=outside_env(self.installed.cwd), stdout=log, stderr=log,
        )  # fmt: skip
        log.close()
        pinned = ssl.create_default_context(cafile=self.installed.cwd / "data" / "tls" / "ca.pem")
        try:
            wait_healthy(self.url, self.process, timeout=60, verify=pinned)
        except RuntimeError:
            self.__exit__()
            raise AssertionError((self.installed.cwd / "server.log").read_text()) from None
        return pinned

    def __exit__(self, *_: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)


VOICE_CHECK = """
import json
from counter_display.config import DisplayConfig
from counter_display.core.phrases import LANGUAGES, clip_vocabulary
from counter_display.core.speech import NullSink, SpeechQueue, SpokenCall

voice = DisplayConfig().audio.voice_dir
played = []
for mode in ("words", "digits"):
    queue = SpeechQueue(NullSink(), voice, languages=LANGUAGES, mode=mode)
    for number, counter in (("A012", 3), ("B105", 11), ("E1999", 17), ("Z100", 20)):
        played += queue.clips_for(SpokenCall(number, counter))
vocabulary = [voice / lang / f"{clip}.wav" for lang in LANGUAGES for clip in clip_vocabulary(lang)]
print(json.dumps({
    "voice": str(voice),
    "played": len(played),
    "missing": sorted({str(path) for path in [*played, *vocabulary] if not path.is_file()}),
}))
"""


def test_installed_board_voice_finds_a_clip_for_every_word_of_a_call(
    server_install: Installed,
) -> None:
    found = json.loads(server_install.python(VOICE_CHECK))
    assert found["voice"].startswith(str(server_install.root))
    assert found["played"] > 0
    assert found["missing"] == []


def test_installed_server_has_no_qt_and_says_which_role_a_screen_needs(
    server_install: Installed,
) -> None:
    absent = server_install.python(ABSENT.format(modules=("PySide6", "cv2", "escpos", "zxingcpp")))
    assert absent.split() == ["PySide6", "cv2", "escpos", "zxingcpp"]
    assert server_install.run("antrean", "server", "--help").returncode == 0
    board = server_install.run("antrean", "display", "--window", "--quit-after", "1")
    assert board.returncode == 2
    assert "'PySide6'" in board.stderr
    assert "antrean[display]" in board.stderr


ABSENT = """
import importlib.util
print(*[name for name in {modules!r} if importlib.util.find_spec(name) is None])
"""
NOT_ON_A_DEVICE = ("uvicorn", "fastapi", "sqlalchemy", "psycopg", "alembic")


@pytest.mark.parametrize("role", ["kiosk", "display"])
def test_installed_device_has_its_command_and_no_server_stack(
    installs: Installs, role: str
) -> None:
    installed = installs.get(role)
    assert installed.run("antrean", "--help").returncode == 0
    helped = installed.run("antrean", role, "--help")
    assert helped.returncode == 0, helped.stderr
    assert installed.python("import PySide6.QtWidgets; print('qt')").strip() == "qt"
    absent = installed.python(ABSENT.format(modules=NOT_ON_A_DEVICE))
    assert absent.split() == list(NOT_ON_A_DEVICE)


def test_installed_board_speaks_from_its_own_packaged_clips(installs: Installs) -> None:
    installed = installs.get("display")
    found = json.loads(installed.python(VOICE_CHECK))
    assert found["voice"].startswith(str(installed.root))
    assert found["missing"] == []
