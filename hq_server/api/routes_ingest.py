"""``/api/v1/hq/enrol|hello|batches|live``: what offices send (``queue_protocol.upstream``)."""

from anyio import to_thread
from fastapi import APIRouter

from hq_server.api.deps import Ctx, Signed
from hq_server.services import enrolment, ingest
from queue_protocol.upstream import Ack, Cursor, UpstreamEnrolReply, UpstreamEnrolRequest

router = APIRouter(prefix="/api/v1/hq")


@router.post("/enrol")
def enrol(ctx: Ctx, body: UpstreamEnrolRequest) -> UpstreamEnrolReply:
    return enrolment.enrol(ctx, body)


@router.post("/hello")
async def hello(ctx: Ctx, signed: Signed) -> Cursor:
    return await to_thread.run_sync(ingest.hello, ctx, signed.office, signed.body, signed.signature)


@router.post("/batches")
async def batches(ctx: Ctx, signed: Signed) -> Ack:
    return await to_thread.run_sync(ingest.batch, ctx, signed.office, signed.body, signed.signature)


@router.post("/live")
async def live(ctx: Ctx, signed: Signed) -> Ack:
    return await to_thread.run_sync(ingest.live, ctx, signed.office, signed.body, signed.signature)
