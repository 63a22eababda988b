"""The SKM/IKM report against an example computed by hand, on the page, in JSON and in CSV.

Four respondents (element 9 skipped by the third):

    R1: 4 4 4 4 4 4 4 4 4      R3: 3 3 3 3 3 3 3 3 -
    R2: 3 3 3 3 3 3 3 3 3      R4: 2 4 4 4 4 4 4 4 4

NRR: U1 = 12/4 = 3.000; U2..U8 = 14/4 = 3.500; U9 = 11/3 = 3.667.
Sum of NRR = 3 + 7 x 3.5 + 11/3 = 31.1667. Weight 1/9 (the office's "exact" mode):
index = 3.4630, IKM = 86.57 -> B "Baik" (76.61-88.30).
"""

import csv
import io

import httpx
import pytest

from tests.support.live_server import PASSWORD, ThreadServer

ANSWERS: list[list[int | None]] = [
    [4] * 9,
    [3] * 9,
    [3, 3, 3, 3, 3, 3, 3, 3, None],
    [2, 4, 4, 4, 4, 4, 4, 4, 4],
]


def _seed(server: ThreadServer) -> None:
    """Each visitor served at counter 7, then rating it at its feedback screen."""
    kiosk = {"authorization": f"Bearer {server.device_token('kiosk')}"}
    screen = {"authorization": f"Bearer {server.device_token('feedback')}"}
    login = {"username": "petugas", "password": PASSWORD}
    token = httpx.post(f"{server.url}/api/v1/auth/login", json=login).json()["token"]
    officer = {"authorization": f"Bearer {token}"}
    for n, answers in enumerate(ANSWERS):
        ticket = httpx.post(
            f"{server.url}/api/v1/tickets",
            json={"service": "AP", "source": "walk_in", "client_ref": f"skm-ticket-{n:04d}"},
            headers=kiosk,
        ).json()
        called = httpx.post(f"{server.url}/api/v1/counters/7/call-next", headers=officer)
        assert called.json()["id"] == ticket["id"], called.text
        done = httpx.post(f"{server.url}/api/v1/tickets/{ticket['id']}/finish", headers=officer)
        assert done.status_code == 200, done.text
        body = {
            "ticket_id": ticket["id"],
            "answers": {str(i + 1): a for i, a in enumerate(answers) if a is not None},
            "client_ref": f"skm-answer-{n:04d}",
        }
        reply = httpx.post(f"{server.url}/api/v1/feedback", json=body, headers=screen)
        assert reply.status_code == 201, reply.text


def _supervisor(server: ThreadServer) -> httpx.Client:
    login = {"username": "kepala", "password": PASSWORD}
    token = httpx.post(f"{server.url}/api/v1/auth/login", json=login).json()["token"]
    return httpx.Client(base_url=server.url, headers={"authorization": f"Bearer {token}"})


def test_skm_report_matches_the_hand_computed_example(live_server: ThreadServer) -> None:
    _seed(live_server)
    with _supervisor(live_server) as client:
        view = client.get("/api/v1/reports/skm").json()["report"]
        report = view["report"]
        assert report["respondents"] == 4
        counters, officers = view["counters"], view["officers"]
        assert [(who, r["respondents"], r["score"]) for who, r in counters] == [("7", 4, 86.57)]
        assert [(who, r["respondents"]) for who, r in officers] == [("petugas", 4)]
        assert round(report["nrr"][0], 3) == 3.0
        assert round(report["nrr"][1], 3) == 3.5
        assert round(report["nrr"][8], 3) == 3.667
        assert report["index"] == pytest.approx(3.46296, abs=1e-5)
        assert report["score"] == 86.57
        assert (report["grade"], report["label_id"], report["weight_mode"]) == (
            "B",
            "Baik",
            "exact",
        )

        page = client.get("/reports/skm").text
        assert 'data-kpi="score">86,57<' in page
        assert 'data-kpi="grade">B<' in page
        assert 'data-kpi="label">Baik<' in page
        assert "1/9 per unsur (tepat)" in page

        text = client.get("/api/v1/reports/skm?table=skm_elements", headers={"accept": "text/csv"})
        rows = list(csv.reader(io.StringIO(text.text.lstrip("\ufeff"))))
        assert rows[1] == ["1", "Persyaratan", "4", "3.000", "0.333"]
        assert rows[9][2:4] == ["3", "3.667"]
        assert '<td class="nrr">3,667</td>' in page


def test_skm_per_counter_and_officer_is_each_ones_own_skm() -> None:
    from queue_server.domain.skm import SkmTally, WeightMode, compute_skm
    from queue_server.services.reports import _skm_by

    answered = [{e: a for e, a in enumerate(r, start=1) if a is not None} for r in ANSWERS]

    per = _skm_by(
        {
            "8": SkmTally.of(answered[:1]),
            "7": SkmTally.of(answered[1:3]),
            "": SkmTally.of(answered[3:]),
        },
        WeightMode.EXACT,
    )
    assert [key for key, _ in per] == ["7", "8", ""]  # by number, the unrecorded last
    assert per[0][1] == compute_skm(answered[1:3], WeightMode.EXACT)
    assert [r.respondents for _, r in per] == [2, 1, 1]
