"""The office's state now, as headquarters sees it on its dashboard: queues and their
longest waits, counters open, and today's totals. Nothing personal."""

from queue_protocol.upstream import LiveQueue, LiveState
from queue_server.domain.hours import closed_reason
from queue_server.services.context import ServerContext
from queue_server.services.queue_state import snapshot_in
from queue_server.storage import upstream_store


def live_state(ctx: ServerContext) -> LiveState:
    today = ctx.today()
    with ctx.db.read() as session:
        snapshot = snapshot_in(ctx, session)
        issued = upstream_store.issued_on(session, today, today).get(today, {})
        served = upstream_store.served_on(session, today)
    return LiveState(
        at=snapshot.at,
        open_now=closed_reason(ctx.office, snapshot.at) is None,
        queues=[
            LiveQueue(
                service=queue.code,
                stage=queue.stage,
                waiting=queue.waiting,
                longest_wait_min=queue.oldest_wait_min if queue.waiting else 0,
            )
            for queue in snapshot.services
        ],
        counters_open=sum(1 for counter in snapshot.counters if counter.state == "open"),
        counters_total=len(snapshot.counters),
        issued_today=sum(issued.values()),
        served_today=served,
    )
