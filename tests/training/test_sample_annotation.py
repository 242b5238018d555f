"""The annotation sample: splits by period, stratified draw, batch and agreement files."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest

from resolute.model.records import OPERATIVE, PREAMBULAR, Document, Paragraph
from resolute.training import sample_annotation as sa
from resolute.training.annotations import text_hash
from resolute.training.corpus import DocInfo, split_of


def test_shares_add_up_by_largest_remainder() -> None:
    assert sa._shares(10, {"a": 1, "b": 1, "c": 1}) == {"a": 4, "b": 3, "c": 3}
    assert sum(sa._shares(330, {"GA": 0.45, "SC": 0.37, "HRC": 0.18}).values()) == 330


def _document(symbol: str, body: str, texts: list[str]) -> tuple[Document, DocInfo]:
    paragraphs = [Paragraph("Recalling its earlier resolutions on coastal States,", PREAMBULAR)]
    paragraphs += [Paragraph(t, OPERATIVE, str(n)) for n, t in enumerate(texts, 1)]
    document = Document(source=symbol, paragraphs=paragraphs, symbol=symbol, body=body)
    info = DocInfo(symbol, symbol, body, "90", 2035, None, "train", True, "0")
    return document, info


def test_candidates_keep_readable_operative_paragraphs_with_their_chapeau() -> None:
    document = _document(
        "A/RES/90/4",
        "GA",
        [
            "Requests the Secretary-General to report on coastal resilience at its ninety-first session;",
            "Too short;",
            "Adopts the following declaration:",
            "We reaffirm our resolve to protect coastal communities from rising seas and storms;",
        ],
    )
    found = {c.index: c for c in sa.candidates([document])}
    assert found[1].symbol == "A/RES/90/4" and found[1].period == "90"
    assert set(found) == {1, 3, 4}  # preamble (0) and the short paragraph (2) are left out
    assert found[1].family == "request" and found[1].chapeau is None and found[1].split == "train"
    assert found[4].family == "other" and found[4].chapeau == "Adopts the following declaration:"


def _pool() -> list[sa.Candidate]:
    pool = []
    for body, periods in {"GA": ["77", "78", "79"], "SC": ["2022", "2023", "2024"], "HRC": ["56", "57", "58"]}.items():
        for period in periods:
            for doc in range(10):
                for index in range(8):
                    family = "decide" if index % 4 == 0 else "request"
                    pool.append(
                        sa.Candidate(
                            symbol=f"{body}/{period}/{doc}",
                            index=index,
                            body=body,
                            period=period,
                            split=split_of(body, period),
                            family=family,
                            hint="sanctions" if index == 7 else None,
                            text=f"Invented paragraph {body} {period} {doc} {index};",
                        )
                    )
    return pool


def test_draw_sample_meets_quotas_caps_documents_and_is_reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sa, "POOL_SIZES", {"train": 60, "validation": 40, "test": 40})
    sample = sa.draw_sample(_pool(), seed=7)
    assert Counter(c.split for c in sample) == {"train": 60, "validation": 40, "test": 40}
    assert Counter(c.body for c in sample if c.split == "test") == {"GA": 18, "SC": 15, "HRC": 7}
    assert len({c.id for c in sample}) == len(sample)
    assert max(Counter(c.symbol for c in sample).values()) <= sa.PER_DOCUMENT
    assert [c.id for c in sa.draw_sample(_pool(), seed=7)] == [c.id for c in sample]
    assert [c.id for c in sa.draw_sample(_pool(), seed=8)] != [c.id for c in sample]


def test_write_batches_spreads_the_sample_and_draws_agreement_items(tmp_path: Path) -> None:
    sample = _pool()[:60]
    manifest = sa.write_batches(sample, tmp_path, seed=3)
    items = [
        json.loads(line)
        for n in range(1, sa.BATCHES + 1)
        for line in (tmp_path / f"batch_{n}.jsonl").read_text().splitlines()
    ]
    assert sorted(manifest["batches"].values()) == [10] * 6
    assert sorted(i["id"] for i in items) == sorted(c.id for c in sample)
    assert all(i["hash"] == text_hash(i["text"]) for i in items)
    agreement = [json.loads(line) for line in (tmp_path / "agreement.jsonl").read_text().splitlines()]
    assert len(agreement) == len(manifest["agreement_ids"]) == min(sa.AGREEMENT_SIZE, 60)
    assert set(agreement[0]) == {"id", "text"}


_AKN = """<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement name="resolution">
<meta><identification><FRBRWork><FRBRthis value="/akn/un/statement/deliberation/{organ}/2031-05-02/{ident}/!main/"/>
</FRBRWork></identification></meta>
<preamble><formula name="enactingFormula"><p>The Council,</p></formula>
<container name="Recalling"><p><span class="italic">Recalling</span> its earlier resolutions,</p></container></preamble>
<mainBody><paragraph><num>1.</num><content><p><span class="italic">Decides</span> {text};</p></content></paragraph>
</mainBody></statement></akomaNtoso>"""


def test_read_resolutions_keeps_adopted_resolutions_once_with_their_parts(tmp_path: Path) -> None:
    def put(relative: str, organ: str, ident: str, text: str) -> None:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(gzip.compress(_AKN.format(organ=organ, ident=ident, text=text).encode()))

    put("UNxml__SCresolutions/2031/English/S_RES_3100.xml.gz", "unsc", "3100-2031", "to remain seized")
    put("UNxml__SCresolutions/Not adopted/English/S_2031_77.xml.gz", "unsc", "2031-77", "to act")
    put("UNxml__GAresolutions/90session/English/90_5_E.xml.gz", "unga", "90-5", "to hold a meeting")
    put("UNxml__GAresolutions/90session/English/90_5B_E.xml.gz", "unga", "90-5", "to adopt a budget")
    put("UNxml__GAresolutions/90session/English/90_6_E.xml.gz", "unga", "90-6", "to hold a meeting")
    put("UNxml__GAresolutions/90session/English/A_RES_90_6-E.xml.gz", "unga", "90-6", "to hold a meeting")
    found = {info.symbol: (document, info) for document, info in sa.read_resolutions(tmp_path)}
    assert set(found) == {"S/RES/3100 (2031)", "A/RES/90/5", "A/RES/90/5 B", "A/RES/90/6"}
    assert "S/2031/77" not in found  # not adopted
    assert found["S/RES/3100 (2031)"][1].split == "test"
