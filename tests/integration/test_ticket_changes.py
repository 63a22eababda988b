"""Call-next and the officer's actions as plain UPDATEs: what they leave in the database."""

from datetime import timedelta

from sqlalchemy import select

from queue_protocol import (
    CounterAction,
    Role,
    Ticket,
    TicketAction,
)
from queue_server.services import calling, ticket_actions
from queue_server.services.context import Actor, ActorKind, ServerContext
from queue_server.storage import ticket_changes
from queue_server.storage.models import CounterRow, TicketRow, TicketStageRow
from tests.support.issuing import issue_walk_in

COUNTER = 7  # serves AP, passport collection: one stage
OFFICER = Actor("petugas", ActorKind.USER, role=Role.OFFICER)


def _issue(ctx: ServerContext, service: str = "AP") -> Ticket:
    return issue_walk_in(ctx, service)[0]


def _visits(ctx: ServerContext, ticket_id: int) -> list[TicketStageRow]:
    with ctx.db.read() as session:
        query = select(TicketStageRow).where(TicketStageRow.ticket_id == ticket_id)
        return list(session.scalars(query.order_by(TicketStageRow.id)))


def _counter(ctx: ServerContext, number: int) -> CounterRow:
    with ctx.db.read() as session:
        row = session.get(CounterRow, number)
        assert row is not None
        return row


def test_a_ticket_finished_from_its_call_was_served_from_the_call(ctx: ServerContext) -> None:
    issued = _issue(ctx)
    called = calling.call_next(ctx, COUNTER, OFFICER)
    assert called is not None
    assert called.id == issued.id
    assert _counter(ctx, COUNTER).current_ticket_id == issued.id

    ticket_actions.act(ctx, issued.id, TicketAction.FINISH, OFFICER)

    (visit,) = _visits(ctx, issued.id)
    assert visit.outcome == "done"
    assert visit.counter == COUNTER
    assert visit.officer == "petugas"
    assert visit.called_at is not None
    assert visit.started_at == visit.called_at
    assert visit.finished_at is not None
    assert visit.finished_at >= visit.called_at
    assert _counter(ctx, COUNTER).current_ticket_id is None


def test_a_no_show_was_never_served(ctx: ServerContext) -> None:
    issued = _issue(ctx)
    calling.call_next(ctx, COUNTER, OFFICER)

    ticket_actions.act(ctx, issued.id, TicketAction.NO_SHOW, OFFICER)

    (visit,) = _visits(ctx, issued.id)
    assert visit.outcome == "no_show"
    assert visit.started_at is None
    assert visit.finished_at is not None
    assert _counter(ctx, COUNTER).current_ticket_id is None


def test_a_started_ticket_keeps_its_start(ctx: ServerContext) -> None:
    issued = _issue(ctx)
    calling.call_next(ctx, COUNTER, OFFICER)
    started = ticket_actions.act(ctx, issued.id, TicketAction.START, OFFICER)
    assert started.status == "serving"

    ticket_actions.act(ctx, issued.id, TicketAction.FINISH, OFFICER)

    (visit,) = _visits(ctx, issued.id)
    assert visit.started_at is not None
    assert visit.called_at is not None
    assert visit.started_at >= visit.called_at


def test_finishing_the_first_stage_opens_the_next_and_frees_the_counter(
    ctx: ServerContext,
) -> None:
    issued = _issue(ctx, "PC")  # same-day passport: berkas, then foto & wawancara
    counter = next(c.number for c in ctx.office.counters if "PC/berkas" in c.services)
    calling.call_next(ctx, counter, OFFICER)

    advanced = ticket_actions.act(ctx, issued.id, TicketAction.FINISH, OFFICER)

    assert advanced.status == "waiting"
    assert advanced.stage != issued.stage
    assert advanced.counter is None
    assert advanced.called_at is None
    first, second = _visits(ctx, issued.id)
    assert first.outcome == "done"
    assert second.outcome is None
    assert second.stage == advanced.stage
    assert second.called_at is None
    assert _counter(ctx, counter).current_ticket_id is None


