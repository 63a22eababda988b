"""The ticket lifecycle as a transition table.

Invariants: a move not in ``TRANSITIONS`` is refused with
``IllegalTransitionError`` and nothing changes (``next_state`` only reads the
table); ``done`` and ``cancelled`` have no way out; ``no_show`` leaves only by
``requeue`` (a late visitor put back in line, when the office allows it, which
the services layer decides). A staged service keeps one queue per stage, keyed
``"<service>/<stage>"``; finishing a stage that has a next stage sends the same
number back to ``waiting`` in the next stage's queue.
"""

from collections.abc import Mapping, Sequence
from enum import StrEnum
from types import MappingProxyType

from queue_protocol import TicketState
from queue_server.domain.errors import IllegalTransitionError


class LifecycleAction(StrEnum):
    CALL = "call"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no_show"
    TRANSFER = "transfer"
    CANCEL = "cancel"
    REQUEUE = "requeue"


_S, _A = TicketState, LifecycleAction
TRANSITIONS: Mapping[tuple[TicketState, LifecycleAction], TicketState] = MappingProxyType(
    {
        (_S.WAITING, _A.CALL): _S.CALLED,
        (_S.CALLED, _A.RECALL): _S.CALLED,
        (_S.CALLED, _A.START): _S.SERVING,
        (_S.CALLED, _A.FINISH): _S.DONE,
        (_S.SERVING, _A.FINISH): _S.DONE,
        (_S.CALLED, _A.NO_SHOW): _S.NO_SHOW,
        (_S.WAITING, _A.TRANSFER): _S.WAITING,
        (_S.CALLED, _A.TRANSFER): _S.WAITING,
        (_S.SERVING, _A.TRANSFER): _S.WAITING,
        (_S.WAITING, _A.CANCEL): _S.CANCELLED,
        (_S.CALLED, _A.CANCEL): _S.CANCELLED,
        (_S.SERVING, _A.CANCEL): _S.CANCELLED,
        (_S.NO_SHOW, _A.REQUEUE): _S.WAITING,
    }
)

_STATE_ID = {
    _S.WAITING: "menunggu",
    _S.CALLED: "dipanggil",
    _S.SERVING: "sedang dilayani",
    _S.DONE: "selesai",
    _S.NO_SHOW: "tidak hadir",
    _S.CANCELLED: "dibatalkan",
}
_STATE_EN = {
    _S.WAITING: "waiting",
    _S.CALLED: "called",
    _S.SERVING: "being served",
    _S.DONE: "done",
    _S.NO_SHOW: "a no-show",
    _S.CANCELLED: "cancelled",
}
_ACTION_ID = {
    _A.CALL: "dipanggil",
    _A.RECALL: "dipanggil ulang",
    _A.START: "mulai dilayani",
    _A.FINISH: "diselesaikan",
    _A.NO_SHOW: "ditandai tidak hadir",
    _A.TRANSFER: "dialihkan",
    _A.CANCEL: "dibatalkan",
    _A.REQUEUE: "dikembalikan ke antrean",
}
_ACTION_EN = {
    _A.CALL: "called",
    _A.RECALL: "recalled",
    _A.START: "started",
    _A.FINISH: "finished",
    _A.NO_SHOW: "marked no-show",
    _A.TRANSFER: "transferred",
    _A.CANCEL: "cancelled",
    _A.REQUEUE: "put back in line",
}


def next_state(state: TicketState, action: LifecycleAction) -> TicketState:
    """The state after ``action``; raises ``IllegalTransitionError`` for a move not allowed."""
    try:
        return TRANSITIONS[(state, action)]
    except KeyError:
        raise IllegalTransitionError(
            message_en=f"A ticket that is {_STATE_EN[state]} cannot be {_ACTION_EN[action]}.",
            message_id=f"Tiket berstatus '{_STATE_ID[state]}' tidak dapat {_ACTION_ID[action]}.",
        ) from None


def allowed_actions(state: TicketState) -> frozenset[LifecycleAction]:
    """The actions ``state`` allows, e.g. for the buttons an officer console shows."""
    return frozenset(action for (source, action) in TRANSITIONS if source == state)


def next_stage(stages: Sequence[str], current: str | None) -> str | None:
    """The stage after ``current``; None without stages, without a current stage, or after
    the last one. A stage the service no longer has (the config changed under a waiting
    ticket) also gives None, so the officer can still finish the visit."""
    if not stages or current is None or current not in stages:
        return None
    index = stages.index(current)
    return stages[index + 1] if index + 1 < len(stages) else None


def queue_key(service: str, stage: str | None) -> str:
    """``"PB"`` or ``"PB/berkas"``: one queue per service, or per stage of a staged service."""
    return service if stage is None else f"{service}/{stage}"


def split_queue_key(key: str) -> tuple[str, str | None]:
    """The inverse of ``queue_key``: ``"PB/berkas"`` -> ``("PB", "berkas")``."""
    service, _, stage = key.partition("/")
    return service, stage or None
