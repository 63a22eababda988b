"""Moving a server's monotonic clock on, so what it keeps a while (checked tokens, queue
snapshots) expires without the test sleeping."""

from queue_server.services.context import ServerContext


def move_on(ctx: ServerContext, seconds: float) -> None:
    """From now on ``ctx`` reads its monotonic clock ``seconds`` further on than before."""
    before = ctx.monotonic
    ctx.monotonic = lambda: before() + seconds
