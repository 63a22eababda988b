"""An independent fuzzer over the server's own ``/openapi.json``: schemathesis makes
requests to every operation, valid and invalid ones, as every kind of caller, and no
answer may be a 5xx (a 503 ``database_unavailable`` is no bug, but the database is up
here). On every engine under test.

``ANTREAN_FUZZ_EXAMPLES`` sets the examples per operation and mode (default 5: the
whole run takes a few minutes on a small machine); the examples are derandomised, so
a failure is found again by the same run.
"""

import contextlib
import os
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import Case, GenerationMode
from schemathesis.core.result import Err

from tests.support.live_server import PASSWORD, ThreadServer

EXAMPLES = int(os.environ.get("ANTREAN_FUZZ_EXAMPLES", "5"))
USERS = {"officer": "petugas", "supervisor": "kepala", "admin": "admin"}
CALLERS = [None, "kiosk", "display", "feedback", "officer", "supervisor", "admin"]
# would end the caller's own session half-way; the access tests cover it
SESSION_ENDING = {("POST", "/api/v1/auth/logout")}


def _headers(server: ThreadServer, caller: str | None) -> dict[str, str]:
    if caller is None:
        return {}
    if caller in USERS:
        login = {"username": USERS[caller], "password": PASSWORD}
        reply = httpx.post(f"{server.url}/api/v1/auth/login", json=login)
        assert reply.status_code == 200, reply.text
        return {"authorization": f"Bearer {reply.json()['token']}"}
    return {"authorization": f"Bearer {server.device_token(caller)}"}


def _document(server: ThreadServer) -> dict[str, Any]:
    reply = httpx.get(f"{server.url}/openapi.json", headers=_headers(server, "admin"))
    assert reply.status_code == 200
    document: dict[str, Any] = reply.json()
    return document


def _fuzz(server: ThreadServer, caller: str | None, found: list[str]) -> int:
    """Every operation in both modes; each 5xx goes into ``found``. The requests made."""
    headers = _headers(server, caller)
    schema = schemathesis.openapi.from_dict(_document(server))
    made = 0
    with requests.Session() as session:
        for result in schema.get_all_operations():
            if isinstance(result, Err):
                raise AssertionError(f"the server's OpenAPI document: {result.err()}")
            operation = result.ok()
            if caller is not None and (operation.method.upper(), operation.path) in SESSION_ENDING:
                continue
            for mode in GenerationMode:

                @given(case=operation.as_strategy(generation_mode=mode))
                @settings(
                    max_examples=EXAMPLES,
                    deadline=None,
                    database=None,
                    derandomize=True,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=list(HealthCheck),
                )
                def send(case: Case) -> None:  # type: ignore[type-arg]
                    nonlocal made
                    try:
                        response = case.call(base_url=server.url, session=session, headers=headers)
                    except (requests.exceptions.InvalidHeader, UnicodeEncodeError, ValueError):
                        return  # a request the client library cannot even send
                    made += 1
                    if response.status_code >= 500:
                        found.append(
                            f"{caller} {case.method} {case.path} {case.path_parameters} "
                            f"{case.query} {str(case.body)[:200]!r}: {response.status_code} "
                            f"{response.text[:200]}"
                        )

                with contextlib.suppress(Unsatisfiable):  # nothing to make invalid
                    send()
    return made


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.parametrize("caller", CALLERS)
def test_fuzzer_finds_no_server_error(api_server: ThreadServer, caller: str | None) -> None:
    found: list[str] = []
    made = _fuzz(api_server, caller, found)
    assert made > 0
    assert found == [], "\n".join(found[:20])
