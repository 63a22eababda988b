"""What kiosks call: services, tickets, leases for offline use, printer faults."""

from fastapi import APIRouter, Response, status

from queue_protocol import (
    DeviceFaultReport,
    FeedbackReply,
    FeedbackRequest,
    HandInReply,
    HandInRequest,
    IssueTicketRequest,
    Lease,
    LeaseRequest,
    ServiceInfo,
    Ticket,
)
from queue_server.api.deps import Ctx, FeedbackDevice, Issuer, TicketReader, Viewer
from queue_server.api.params import TicketId
from queue_server.api.replies import model_reply
from queue_server.api.running import read_use_case, use_case
from queue_server.services import feedback, leases, queue_state, tickets

router = APIRouter(prefix="/api/v1")


@router.get("/services")
def list_services(ctx: Ctx, _actor: Viewer) -> list[ServiceInfo]:
    return queue_state.services_info(ctx)


@router.post(
    "/tickets",
    status_code=status.HTTP_201_CREATED,
    response_model=Ticket,
    response_model_by_alias=True,
    responses={200: {"description": "the ticket issued earlier for this client_ref or booking"}},
)
async def issue_ticket(ctx: Ctx, request: IssueTicketRequest, actor: Issuer) -> Response:
    ticket, created = await use_case(ctx, tickets.issue_ticket, ctx, request, actor)
    return model_reply(ticket, status.HTTP_201_CREATED if created else status.HTTP_200_OK)


@router.get("/tickets/{ticket_id}", response_model=Ticket, response_model_by_alias=True)
async def get_ticket(ctx: Ctx, ticket_id: TicketId, actor: TicketReader) -> Response:
    """A ticket by id: for staff any, for a kiosk only one it issued (ids are sequential:
    no device reads other visitors' tickets by counting)."""
    return model_reply(await read_use_case(ctx, tickets.ticket_for, ctx, ticket_id, actor))


@router.post("/leases", status_code=status.HTTP_201_CREATED)
def lease_numbers(ctx: Ctx, request: LeaseRequest, actor: Issuer) -> Lease:
    return leases.grant_lease(ctx, request, actor)


@router.post("/leases/hand-in", response_model_by_alias=True)
def hand_in(ctx: Ctx, request: HandInRequest, actor: Issuer) -> HandInReply:
    return leases.hand_in(ctx, request, actor)


@router.post("/devices/faults", status_code=status.HTTP_204_NO_CONTENT)
def report_fault(ctx: Ctx, report: DeviceFaultReport, actor: Issuer) -> None:
    feedback.report_fault(ctx, report, actor)


@router.post("/feedback", status_code=status.HTTP_201_CREATED)
def post_feedback(ctx: Ctx, request: FeedbackRequest, actor: FeedbackDevice) -> FeedbackReply:
    return feedback.record_feedback(ctx, request, actor)
