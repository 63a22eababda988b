"""Fixtures of the integration tests."""

from collections.abc import Iterator

import pytest

from queue_server.server import open_context
from queue_server.services.context import ServerContext
from queue_server.settings import Settings


@pytest.fixture
def ctx(server_settings: Settings) -> Iterator[ServerContext]:
    """The server's context as a server process opens it, on every backend under test."""
    context = open_context(server_settings)
    yield context
    context.db.dispose()