def test_a_call_claims_the_ticket_its_visit_and_the_counter_or_nothing(
    ctx: ServerContext,
) -> None:
    """Once another counter has the ticket a call changes nothing: not the ticket, not
    its visit, not the counter that called too late."""
    issued = _issue(ctx)
    calling.set_counter_state(ctx, COUNTER, CounterAction.OPEN, OFFICER)
    calling.set_counter_state(ctx, 8, CounterAction.OPEN, OFFICER)
    late_counter_changed = _counter(ctx, 8).updated_at
    now = ctx.now() + timedelta(seconds=1)
    with ctx.db.write() as session:
        first_counter = ticket_changes.load_counter(session, 7, for_update=True)
        late_counter = ticket_changes.load_counter(session, 8, for_update=True)
        assert first_counter is not None
        assert late_counter is not None
        first = ticket_changes.call_ticket(session, issued.id, first_counter, officer="a", at=now)
        late = ticket_changes.call_ticket(
            session, issued.id, late_counter, officer="b", at=now + timedelta(seconds=1)
        )
    assert first is not None
    assert (first.status, first.counter, first.officer, first.called_at) == ("called", 7, "a", now)
    assert first_counter.current_ticket_id == issued.id
    assert late is None
    assert late_counter.current_ticket_id is None
    with ctx.db.read() as session:
        row = session.get(TicketRow, issued.id)
        assert row is not None
        assert (row.status, row.counter, row.officer) == ("called", 7, "a")
    (visit,) = _visits(ctx, issued.id)
    assert (visit.called_at, visit.counter, visit.officer, visit.outcome) == (now, 7, "a", None)
    assert _counter(ctx, 7).current_ticket_id == issued.id
    assert _counter(ctx, 7).updated_at == now
    assert _counter(ctx, 8).current_ticket_id is None
    assert _counter(ctx, 8).updated_at == late_counter_changed


def test_releasing_a_counter_leaves_it_alone_once_it_holds_another_ticket(
    ctx: ServerContext,
) -> None:
    first, second = _issue(ctx), _issue(ctx)
    calling.call_next(ctx, COUNTER, OFFICER)
    with ctx.db.write() as session:
        counter = ticket_changes.load_counter(session, COUNTER)
        assert counter is not None
        ticket_changes.change_counter(session, counter, current_ticket_id=second.id)
        ticket_changes.release_counter(session, COUNTER, first.id, ctx.now() + timedelta(seconds=1))
    assert _counter(ctx, COUNTER).current_ticket_id == second.id


def test_an_ended_ticket_frees_its_counter_only_while_the_counter_holds_it(
    ctx: ServerContext,
) -> None:
    first, second = _issue(ctx), _issue(ctx)
    calling.call_next(ctx, COUNTER, OFFICER)
    ended_at = ctx.now() + timedelta(seconds=1)
    with ctx.db.write() as session:
        counter = ticket_changes.load_counter(session, COUNTER)
        assert counter is not None
        ticket_changes.change_counter(session, counter, current_ticket_id=second.id)
        row = ticket_changes.load_ticket(session, first.id)
        assert row is not None
        ticket_changes.end_ticket(session, row, outcome="no_show", at=ended_at)
    assert (row.status, row.finished_at) == ("no_show", ended_at)
    assert _counter(ctx, COUNTER).current_ticket_id == second.id
    (visit,) = _visits(ctx, first.id)
    assert (visit.outcome, visit.finished_at, visit.started_at) == ("no_show", ended_at, None)
    with ctx.db.read() as session:
        stored = session.get(TicketRow, first.id)
        assert stored is not None
        assert (stored.status, stored.finished_at) == ("no_show", ended_at)


def test_a_waiting_ticket_cancelled_touches_no_counter(ctx: ServerContext) -> None:
    calling.set_counter_state(ctx, COUNTER, CounterAction.OPEN, OFFICER)
    before = _counter(ctx, COUNTER).updated_at
    issued = _issue(ctx)

    cancelled = ticket_actions.act(ctx, issued.id, TicketAction.CANCEL, OFFICER)

    assert cancelled.status == "cancelled"
    (visit,) = _visits(ctx, issued.id)
    assert (visit.outcome, visit.called_at, visit.started_at) == ("cancelled", None, None)
    assert _counter(ctx, COUNTER).updated_at == before
