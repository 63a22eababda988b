"""Fixed words of the contract. Their values are what goes over the wire."""

from enum import StrEnum


class TicketState(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"

    @property
    def is_final(self) -> bool:
        return self in (TicketState.DONE, TicketState.NO_SHOW, TicketState.CANCELLED)


class TicketSource(StrEnum):
    BOOKING = "booking"
    PASSPORT = "passport"
    WALK_IN = "walk_in"


class TicketClass(StrEnum):
    PRIORITY = "priority"
    APPOINTMENT = "appointment"
    REGULAR = "regular"


class TicketAction(StrEnum):
    """Officer actions on a ticket: ``POST /api/v1/tickets/{id}/{action}``."""

    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no-show"
    TRANSFER = "transfer"
    CANCEL = "cancel"
    REQUEUE = "requeue"  # a no-show who came back, within the office's window


class PriorityGroup(StrEnum):
    """Layanan Ramah HAM: who may use the priority service."""

    LANSIA = "lansia"  # 60 years or older
    DISABILITAS = "disabilitas"
    IBU_HAMIL = "ibu_hamil"
    ANAK_KECIL = "anak_kecil"  # visitors with small children (balita)


class Language(StrEnum):
    ID = "id"
    EN = "en"


class CounterState(StrEnum):
    OPEN = "open"
    PAUSED = "paused"
    CLOSED = "closed"


class CounterAction(StrEnum):
    OPEN = "open"
    PAUSE = "pause"
    CLOSE = "close"


class PauseReason(StrEnum):
    """Why a counter is paused, shown on the console and the live report."""

    BREAK = "break"  # istirahat
    PRAYER = "prayer"  # sholat
    SYSTEM = "system"  # gangguan sistem
    OTHER = "other"


class Role(StrEnum):
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class DeviceKind(StrEnum):
    KIOSK = "kiosk"
    DISPLAY = "display"
    FEEDBACK = "feedback"
