"""Writes the device contacts noted in memory (``device_contacts``) to the database."""

import logging

from queue_server.services.background import BackgroundThread
from queue_server.services.context import ServerContext
from queue_server.storage import account_store

log = logging.getLogger(__name__)
FLUSH_SECONDS = 30.0


def write_contacts(ctx: ServerContext) -> int:
    """Write the contacts noted since the last write; returns how many devices."""
    contacts = ctx.device_contacts.take(ctx.now())
    if contacts:
        with ctx.db.write() as session:
            account_store.note_contacts(session, contacts)
    return len(contacts)


class DeviceContactWriter(BackgroundThread):
    """Writes the notes every ``interval`` seconds, and once more when the server stops."""

    thread_name = "device-contact"

    def __init__(self, ctx: ServerContext, *, interval: float = FLUSH_SECONDS) -> None:
        super().__init__()
        self._ctx = ctx
        self._interval = interval

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self._write()
        self._write()

    def _write(self) -> None:
        try:
            write_contacts(self._ctx)
        except Exception:  # the next round tries again; contact notes are not worth a crash
            log.exception("writing device contact times failed")
