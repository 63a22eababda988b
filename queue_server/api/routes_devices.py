"""Enrolment and tokens of kiosks, boards and feedback screens, and the office CA they pin.

``GET /ca.pem`` is public on purpose: a certificate is no secret, and a device
checks it against the fingerprint in its enrolment code before trusting it. The
office's IT installs the same file in the officers' browsers.
"""

from fastapi import APIRouter, Request, Response

from queue_protocol import DeviceInfo, DeviceToken, EnrolReply, EnrolRequest
from queue_server.api.deps import Ctx, Device
from queue_server.services import devices

router = APIRouter()
PEM_TYPE = "application/x-pem-file"


@router.get("/ca.pem", response_class=Response, responses={200: {"content": {PEM_TYPE: {}}}})
async def office_ca(request: Request) -> Response:
    """The office CA that enrolled devices pin (404 when the server has no TLS)."""
    ca_pem: bytes | None = request.app.state.ca_pem
    if ca_pem is None:
        return Response(
            b'{"error": "not_found", "message": "Server ini tidak memakai TLS.", '
            b'"message_en": "This server does not use TLS."}',
            status_code=404,
            media_type="application/json",
        )
    return Response(ca_pem, media_type=PEM_TYPE)


@router.post("/api/v1/devices/enrol")
def enrol(ctx: Ctx, body: EnrolRequest, request: Request) -> EnrolReply:
    """Spend a one-time enrolment secret for the device's first token."""
    address = request.client.host if request.client else ""
    return devices.enrol(ctx, body.secret, body.kind, address=address)


@router.get("/api/v1/devices/me")
def me(ctx: Ctx, actor: Device) -> DeviceInfo:
    """The calling device, and when its token ends (it swaps the token before then)."""
    return devices.device_info(ctx, actor)


@router.post("/api/v1/devices/token")
def swap_token(ctx: Ctx, actor: Device) -> DeviceToken:
    """A new token for the calling device; the present one stays valid a few minutes."""
    return devices.swap_token(ctx, actor)
