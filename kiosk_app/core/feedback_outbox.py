"""Ratings of the feedback screen, kept on the device until the server has them.

A rating is written to the durable store before it is sent, and sent again until
the server answers for it, oldest first. Its ``client_ref`` makes the sending
exactly once: a rating sent again after an answer that was lost (the screen
crashed, the network dropped) is recorded once, and its ``answered_at`` keeps
the time the visitor answered however late it arrives. A rating the server
refuses (a ticket not finished at this counter, or rated already) is dropped with a
log line, never retried: sending it again cannot change the answer. One refused for
what the screen is (its token, a 5xx) is kept and sent later.
"""

import logging
from dataclasses import dataclass

from kiosk_app.core.backend import KioskBackend
from kiosk_app.core.issuer import SERVER_AWAY
from kiosk_app.core.offline_store import OfflineStore
from queue_protocol import FeedbackRequest
from queue_protocol.client import ApiError

log = logging.getLogger(__name__)
# Answers about the screen or the server, not the rating: its token expired or was
# revoked, or it was told to slow down. The rating is kept and sent once that is fixed.
NOT_THE_RATINGS = frozenset({401, 403, 429})


@dataclass(frozen=True)
class FeedbackSync:
    """What one ``send_pending`` did, and how many ratings still wait for the server."""

    sent: int = 0
    refused: int = 0
    waiting: int = 0
    reachable: bool = True


class FeedbackOutbox:
    """The ratings of one screen: ``keep`` each, then ``send_pending`` (off the UI thread)."""

    def __init__(self, backend: KioskBackend, store: OfflineStore) -> None:
        self._backend = backend
        self._store = store

    def keep(self, request: FeedbackRequest) -> None:
        """Store the rating durably; it is sent by the next ``send_pending``."""
        self._store.add_feedback(request)

    def pending(self) -> list[FeedbackRequest]:
        """The ratings kept and not yet answered for by the server, oldest first."""
        return self._store.pending_feedback()

    def waiting(self) -> int:
        return len(self._store.pending_feedback())

    def send_pending(self) -> FeedbackSync:
        """Send every kept rating, oldest first, until the server is away. Never raises."""
        sent = refused = 0
        pending = self._store.pending_feedback()
        for index, request in enumerate(pending):
            try:
                self._backend.feedback(request)
            except SERVER_AWAY:
                left = len(pending) - index
                log.info("server away: %d ratings kept for later", left)
                return FeedbackSync(sent, refused, waiting=left, reachable=False)
            except ApiError as error:
                if error.status in NOT_THE_RATINGS or error.status >= 500:  # kept for later
                    log.error("rating of ticket %d not taken: %s", request.ticket_id, error)
                    return FeedbackSync(sent, refused, waiting=len(pending) - index)
                log.warning("rating of ticket %d refused: %s", request.ticket_id, error)
                self._store.mark_feedback(request.client_ref, refused=error.error)
                refused += 1
                continue
            self._store.mark_feedback(request.client_ref)
            sent += 1
        return FeedbackSync(sent, refused)
