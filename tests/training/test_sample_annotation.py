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


def test_focus_keeps_its_family_and_mention_only() -> None:
    def candidate(family: str, text: str, index: int = 1) -> sa.Candidate:
        return sa.Candidate("A/RES/90/7", index, "GA", "90", "train", family, None, text)

    endorse, welcome = sa.Focus.parse("endorse"), sa.Focus.parse("welcome:adopt|endors")
    assert endorse.matches(candidate("endorse", "Endorses the Arcadia Programme of Action;"))
    assert welcome.matches(candidate("welcome", "Welcomes the ADOPTION of the Arcadia Declaration;"))
    assert not welcome.matches(candidate("welcome", "Welcomes the efforts of the Government of Arcadia;"))
    assert not endorse.matches(candidate("request", "Requests the Secretary-General to endorse nothing;"))
    with pytest.raises(ValueError, match="unknown family"):
        sa.Focus.parse("adoptions")
    pool = [candidate("endorse", "Endorses the plan;", i) for i in range(3)]
    assert [c.index for c in sa.focused(pool, [endorse], exclude={"A/RES/90/7#1"})] == [0, 2]


def test_topup_sizes_give_test_its_quota_and_share_the_rest() -> None:
    assert sa.topup_sizes(140, 40) == {"train": 80, "validation": 20, "test": 40}
    assert sum(sa.topup_sizes(140).values()) == 140
    with pytest.raises(ValueError):
        sa.topup_sizes(10, 11)


def test_capped_shares_pass_what_a_short_key_cannot_take_to_the_others() -> None:
    assert sa._capped_shares(10, {"a": 5, "b": 3, "c": 2}, {"a": 10, "b": 1, "c": 0}) == {"a": 9, "b": 1, "c": 0}
    assert sa._capped_shares(10, {"a": 1, "b": 1}, {"a": 2, "b": 3}) == {"a": 2, "b": 3}


def test_draw_topup_fills_split_quotas_from_short_bodies_and_spreads_documents() -> None:
    pool = [c for c in _pool() if c.index % 4 == 0 and c.body != "HRC"]  # no HRC: its share goes to GA and SC
    sizes = {"train": 30, "validation": 10, "test": 12}
    sample = sa.draw_topup(pool, sizes, seed=5)
    assert Counter(c.split for c in sample) == sizes
    assert {c.body for c in sample} == {"GA", "SC"}
    assert max(Counter(c.symbol for c in sample).values()) <= sa.TOPUP_PER_DOCUMENT
    assert len({c.id for c in sample}) == len(sample)
    assert [c.id for c in sa.draw_topup(pool, sizes, seed=5)] == [c.id for c in sample]


_AKN_GA = """<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement name="resolution">
<meta><identification><FRBRWork><FRBRthis value="/akn/un/statement/deliberation/unga/{date}/{ident}/!main/"/>
</FRBRWork></identification></meta>
<preamble><formula name="enactingFormula"><p>The General Assembly,</p></formula>
<container name="Recalling"><p><span class="italic">Recalling</span> its earlier resolutions,</p></container></preamble>
<mainBody>{paragraphs}</mainBody></statement></akomaNtoso>"""
_OPERATIVE = [
    "Endorses the Arcadia Programme of Action on Coastal Resilience, annexed to the present resolution;",
    "Welcomes the adoption of the Ruritania Declaration on Seafarers by the Fourth Conference;",
    "Welcomes the efforts of the Government of Arcadia to protect coastal communities;",
    "Requests the Secretary-General to report on coastal resilience at its next session;",
]


def test_main_topup_writes_one_batch_without_excluded_items(tmp_path: Path) -> None:
    for session, date in (("77", "2022-12-05"), ("78", "2023-12-05"), ("79", "2024-12-05")):
        for number in (1, 2):
            paragraphs = "".join(
                f'<paragraph><num>{n}.</num><content><p><span class="italic">{t.split()[0]}</span> '
                f"{t.split(' ', 1)[1]}</p></content></paragraph>"
                for n, t in enumerate(_OPERATIVE, 1)
            )
            path = tmp_path / f"raw/UNxml__GAresolutions/{session}session/English/{session}_{number}_E.xml.gz"
            path.parent.mkdir(parents=True, exist_ok=True)
            akn = _AKN_GA.format(date=date, ident=f"{session}-{number}", paragraphs=paragraphs)
            path.write_bytes(gzip.compress(akn.encode()))
    old = tmp_path / "batch_1.jsonl"
    old.write_text(json.dumps({"id": "A/RES/77/1#2"}) + "\n")
    out = tmp_path / "notes" / "batch_7.jsonl"
    argv = ["--raw", str(tmp_path / "raw"), "--out", str(out), "--exclude", str(old), "--size", "6"]
    argv += ["--test-size", "2", "--topup-families", "endorse", "welcome:adopt"]
    assert sa.main(argv) == 0
    items = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(i["id"] for i in items if i["split"] == "train") == ["A/RES/77/1#1", "A/RES/77/2#1", "A/RES/77/2#2"]
    assert Counter(i["split"] for i in items) == {"train": 3, "validation": 1, "test": 2}
    assert all(i["index"] in (1, 2) and "efforts" not in i["text"] for i in items)
    assert all(set(i) == {"id", "symbol", "index", "hash", "body", "split", "text"} for i in items)
    assert all(i["hash"] == text_hash(i["text"]) for i in items)
    manifest = json.loads((out.parent / "batch_7.manifest.json").read_text())
    assert manifest["topup_families"] == ["endorse", "welcome:adopt"] and manifest["sample"]["paragraphs"] == 6
