"""The JSON API of ``resolute serve``: each endpoint with good and bad input (the framework's test client)."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from resolute.model.classify import load_classifier
from resolute.model.readers import read_bytes
from resolute.model.tagging import FIELDS, Tagger, source_hash
from resolute.web import create_app
from resolute.web.inputs import MAX_UPLOAD
from tests.cli.test_check_cli import BROKEN
from tests.model.test_check import DRAFT

FINDING_FIELDS = ["code", "severity", "index", "number", "message", "fix"]
EXPECTED = {("P002", "error", 3, "1"), ("L002", "warning", 4, "2"), ("R002", "warning", 5, "3")}


@pytest.fixture(scope="module")
def client(tiny_model: Path) -> TestClient:
    return TestClient(create_app(tiny_model))


def findings(answer) -> set[tuple]:
    return {(f["code"], f["severity"], f["index"], f["number"]) for f in answer.json()["findings"]}


def test_check_text_follows_the_check_contract(client: TestClient) -> None:
    answer = client.post("/api/check", json={"text": BROKEN})
    assert answer.status_code == 200
    record = answer.json()
    assert list(record) == ["document", "source", "findings"]
    assert all(list(f) == FINDING_FIELDS for f in record["findings"])
    assert findings(answer) == EXPECTED
    assert client.post("/api/check", json={"text": DRAFT, "format": "txt"}).json()["findings"] == []


def test_check_uploads_of_text_and_word(client: TestClient, make_docx) -> None:
    answer = client.post("/api/check", files={"file": ("draft.txt", BROKEN.encode("utf-8"), "text/plain")})
    assert answer.status_code == 200
    assert (answer.json()["document"], answer.json()["source"]) == ("draft.txt", "draft.txt")
    assert findings(answer) == EXPECTED
    draft = make_docx()
    draft.add("The General Assembly,")
    draft.add("*Recalls* its resolution 12/34 on coastal fisheries,")
    draft.add("1.\t*Decides* to remain seized of the matter;")
    answer = client.post("/api/check", files={"file": ("draft.docx", draft.to_bytes())})
    assert answer.status_code == 200
    assert {f["code"] for f in answer.json()["findings"]} >= {"L001", "P003"}


def test_a_client_file_name_is_never_a_path(client: TestClient) -> None:
    answer = client.post("/api/check", files={"file": ("../../etc/secret.txt", BROKEN.encode("utf-8"))})
    assert answer.status_code == 200
    assert answer.json()["source"] == "secret.txt"
    windows = client.post("/api/tag", files={"file": ("C:\\Users\\me\\draft.txt", DRAFT.encode("utf-8"))})
    assert windows.json()["document"] == "draft.txt"


def test_tag_gives_the_records_of_the_tagging_contract(client: TestClient, tiny_model: Path) -> None:
    answer = client.post("/api/tag", json={"text": DRAFT})
    assert answer.status_code == 200
    record = answer.json()
    assert list(record) == ["document", "clauses"]
    assert record["document"] == "<text>"
    assert all(tuple(c) == FIELDS for c in record["clauses"])
    data = DRAFT.encode("utf-8")
    expected = Tagger(load_classifier(tiny_model)).tag_document(read_bytes(data, "<text>", "text"), source_hash(data))
    assert record["clauses"] == [json.loads(json.dumps(c.to_record())) for c in expected]
    assert [c["section"] for c in record["clauses"]] == ["preambular"] * 3 + ["operative"] * 4
    assert record["clauses"][4]["family"] == "request"


def test_tag_reads_akn_text(client: TestClient) -> None:
    akn = (
        '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement name="resolution">'
        "<preamble><formula><p>The General Assembly,</p></formula><container name='pp'>"
        "<p><i>Recalling</i> its resolution 12/34 on coastal fisheries,</p></container></preamble>"
        "<mainBody><paragraph eId='para_1'><num>1.</num><content><p><i>Requests</i> the Secretary-General "
        "to submit a report on rural libraries.</p></content></paragraph></mainBody></statement></akomaNtoso>"
    )
    answer = client.post("/api/tag", json={"text": akn, "format": "xml"})
    assert answer.status_code == 200, answer.text
    clauses = answer.json()["clauses"]
    assert clauses and clauses[-1]["section"] == "operative" and clauses[-1]["lead"] == "Requests"


def test_suggest_one_clause(client: TestClient) -> None:
    answer = client.post("/api/suggest", json={"clause": "Asks the Secretary-General to report on rural libraries"})
    assert answer.status_code == 200
    record = answer.json()
    assert record["family"] == "request" and record["section"] == "operative"
    assert "Requests" in record["standard_leads"]
    for key in ("intents", "precedents", "templates", "scores"):
        assert key in record


def test_suggest_each_clause_of_a_draft(client: TestClient) -> None:
    answer = client.post("/api/suggest", files={"file": ("draft.txt", DRAFT.encode("utf-8"))})
    assert answer.status_code == 200
    record = answer.json()
    assert record["document"] == "draft.txt"
    assert [c["index"] for c in record["clauses"]] == list(range(7))
    assert record["clauses"][4]["number"] == "2" and record["clauses"][4]["family"] == "request"


@pytest.mark.parametrize("endpoint", ["/api/tag", "/api/check", "/api/suggest"])
def test_unreadable_input_is_400_with_one_line(client: TestClient, endpoint: str) -> None:
    cases = [
        {"json": {"text": "   "}},
        {"json": {"text": "<akomaNtoso><unclosed", "format": "xml"}},
        {"files": {"file": ("draft.docx", b"PK\x03\x04 this is not a zip")}},
        {"files": {"file": ("draft.pdf", b"%PDF-1.4")}},
        {"files": {"file": ("draft.txt", b"")}},
    ]
    for case in cases:
        answer = client.post(endpoint, **case)
        assert answer.status_code == 400, (case, answer.text)
        message = answer.json()["error"]
        assert list(answer.json()) == ["error"] and message and "\n" not in message
    assert "draft.pdf: unknown file type" in client.post(endpoint, **cases[3]).json()["error"]


@pytest.mark.parametrize("endpoint", ["/api/tag", "/api/check", "/api/suggest"])
def test_over_10_mb_is_413(client: TestClient, endpoint: str) -> None:
    big = b"a" * (MAX_UPLOAD + 1)
    assert client.post(endpoint, files={"file": ("draft.txt", big)}).status_code == 413
    assert client.post(endpoint, json={"text": big.decode()}).status_code == 413
    declared = client.post(
        endpoint, content=b"{}", headers={"content-type": "application/json", "content-length": str(50 * 2**20)}
    )
    assert declared.status_code == 413

    def chunks():  # no Content-Length: the size read decides
        for _ in range(11):
            yield b"a" * 2**20

    streamed = client.post(endpoint, content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413


@pytest.mark.parametrize("endpoint", ["/api/tag", "/api/check", "/api/suggest"])
def test_malformed_requests_are_422(client: TestClient, endpoint: str) -> None:
    cases = [
        {"content": b"not json", "headers": {"content-type": "application/json"}},
        {"json": ["a list"]},
        {"json": {}},
        {"json": {"text": 42}},
        {"json": {"text": DRAFT, "format": "pdf"}},
        {"json": {"text": DRAFT, "extra": 1}},
        {"content": DRAFT.encode(), "headers": {"content-type": "text/plain"}},
        {"data": {"text": DRAFT}, "files": {"other": ("x.txt", b"x")}},
    ]
    for case in cases:
        answer = client.post(endpoint, **case)
        assert answer.status_code == 422, (case, answer.text)
        assert answer.json()["error"]
    assert client.get(endpoint).status_code == 405


def test_suggest_malformed_clause_is_422(client: TestClient) -> None:
    assert client.post("/api/suggest", json={"clause": ""}).status_code == 422
    assert client.post("/api/suggest", json={"clause": ["x"]}).status_code == 422
    assert client.post("/api/suggest", json={"clause": "Requests", "text": DRAFT}).status_code == 422


def test_uploads_stay_in_memory(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 3 MB upload (past the framework's 1 MB spool) is never rolled over to a temporary file."""

    def refuse(self) -> None:
        raise AssertionError("an upload was written to disk")

    monkeypatch.setattr(tempfile.SpooledTemporaryFile, "rollover", refuse)
    answer = client.post("/api/check", files={"file": ("draft.pdf", io.BytesIO(b"x" * (3 * 2**20)))})
    assert answer.status_code == 400 and "unknown file type" in answer.json()["error"]


def test_the_api_is_documented_offline(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/tag", "/api/check", "/api/suggest"):
        operation = spec["paths"][path]["post"]
        assert set(operation["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
        assert {"200", "400", "413", "422"} <= set(operation["responses"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/docs-assets/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200


def test_small_drafts_run_on_the_event_loop_large_ones_in_a_thread(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import resolute.web.app as web_app

    threaded = []
    real = web_app.run_in_threadpool

    async def counted(work):
        threaded.append(work)
        return await real(work)

    monkeypatch.setattr(web_app, "run_in_threadpool", counted)
    inline = {endpoint: client.post(endpoint, json={"text": BROKEN}) for endpoint in ("/api/check", "/api/tag")}
    assert threaded == [] and findings(inline["/api/check"]) == EXPECTED
    monkeypatch.setattr(web_app, "INLINE_MAX", len(BROKEN.encode("utf-8")) - 1)
    for endpoint, answer in inline.items():
        assert client.post(endpoint, json={"text": BROKEN}).json() == answer.json()
    assert len(threaded) == 2
    assert client.post("/api/suggest", json={"text": BROKEN}).status_code == 200  # long work: always a thread
    assert len(threaded) == 3
