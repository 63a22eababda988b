"""What officers call: counters, call-next, actions on tickets (requeue a no-show too);
and the shared queue view."""

from fastapi import APIRouter, Response, status

from queue_protocol import (
    CounterAction,
    LocalizedText,
    PauseRequest,
    QueueSnapshot,
    Ticket,
    TicketAction,
    TransferRequest,
)
from queue_protocol.events import device_snapshot_json
from queue_server.api.deps import Announcer, Ctx, Officer, Snapshots, Viewer
from queue_server.api.params import CounterPath, RowIdPath, TicketId
from queue_server.api.replies import model_reply
from queue_server.api.running import read_use_case, use_case
from queue_server.services import calling, feedback, ticket_actions
from queue_server.services.context import ActorKind

router = APIRouter(prefix="/api/v1")


@router.get("/queue", response_model=QueueSnapshot)
async def get_queue(ctx: Ctx, snapshots: Snapshots, actor: Viewer) -> Response:
    snapshot = snapshots.reusable(actor)  # most readers: no build, no worker thread
    if snapshot is None:
        snapshot = await read_use_case(ctx, snapshots.current, actor)
    if actor.kind == ActorKind.DEVICE:  # no status links or booking references
        return Response(device_snapshot_json(snapshot), media_type="application/json")
    return model_reply(snapshot)


@router.post(
    "/counters/{counter}/call-next",
    response_model=Ticket,
    response_model_by_alias=True,
    responses={204: {"description": "nobody is waiting for this counter"}},
)
async def call_next(ctx: Ctx, counter: CounterPath, actor: Officer) -> Response:
    ticket = await use_case(ctx, calling.call_next, ctx, counter, actor)
    if ticket is None:
        return Response(status_code=status.HTTP_204_NO_CONTENT)
    return model_reply(ticket)


@router.post("/counters/{counter}/{action}", status_code=status.HTTP_204_NO_CONTENT)
async def counter_action(
    ctx: Ctx,
    counter: CounterPath,
    action: CounterAction,
    actor: Officer,
    pause: PauseRequest | None = None,
) -> None:
    """Open, pause or close; a pause may say why (``{"reason": "prayer"}``)."""
    reason = pause.reason if pause else None
    await use_case(ctx, calling.set_counter_state, ctx, counter, action, actor, reason)


@router.post("/tickets/{ticket_id}/{action}", response_model=Ticket, response_model_by_alias=True)
async def ticket_action(
    ctx: Ctx,
    ticket_id: TicketId,
    action: TicketAction,
    actor: Officer,
    transfer: TransferRequest | None = None,
) -> Response:
    return model_reply(
        await use_case(ctx, ticket_actions.act, ctx, ticket_id, action, actor, transfer)
    )


@router.post("/announcements", status_code=status.HTTP_201_CREATED)
def announce(ctx: Ctx, text: LocalizedText, actor: Announcer) -> dict[str, int]:
    return {"id": feedback.announce(ctx, text, actor)}


@router.delete("/announcements/{announcement_id}", status_code=status.HTTP_204_NO_CONTENT)
def withdraw(ctx: Ctx, announcement_id: RowIdPath, actor: Announcer) -> None:
    feedback.withdraw_announcement(ctx, announcement_id, actor)
