"""Contract objects for display tests: tickets, snapshots and events, as the server sends them."""

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from counter_display.core.board import Board
from counter_display.core.speech import AudioUnavailableError
from queue_protocol import (
    AnnouncementEvent,
    CounterInfo,
    CounterState,
    LocalizedText,
    QueueChangedEvent,
    QueueSnapshot,
    ServiceQueue,
    Ticket,
    TicketEvent,
)

T0 = datetime(2025, 12, 1, 1, 0, tzinfo=UTC)  # Monday 08:00 in Jakarta (WIB)

SERVICES = {
    "PB": ("A", "Paspor Baru", "New Passport"),
    "GP": ("B", "Penggantian Paspor", "Passport Renewal"),
    "HR": ("E", "Paspor Hilang/Rusak", "Lost or Damaged Passport"),
    "AP": ("C", "Pengambilan Paspor", "Passport Collection"),
    "IT": ("D", "Izin Tinggal (ITAS/ITAP/ITK)", "Stay Permits (ITAS/ITAP/ITK)"),
    "OA": ("G", "Pelaporan Orang Asing", "Foreigner Reporting"),
}


class FakeClock:
    """A clock that moves only when told."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def ticket(number: str, *, service: str = "PB", counter: int | None = None, status: str = "called",
           ticket_id: int | None = None) -> Ticket:  # fmt: skip
    name = SERVICES.get(service, ("X", service, service))
    return Ticket.model_validate(
        {
            "id": ticket_id if ticket_id is not None else abs(hash(number)) % 100_000,
            "number": number,
            "service": service,
            "service_name": {"id": name[1], "en": name[2]},
            "status": status,
            "class": "regular",
            "source": "walk_in",
            "language": "id",
            "issued_at": T0.isoformat(),
            "counter": counter,
        }
    )


def called(seq: int, number: str, counter: int, *, service: str = "PB", recall: bool = False,
           at: datetime = T0) -> TicketEvent:  # fmt: skip
    return TicketEvent(
        seq=seq,
        at=at,
        type="ticket.called",
        ticket=ticket(number, service=service, counter=counter),
        counter=counter,
        recall=recall,
    )


def updated(seq: int, number: str, status: str, *, counter: int | None = None) -> TicketEvent:
    return TicketEvent(
        seq=seq, at=T0, type="ticket.updated", ticket=ticket(number, counter=counter, status=status)
    )


def counter_info(number: int, current: str | None = None, state: str = "open") -> CounterInfo:
    return CounterInfo(
        number=number,
        name=LocalizedText(id=f"Loket {number}", en=f"Counter {number}"),
        state=CounterState(state),
        services=list(SERVICES),
        current=ticket(current, counter=number, status="serving") if current else None,
    )


def snapshot(seq: int, *, waiting: dict[str, int] | None = None,
             counters: list[CounterInfo] | None = None,
             announcements: list[LocalizedText] | None = None) -> QueueSnapshot:  # fmt: skip
    waiting = waiting if waiting is not None else dict.fromkeys(SERVICES, 3)
    return QueueSnapshot(
        office_id="jaksel",
        office_name="Kantor Imigrasi Kelas I Khusus TPI Jakarta Selatan",
        timezone="Asia/Jakarta",
        seq=seq,
        at=T0,
        services=[
            ServiceQueue(
                code=code,
                name=LocalizedText(id=SERVICES[code][1], en=SERVICES[code][2]),
                waiting=count,
                oldest_wait_min=5,
                estimated_wait_min=10,
                sla_minutes=60,
            )
            for code, count in waiting.items()
        ],
        counters=counters if counters is not None else [counter_info(n) for n in range(1, 9)],
        announcements=announcements or [],
    )


def queue_changed(seq: int, **kwargs: object) -> QueueChangedEvent:
    return QueueChangedEvent(seq=seq, at=T0, type="queue.changed", queue=snapshot(seq, **kwargs))  # type: ignore[arg-type]


def announcement(seq: int, text_id: str, text_en: str) -> AnnouncementEvent:
    return AnnouncementEvent(
        seq=seq, at=T0, type="announcement", text=LocalizedText(id=text_id, en=text_en)
    )


class FakeSink:
    """Records clips; optionally holds each clip until released, or has no device."""

    def __init__(self, *, hold: bool = False, broken: bool = False) -> None:
        self.played: list[str] = []
        self.active = 0
        self.max_active = 0
        self.broken = broken
        self._hold = hold
        self.release = threading.Semaphore(0)
        self.started = threading.Semaphore(0)

    def play(self, path: Path) -> None:
        if self.broken:
            raise AudioUnavailableError("audio open error: No such file or directory")
        self.active += 1
        self.max_active = max(self.max_active, self.active)
        self.played.append(f"{path.parent.name}/{path.stem}")
        self.started.release()
        if self._hold:
            assert self.release.acquire(timeout=5)
        self.active -= 1

    def stop(self) -> None:
        self.release.release()


def busy_board(clock: FakeClock) -> Board:
    """A board in the middle of a day: eight counters (one closed), six calls, a notice."""
    board = Board(clock, highlight_seconds=10)
    counters = [counter_info(n, f"A0{10 + n}" if n < 7 else None) for n in range(1, 8)]
    counters.append(counter_info(8, state="closed"))
    notice = LocalizedText(
        id="Loket prioritas untuk lansia, disabilitas dan ibu hamil ada di loket 4.",
        en="The priority counter for the elderly, disabled and pregnant visitors is counter 4.",
    )
    board.apply_snapshot(snapshot(10, counters=counters, announcements=[notice]))
    calls = [("B003", 2), ("A011", 1), ("C021", 5), ("E004", 6), ("D002", 3), ("A012", 3)]
    for seq, (number, counter) in enumerate(calls, start=11):
        board.apply(called(seq, number, counter))
    board.set_connected(True)
    return board
