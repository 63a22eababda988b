"""Fixtures for the appliance tests: a socket that listens as systemd does."""

from collections.abc import Iterator

import pytest

from tests.support.notify_socket import NotifyListener


@pytest.fixture
def notify_listener() -> Iterator[NotifyListener]:
    listener = NotifyListener()
    yield listener
    listener.close()
