"""What the admin pages read: users, devices and the audit trail.

Changes go through ``auth`` (users, devices); this module only reads.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from queue_server.services.context import ServerContext
from queue_server.services.event_log import audit_trail
from queue_server.storage import account_store
from queue_server.storage.models import EventRow


@dataclass(frozen=True)
class UserView:
    username: str
    role: str
    disabled: bool
    created_at: datetime


@dataclass(frozen=True)
class DeviceView:
    name: str
    kind: str
    created_at: datetime
    revoked_at: datetime | None
    token_expires_at: datetime | None
    last_seen_at: datetime | None = None  # its last request or event stream
    streaming: bool = False  # its event stream is open now
    silent: bool = False  # enrolled, and not heard from for the office's set time

    @property
    def state(self) -> str:
        """``active``, ``waiting`` (for its enrolment), or ``revoked``."""
        if self.revoked_at is not None:
            return "revoked"
        return "active" if self.token_expires_at is not None else "waiting"


@dataclass(frozen=True)
class AuditLine:
    seq: int
    at: datetime
    actor: str
    type: str
    action: str | None
    ticket: str | None
    counter: int | None
    detail: str | None = None  # an account event's subject and address


def users(ctx: ServerContext) -> list[UserView]:
    with ctx.db.read() as session:
        return [
            UserView(row.username, row.role, row.disabled, ctx.local(row.created_at))
            for row in account_store.users(session)
        ]


def devices(ctx: ServerContext) -> list[DeviceView]:
    """Every device, with when it was last in contact and whether it has gone silent."""
    noted = ctx.device_contacts.noted()
    streaming = ctx.device_contacts.streaming()
    silent_after = timedelta(minutes=ctx.office.devices.silent_after_minutes)
    now = ctx.now()
    views = []
    with ctx.db.read() as session:
        for row in account_store.devices(session):
            seen = max(
                (at for at in (row.last_seen_at, noted.get(row.name)) if at is not None),
                default=None,
            )
            active = row.revoked_at is None and row.token_expires_at is not None
            quiet_since = seen or row.created_at
            views.append(
                DeviceView(
                    row.name,
                    row.kind,
                    ctx.local(row.created_at),
                    ctx.local(row.revoked_at) if row.revoked_at else None,
                    ctx.local(row.token_expires_at) if row.token_expires_at else None,
                    last_seen_at=ctx.local(seen) if seen else None,
                    streaming=row.name in streaming,
                    silent=active
                    and row.name not in streaming
                    and now - quiet_since > silent_after,
                )
            )
    return views


def audit(
    ctx: ServerContext,
    *,
    actor: str | None = None,
    ticket_id: int | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    event_type: str | None = None,
    limit: int = 300,
) -> list[AuditLine]:
    """The audit trail, newest first: who did what to which ticket or account, when, at
    which counter or from which address."""
    rows = audit_trail(
        ctx, actor=actor, ticket_id=ticket_id, start=start, end=end, event_type=event_type,
        limit=limit,
    )  # fmt: skip
    return [_audit_line(ctx, row) for row in rows]


_DETAILS = ("subject", "role", "kind", "address", "summary", "reason")  # account, privacy, pause


def _audit_line(ctx: ServerContext, row: EventRow) -> AuditLine:
    data: dict[str, Any] = row.data if isinstance(row.data, dict) else {}
    ticket = data.get("ticket")
    number = ticket.get("number") if isinstance(ticket, dict) else None
    detail = " · ".join(str(data[key]) for key in _DETAILS if data.get(key))
    return AuditLine(
        row.seq, ctx.local(row.at), row.actor, row.type, row.action, number, row.counter,
        detail or None,
    )  # fmt: skip
