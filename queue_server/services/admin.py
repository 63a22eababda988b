"""What the admin pages read: users, devices, the audit trail, and the office config's warnings.

Changes go through ``auth`` (users, devices); this module only reads.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from queue_server.domain.office import OfficeConfig
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
    with ctx.db.read() as session:
        return [
            DeviceView(
                row.name,
                row.kind,
                ctx.local(row.created_at),
                ctx.local(row.revoked_at) if row.revoked_at else None,
                ctx.local(row.token_expires_at) if row.token_expires_at else None,
            )
            for row in account_store.devices(session)
        ]


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


_DETAILS = ("subject", "role", "kind", "address", "summary")  # of an account or privacy event


def _audit_line(ctx: ServerContext, row: EventRow) -> AuditLine:
    data: dict[str, Any] = row.data if isinstance(row.data, dict) else {}
    ticket = data.get("ticket")
    number = ticket.get("number") if isinstance(ticket, dict) else None
    detail = " · ".join(str(data[key]) for key in _DETAILS if data.get(key))
    return AuditLine(
        row.seq, ctx.local(row.at), row.actor, row.type, row.action, number, row.counter,
        detail or None,
    )  # fmt: skip


def config_warnings(office: OfficeConfig) -> list[str]:
    """Things in a valid config that are probably mistakes (English; shown with the config)."""
    warnings = []
    served = {queue for counter in office.counters for queue in counter.services}
    for service in office.services:
        for queue in service.queue_keys():
            if queue not in served:
                warnings.append(f"services.{service.code}: no counter serves queue {queue}")
        if not (service.admits_priority_walk_in or service.booking):
            warnings.append(f"services.{service.code}: nobody can get a ticket for it")
        slowest = max([service.service_minutes, *(s.service_minutes for s in service.stages)])
        if service.sla_minutes < slowest:
            warnings.append(
                f"services.{service.code}: SLA target {service.sla_minutes} min is shorter than"
                f" one service ({slowest:g} min)"
            )
    used = {s.quota_pool for s in office.services} | {office.bookings.pool, office.priority.pool}
    for pool in sorted(set(office.quotas) - used):
        warnings.append(f"quotas.{pool}: no service uses this pool")
    return warnings
