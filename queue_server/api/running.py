"""Where the busiest routes run their use case: on the event loop, or in a worker thread.

On SQLite, issuing a ticket or calling the next one is about a millisecond of this
interpreter's own work. Handing it to a worker thread costs more than that: the hop
there and back, and the interpreter lock passing between the worker and the event
loop at every statement while the write lock is held and every other write waits
(``bench/README.md`` has the figures). So such a use case runs on the loop, unless
another thread of the process is writing at that moment (a page, the retention job,
the snapshot publisher): the loop then does not wait for it, a worker thread does.
On PostgreSQL every statement waits on the network, and a worker thread runs it.

Routes that may take long (logins with their password hash, reports, imports, pages)
stay plain ``def`` routes, in worker threads.
"""

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from starlette.concurrency import run_in_threadpool

from queue_server.services.context import ServerContext

P = ParamSpec("P")
T = TypeVar("T")


async def use_case(
    ctx: ServerContext, call: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
) -> T:
    if ctx.db.in_process:
        return call(*args, **kwargs)
    return await run_in_threadpool(call, *args, **kwargs)
