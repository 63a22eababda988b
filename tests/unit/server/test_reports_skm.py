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
    kiosk = {"authorization": f"Bearer {server.device_token('kiosk')}"}
    screen = {"authorization": f"Bearer {server.device_token('feedback')}"}
    for n, answers in enumerate(ANSWERS):
        ticket = httpx.post(
            f"{server.url}/api/v1/tickets",
            json={"service": "AP", "source": "walk_in", "client_ref": f"skm-ticket-{n:04d}"},
            headers=kiosk,
        ).json()
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
        report = client.get("/api/v1/reports/skm").json()["report"]["report"]
        assert report["respondents"] == 4
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
