"""The page of ``resolute serve``: review, fixes, downloads and suggestions (test client), and a real browser."""

from __future__ import annotations

import base64
import html
import io
import json
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import docx
import pytest
from fastapi.testclient import TestClient

from resolute.model.check import check_document
from resolute.model.classify import load_classifier
from resolute.model.readers import read_bytes
from resolute.web import create_app
from tests.cli.test_check_cli import BROKEN
from tests.model.test_check import DRAFT

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def client(tiny_model: Path) -> TestClient:
    return TestClient(create_app(tiny_model))


def hidden_draft(page: str) -> tuple[bytes, str]:
    """The draft and its name that the page's forms carry."""
    draft = re.search(r'name="draft" value="([^"]*)"', page).group(1)
    name = re.search(r'name="name" value="([^"]*)"', page).group(1)
    return base64.b64decode(draft), html.unescape(name)


def review(client: TestClient, **fields: str):
    return client.post("/review", data=fields, files={"file": ("", b"")})


def broken_docx(make_docx) -> bytes:
    draft = make_docx()
    draft.add("The General Assembly,")
    draft.add("*Recalls* its resolution 12/34 on coastal fisheries,")
    draft.add("*Deeply concerned* about the spread of locust swarms in the region,")
    draft.add("1.\t*Asks* the Secretary General to submit a report on rural libraries;")
    draft.add("2.\t*Decides* to remain seized of the matter;")
    return draft.to_bytes()


def test_the_form_is_labelled(client: TestClient) -> None:
    answer = client.get("/")
    assert "default-src 'self'" in answer.headers["content-security-policy"]
    page = answer.text
    assert '<label for="text">' in page and '<label for="file">' in page
    assert 'accept=".docx,.txt,.xml"' in page and 'id="check"' in page


def test_a_pasted_draft_shows_clauses_findings_and_fixes(client: TestClient) -> None:
    answer = review(client, text=BROKEN)
    assert answer.status_code == 200
    page = answer.text
    assert page.count('class="row preambular"') == 3 and page.count('class="row operative"') == 4
    assert '<span class="family">request</span>' in page
    for code in ("P002", "L002", "R002"):
        assert f'data-code="{code}"' in page
    assert "write &#39;Requests&#39;" in page
    assert 'id="apply-all"' in page and page.count(">Apply</button>") == 3
    assert hidden_draft(page) == (BROKEN.encode("utf-8"), "draft.txt")


def test_apply_all_then_download_gives_a_draft_that_passes(client: TestClient, tiny_model: Path) -> None:
    data, name = hidden_draft(review(client, text=BROKEN).text)
    fixed = review(client, draft=base64.b64encode(data).decode(), name=name, apply="all")
    assert fixed.status_code == 200
    assert "Applied 3 fixes." in fixed.text and "data-code=" not in fixed.text
    draft, fixed_name = hidden_draft(fixed.text)
    assert fixed_name == "draft-fixed.txt"
    download = client.post(
        "/download", data={"draft": base64.b64encode(draft).decode(), "name": fixed_name, "what": "draft"}
    )
    assert download.status_code == 200
    assert download.headers["content-disposition"] == 'attachment; filename="draft-fixed.txt"'
    assert download.content.decode("utf-8") == DRAFT


def test_apply_one_finding(client: TestClient) -> None:
    page = review(client, text=BROKEN).text
    data, name = hidden_draft(page)
    number = re.search(r'data-code="L002".*?name="apply" value="(\d+)"', page, re.S).group(1)
    fixed = review(client, draft=base64.b64encode(data).decode(), name=name, apply=number)
    assert "Applied 1 fix." in fixed.text
    assert 'data-code="L002"' not in fixed.text and 'data-code="P002"' in fixed.text
    assert "2. Requests the Secretary-General" in hidden_draft(fixed.text)[0].decode()


def test_a_word_draft_is_fixed_in_word(client: TestClient, tiny_model: Path, make_docx) -> None:
    answer = client.post("/review", files={"file": ("motion.docx", broken_docx(make_docx))})
    assert answer.status_code == 200 and 'data-code="L001"' in answer.text
    data, name = hidden_draft(answer.text)
    fixed = review(client, draft=base64.b64encode(data).decode(), name=name, apply="all")
    draft, fixed_name = hidden_draft(fixed.text)
    assert fixed_name == "motion-fixed.docx"
    download = client.post(
        "/download", data={"draft": base64.b64encode(draft).decode(), "name": fixed_name, "what": "draft"}
    )
    assert download.headers["content-type"].startswith("application/vnd.openxmlformats")
    paragraphs = docx.Document(io.BytesIO(download.content)).paragraphs
    assert paragraphs[1].runs[0].italic and paragraphs[1].runs[0].text == "Recalling"
    report = check_document(read_bytes(download.content, fixed_name), load_classifier(tiny_model))
    assert report.errors == 0


