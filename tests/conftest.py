"""Fixtures shared by every test folder."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt must be headless before any QApplication exists (pytest-qt creates it lazily).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from queue_server.services.context import Clock, utc_now
from queue_server.settings import Settings
from tests.support.databases import fresh_database, postgres_base_url
from tests.support.live_server import ThreadServer, seed
from tests.support.office import office_settings
from tests.support.tls import running_tls_server

ROOT = Path(__file__).resolve().parent.parent
BACKENDS = ["sqlite", "postgresql"] if postgres_base_url() else ["sqlite"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that drives Chromium (the ``browser`` fixture) is marked ``browser``."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _own_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's data directory is its own (``office_settings``' too), never the home
    directory's: the commands a test runs find the passport key its server made."""
    monkeypatch.setenv("ANTREAN_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """Where tests save screenshots for a person to look at (not committed)."""
    path = Path(os.environ.get("ANTREAN_SCREENSHOT_DIR", ROOT / "screenshots"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database on each backend under test (PostgreSQL when configured)."""
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def server_settings(tmp_path: Path, database_url: str) -> Settings:
    return office_settings(tmp_path, database_url)


@pytest.fixture
def api_server(server_settings: Settings) -> Iterator[ThreadServer]:
    """The real server on uvicorn, on every backend under test, seeded with accounts."""
    server = ThreadServer(settings=server_settings, tokens=seed(server_settings))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[ThreadServer]:
    """The real server on SQLite for app tests: ``.url``, ``.device_token(kind)``,
    ``.officer_client()``, ``.kiosk_client()``, ``.stop()``, ``.start()`` (same database)."""
    settings = office_settings(tmp_path)
    server = ThreadServer(settings=settings, tokens=seed(settings))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def server_clock() -> Clock:
    """The clock of ``tls_server``: a test may give a fake one by defining this fixture."""
    return utc_now


@pytest.fixture
def tls_server(server_settings: Settings, server_clock: Clock) -> Iterator[ThreadServer]:
    """The real server on HTTPS with the office's own CA (``antrean tls init``), on every
    backend under test: ``.url`` is https, the CA is ``settings.tls_paths.ca``."""
    with running_tls_server(server_settings, server_clock) as server:
        yield server


@pytest.fixture
def tls_live_server(tmp_path: Path) -> Iterator[ThreadServer]:
    """``tls_server`` on SQLite only, for the apps' tests."""
    with running_tls_server(office_settings(tmp_path)) as server:
        yield server
