"""A concurrent write that collided runs again; one that keeps colliding says "try again"."""

import logging
from collections.abc import Callable

import pytest

from queue_server.domain.errors import DomainError
from queue_server.services.transaction import CONFLICT_ATTEMPTS, rerun_on_conflict
from queue_server.storage import WriteConflictError


def _colliding(times: int) -> tuple[list[int], Callable[[int], int]]:
    calls: list[int] = []

    @rerun_on_conflict
    def use_case(value: int) -> int:
        calls.append(value)
        if len(calls) <= times:
            raise WriteConflictError("deadlock detected")
        return value * 2

    return calls, use_case


def test_a_collision_runs_the_use_case_again(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="queue_server.services.transaction")
    calls, use_case = _colliding(times=2)

    assert use_case(21) == 42
    assert calls == [21, 21, 21]
    assert len([r for r in caplog.records if "collided" in r.getMessage()]) == 2


def test_collisions_without_end_ask_the_caller_to_try_again() -> None:
    calls, use_case = _colliding(times=CONFLICT_ATTEMPTS)

    with pytest.raises(DomainError) as refused:
        use_case(1)
    assert refused.value.code == "busy"
    assert refused.value.http_status == 409
    assert len(calls) == CONFLICT_ATTEMPTS


def test_other_errors_are_not_run_again() -> None:
    calls: list[int] = []

    @rerun_on_conflict
    def use_case() -> None:
        calls.append(1)
        raise DomainError(message_en="Quota full.", message_id="Kuota penuh.")

    with pytest.raises(DomainError):
        use_case()
    assert calls == [1]
