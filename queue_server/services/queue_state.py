"""Read models: the queue snapshot, the services a kiosk offers, the office's public facts."""

from datetime import datetime

from queue_protocol import (
    PROTOCOL_VERSION,
    CounterInfo,
    CounterState,
    LocalizedText,
    OfficeInfo,
    PauseReason,
    PriorityGroupInfo,
    QueueSnapshot,
    ServiceInfo,
    ServiceQueue,
)
from queue_server.domain import hours as opening_hours
from queue_server.domain.estimate import whole_minutes
from queue_server.domain.lifecycle import queue_key
from queue_server.domain.office import OfficeConfig, ServiceDef
from queue_server.services.context import ServerContext
from queue_server.services.forecast import forecast
from queue_server.services.priority_texts import PRIORITY_GROUP_NAMES
from queue_server.services.skm_texts import skm_elements
from queue_server.services.ticket_view import to_ticket
from queue_server.storage import Session, event_store, record_store, ticket_store
from queue_server.storage.models import CounterRow


def snapshot(ctx: ServerContext) -> QueueSnapshot:
    with ctx.db.read() as session:
        return snapshot_in(ctx, session)


def snapshot_in(ctx: ServerContext, session: Session) -> QueueSnapshot:
    now = ctx.now()
    return QueueSnapshot(
        office_id=ctx.office.office.id,
        office_name=ctx.office.office.name,
        timezone=ctx.office.office.timezone,
        seq=event_store.last_seq(session),
        at=ctx.local(now),
        services=_service_queues(ctx, session, now),
        counters=_counters(ctx, session),
        announcements=[
            LocalizedText(id=row.text_id, en=row.text_en)
            for row in record_store.active_announcements(session)
        ],
    )


def _service_queues(ctx: ServerContext, session: Session, now: datetime) -> list[ServiceQueue]:
    waiting = {
        queue_key(service, stage): (count, oldest)
        for service, stage, count, oldest in ticket_store.waiting_summary(session)
    }
    keys = [key for service in ctx.office.services for key in service.queue_keys()]
    probes = forecast(ctx, session, probes=keys).probes
    queues: list[ServiceQueue] = []
    for service in ctx.office.services:
        for stage in service.stages or (None,):
            code = stage.code if stage else None
            key = queue_key(service.code, code)
            count, oldest = waiting.get(key, (0, now))
            queues.append(
                ServiceQueue(
                    code=service.code,
                    stage=code,
                    name=stage.name if stage else service.name,
                    waiting=count,
                    oldest_wait_min=int((now - oldest).total_seconds() // 60),
                    estimated_wait_min=whole_minutes(probes[key].minutes),
                    sla_minutes=service.sla_minutes,
                )
            )
    return queues


def _counters(ctx: ServerContext, session: Session) -> list[CounterInfo]:
    rows = {row.number: row for row in ticket_store.counters(session)}
    current_ids = [row.current_ticket_id for row in rows.values() if row.current_ticket_id]
    current = ticket_store.tickets_by_ids(session, current_ids)
    infos: list[CounterInfo] = []
    for counter in ctx.office.counters:
        row = rows.get(counter.number)
        ticket_row = current.get(row.current_ticket_id) if row and row.current_ticket_id else None
        infos.append(
            CounterInfo(
                number=counter.number,
                name=counter.name,
                state=CounterState(row.state) if row else CounterState.CLOSED,
                services=list(counter.services),
                current=to_ticket(ctx, session, ticket_row, live=False) if ticket_row else None,
                officer=row.officer if row else None,
                pause_reason=_pause_reason(row),
            )
        )
    return infos


def _pause_reason(row: CounterRow | None) -> PauseReason | None:
    """Why a paused counter is away; nothing for an open or closed one (or an old word)."""
    if row is None or row.state != CounterState.PAUSED or row.pause_reason is None:
        return None
    try:
        return PauseReason(row.pause_reason)
    except ValueError:
        return PauseReason.OTHER


def services_info(ctx: ServerContext) -> list[ServiceInfo]:
    """What the kiosk offers now: each service with its queue, estimate and quota."""
    with ctx.db.read() as session:
        now = ctx.now()
        closed = opening_hours.closed_reason(ctx.office, ctx.local(now))
        queues = {(q.code, q.stage): q for q in _service_queues(ctx, session, now)}
        return [
            _service_info(ctx, session, service, queues, closed) for service in ctx.office.services
        ]


def _service_info(
    ctx: ServerContext,
    session: Session,
    service: ServiceDef,
    queues: dict[tuple[str, str | None], ServiceQueue],
    closed: LocalizedText | None,
) -> ServiceInfo:
    first = queues[(service.code, service.first_stage)]
    remaining = quota_remaining(ctx, session, service.quota_pool)
    reason = closed
    if reason is None and remaining == 0:
        reason = LocalizedText(
            id="Kuota hari ini sudah habis. Silakan datang kembali pada hari kerja berikutnya.",
            en="Today's quota is full. Please come back on the next working day.",
        )
    return ServiceInfo(
        code=service.code,
        prefix=service.prefix,
        name=service.name,
        walk_in=service.walk_in,
        booking=service.booking,
        priority_walk_in=service.admits_priority_walk_in,
        open=reason is None,
        waiting=first.waiting,
        estimated_wait_min=first.estimated_wait_min,
        quota_remaining=remaining,
        closed_reason=reason,
        sla_minutes=service.sla_minutes,
    )


def quota_remaining(ctx: ServerContext, session: Session, pool: str | None) -> int | None:
    if pool is None:
        return None
    used = ticket_store.issued_in_pool(session, ctx.today(), pool)
    return max(ctx.office.quotas[pool] - used, 0)


def office_info(ctx: ServerContext) -> OfficeInfo:
    office: OfficeConfig = ctx.office
    local = ctx.local(ctx.now())
    closed = opening_hours.closed_reason(office, local)
    return OfficeInfo(
        id=office.office.id,
        name=office.office.name,
        timezone=office.office.timezone,
        zone_abbreviation=opening_hours.zone_abbreviation(office.office.timezone),
        logo_url="/static/logo.svg" if office.office.logo else None,
        number_reading=office.office.number_reading,
        open_now=closed is None,
        closed_message=closed,
        priority_groups=[
            PriorityGroupInfo(code=group, name=PRIORITY_GROUP_NAMES[group])
            for group in office.priority.groups
        ],
        priority_minimum_age=office.priority.minimum_age,
        booking_public_key=office.bookings.token_public_key,
        skm_elements=skm_elements(),
        protocol=PROTOCOL_VERSION,
    )