def test_an_akn_draft_is_reviewed_without_fixes(client: TestClient) -> None:
    akn = (
        '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement name="resolution">'
        "<preamble><formula><p>The General Assembly,</p></formula><container name='pp'>"
        "<p><i>Recalling</i> its resolution 12/34 on coastal fisheries,</p></container></preamble>"
        "<mainBody><paragraph eId='para_1'><num>1.</num><content><p><i>Asks</i> the Secretary-General "
        "to submit a report on rural libraries.</p></content></paragraph></mainBody></statement></akomaNtoso>"
    )
    page = client.post("/review", files={"file": ("draft.xml", akn.encode())}).text
    assert 'data-code="L002"' in page and 'class="row operative"' in page
    assert 'id="apply-all"' not in page and 'id="download-draft"' not in page and 'id="download-csv"' in page


def test_tags_download_as_jsonl_and_csv(client: TestClient) -> None:
    form = {"draft": base64.b64encode(DRAFT.encode()).decode(), "name": "draft.txt"}
    jsonl = client.post("/download", data={**form, "what": "jsonl"})
    assert jsonl.headers["content-disposition"] == 'attachment; filename="draft-tags.jsonl"'
    records = [json.loads(line) for line in jsonl.text.splitlines()]
    assert len(records) == 7 and "request" in {r["family"] for r in records}
    csv = client.post("/download", data={**form, "what": "csv"})
    lines = csv.text.splitlines()
    assert lines[0].startswith("document,source,index,section") and len(lines) == 8
    assert client.post("/download", data={**form, "what": "exe"}).status_code == 422


def test_selecting_a_clause_gives_suggestions(client: TestClient) -> None:
    fragment = client.post(
        "/suggestions", data={"clause": "Asks the Secretary-General to report;", "section": "operative", "lead": "Asks"}
    )
    assert fragment.status_code == 200
    assert "<strong>request</strong>" in fragment.text and "<li>Requests</li>" in fragment.text
    for heading in ("Standard leads", "Precedents", "Formulas"):
        assert f"<h3>{heading}</h3>" in fragment.text


def test_bad_input_is_explained_on_the_page(client: TestClient) -> None:
    unreadable = client.post("/review", files={"file": ("draft.docx", b"PK\x03\x04 not a zip")})
    assert unreadable.status_code == 400 and 'role="alert"' in unreadable.text and "draft.docx:" in unreadable.text
    assert review(client, text="  ").status_code == 422
    script = review(client, text=DRAFT.replace("rural libraries;", "<script>alert(1)</script>;"))
    assert "<script>alert(1)</script>" not in script.text and "&lt;script&gt;" in script.text


# ---------------------------------------------------------------------------- a real browser


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tiny_model: Path):
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(create_app(tiny_model), host="127.0.0.1", port=port, log_level="warning")
    web = uvicorn.Server(config)
    thread = threading.Thread(target=web.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not web.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    web.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def browser(tmp_path: Path):
    if not (Path(CHROMIUM).exists() and shutil.which(CHROMEDRIVER)):
        pytest.skip("needs Debian's chromium and chromium-driver")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--window-size=1366,900",
    ):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


def _wait_for(condition, seconds: float = 20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_in_a_browser_upload_fix_and_download(
    server: str, browser, tmp_path: Path, tiny_model: Path, make_docx
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    upload = tmp_path / "motion.docx"
    upload.write_bytes(broken_docx(make_docx))
    browser.get(server + "/")
    browser.find_element(By.ID, "file").send_keys(str(upload))
    browser.find_element(By.ID, "check").click()
    _wait_for(lambda: browser.find_elements(By.ID, "counts"))
    codes = {e.get_attribute("data-code") for e in browser.find_elements(By.CSS_SELECTOR, "li.finding")}
    assert {"L001", "L002", "R002", "P003"} <= codes
    assert "motion.docx" in browser.find_element(By.ID, "title").text

    clause = browser.find_elements(By.CSS_SELECTOR, "button.clause")[
        2
    ]  # "Asks ...": the keyboard opens the suggestions
    clause.send_keys(Keys.ENTER)
    panel = _wait_for(lambda: browser.find_elements(By.ID, "suggestions-title"))[0]
    assert browser.switch_to.active_element == panel
    assert "Requests" in browser.find_element(By.ID, "suggestions").text
    browser.save_screenshot(str(tmp_path / "review.png"))

    browser.find_element(By.ID, "apply-all").click()
    notice = _wait_for(lambda: browser.find_elements(By.ID, "notice"))[0]
    assert notice.text.startswith("Applied")
    assert browser.switch_to.active_element == notice
    assert not {e.get_attribute("data-code") for e in browser.find_elements(By.CSS_SELECTOR, "li.finding.sev-error")}
    browser.find_element(By.ID, "download-draft").click()
    fixed = _wait_for(lambda: list(browser.downloads.glob("*.docx")))[0]
    browser.save_screenshot(str(tmp_path / "fixed.png"))
    assert fixed.name == "motion-fixed.docx"
    report = check_document(read_bytes(fixed.read_bytes(), fixed.name), load_classifier(tiny_model))
    assert report.errors == 0, [f.code for f in report.findings]
    assert (tmp_path / "review.png").stat().st_size > 0
