"""The office's figures for monitoring, read at each scrape: queues and their longest waits,
counters, today's totals, devices (last contact, silence, open faults) and the reports
still waiting for headquarters. Plain data; ``api/metrics`` writes it in Prometheus' format."""

from dataclasses import dataclass
from datetime import datetime

from queue_protocol.upstream import LiveState
from queue_server.services import admin, faults, upstream_status
from queue_server.services.context import ServerContext
from queue_server.services.upstream_live import live_state


@dataclass(frozen=True)
class DeviceFigures:
    name: str
    kind: str
    last_contact: datetime | None
    streaming: bool
    silent: bool


@dataclass(frozen=True)
class OfficeFigures:
    office: str
    live: LiveState
    devices: list[DeviceFigures]
    faults_open: dict[str, int]  # device name -> unresolved faults
    upstream: upstream_status.UpstreamStatus


def office_figures(ctx: ServerContext) -> OfficeFigures:
    open_faults: dict[str, int] = {}
    for fault in faults.open_faults(ctx):
        open_faults[fault.device_name] = open_faults.get(fault.device_name, 0) + 1
    devices = [
        DeviceFigures(view.name, view.kind, view.last_seen_at, view.streaming, view.silent)
        for view in admin.devices(ctx)
        if view.state == "active"
    ]
    return OfficeFigures(
        office=ctx.office.office.id,
        live=live_state(ctx),
        devices=devices,
        faults_open=open_faults,
        upstream=upstream_status.status(ctx),
    )
