"""Bulk tagging: input expansion, tagged records, failures isolated per file, order whatever the jobs."""

from __future__ import annotations

from pathlib import Path

import pytest

from resolute.model.classify import Prediction
from resolute.model.labels import load_labels
from resolute.model.records import Document, Paragraph
from resolute.model.tagging import (
    FIELDS,
    Input,
    Tagger,
    TaggingRun,
    batch_size,
    find_inputs,
    source_hash,
    split_batches,
)
from tests.tag_inputs import akn, draft, write_akn_folder


@pytest.fixture(scope="module")
def tagger(tiny_model: Path) -> Tagger:
    return Tagger.load(tiny_model)


def _touch(path: Path, data: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------------------- inputs


def test_folders_are_searched_recursively_by_extension_and_sorted(tmp_path: Path) -> None:
    for name in ("b.txt", "a.xml", "sub/c.docx", "sub/a.xml.gz", "notes.json", ".hidden.txt", "~$lock.docx"):
        _touch(tmp_path / "in" / name)
    found = [i.source for i in find_inputs([str(tmp_path / "in")])]
    assert [Path(s).relative_to(tmp_path / "in").as_posix() for s in found] == [
        "a.xml",
        "b.txt",
        "sub/a.xml.gz",
        "sub/c.docx",
    ]


def test_paths_keep_the_order_given_and_each_file_comes_once(tmp_path: Path) -> None:
    z, a = _touch(tmp_path / "z.txt"), _touch(tmp_path / "a.txt")
    found = [i.source for i in find_inputs([str(z), str(a), str(tmp_path), f"{tmp_path}/./z.txt"])]
    assert found == [str(z), str(a)]


def test_globs_expand_sorted_and_a_pattern_that_matches_nothing_is_an_error(tmp_path: Path) -> None:
    for name in ("r2.xml", "r1.xml", "deep/r3.xml"):
        _touch(tmp_path / name)
    found = list(find_inputs([f"{tmp_path}/**/r*.xml", f"{tmp_path}/none-*.xml"]))
    assert [Path(i.source).relative_to(tmp_path).as_posix() for i in found[:3]] == ["deep/r3.xml", "r1.xml", "r2.xml"]
    assert found[3].error == "no file matches this pattern"


def test_an_empty_folder_is_an_error_and_excluded_files_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    out = _touch(tmp_path / "full" / "out.txt")
    kept = _touch(tmp_path / "full" / "in.txt")
    found = list(find_inputs([str(tmp_path / "empty"), str(tmp_path / "full")], exclude=[out]))
    assert found[0].error and "no .xml" in found[0].error
    assert [i.source for i in found[1:]] == [str(kept)]


def test_dash_reads_standard_input() -> None:
    (item,) = find_inputs(["-"], read_stdin=lambda: b"data")
    assert (item.source, item.data) == ("-", b"data")


# ---------------------------------------------------------------------------- tagging


def test_tagged_clauses_follow_the_contract(tagger: Tagger, tmp_path: Path) -> None:
    path = _touch(tmp_path / "r.xml", akn(5))
    (result,) = tagger.tag_batch([Input(str(path))])
    assert result.error is None and result.document == "A/RES/99/5" and result.clauses == 5
    labels = load_labels()
    records = [c.to_record() for c in result.payload]
    assert [r["index"] for r in records] == [0, 1, 2, 3, 4]
    for record in records:
        assert tuple(record) == FIELDS
        assert record["source"] == str(path) and record["source_hash"] == source_hash(path.read_bytes())
        assert record["family"] in labels.families
        assert set(record["intents"]) <= set(labels.intents)
    assert [r["section"] for r in records] == ["preambular"] * 2 + ["operative"] * 3
    assert [r["number"] for r in records] == [None, None, "1", "2", "3"]
    assert records[0]["intents"] == [] and records[2]["intents"]
    assert "footnote" not in records[2]["text"].lower()


def test_the_section_from_markup_wins_over_the_model(tagger: Tagger) -> None:
    document = Document(
        "made-up.xml",
        [Paragraph("Requests the Secretary-General to report on lighthouses;", section="preambular", lead="Requests")],
        structured=True,
    )
    (clause,) = tagger.tag_document(document, "h")
    assert clause.section == "preambular" and clause.number is None and clause.intents == ()
    assert clause.document == "made-up.xml"


def test_a_text_draft_without_symbol_is_named_by_its_file_name(tagger: Tagger, tmp_path: Path) -> None:
    path = _touch(tmp_path / "drafts" / "my draft.txt", draft().encode())
    (result,) = tagger.tag_batch([Input(str(path))])
    assert result.document == "my draft.txt"
    assert [c.family for c in result.payload][:3] == ["recall", "concern", "request"]


def test_bad_files_fail_alone_with_one_line(tagger: Tagger, tmp_path: Path) -> None:
    good = _touch(tmp_path / "good.xml", akn(1))
    broken = _touch(tmp_path / "broken.xml", b"<akomaNtoso><statement")
    inputs = [Input(str(good)), Input(str(broken)), Input(str(tmp_path / "gone.txt")), Input("x*", error="no match")]
    results = tagger.tag_batch(inputs)
    assert results[0].error is None and results[0].clauses == 5
    for result in results[1:]:
        assert result.payload is None and result.clauses == 0
        assert result.error.startswith(result.source + ": ") and "\n" not in result.error


def test_a_file_with_its_known_hash_is_not_tagged_again(tagger: Tagger, tmp_path: Path) -> None:
    path = _touch(tmp_path / "r.xml", akn(2))
    known = source_hash(path.read_bytes())
    same, changed = tagger.tag_batch([Input(str(path), known_hash=known), Input(str(path), known_hash="0" * 32)])
    assert same.reused and same.payload is None and same.source_hash == known
    assert not changed.reused and changed.clauses == 5


class _Flaky:
    """A classifier that fails on any batch holding a clause with BOOM."""

    def predict(self, texts, sections=None):
        if any("BOOM" in t for t in texts):
            raise RuntimeError("boom")
        return [
            Prediction(s or "operative", "other", (), {"section": 1.0, "family": 1.0, "intents": {}}) for s in sections
        ]


def test_a_model_failure_fails_only_the_file_that_caused_it(tmp_path: Path) -> None:
    good = _touch(tmp_path / "good.txt", draft().encode())
    bad = _touch(tmp_path / "bad.txt", draft("BOOM").encode())
    results = Tagger(_Flaky()).tag_batch([Input(str(good)), Input(str(bad))])
    assert results[0].error is None and results[0].clauses == 5
    assert results[1].error == f"{bad}: the model failed on this file (RuntimeError: boom)"


def test_encode_runs_on_each_file(tagger: Tagger, tmp_path: Path) -> None:
    path = _touch(tmp_path / "d.txt", draft().encode())
    (result,) = tagger.tag_batch([Input(str(path))], encode=lambda clauses: [c.lead for c in clauses])
    assert result.payload == ["Recalling", "Deeply concerned", "Requests", "Urges", "Decides"]


# ---------------------------------------------------------------------------- running


def _records(clauses: list) -> list[dict]:
    return [c.to_record() for c in clauses]


def test_results_come_in_input_order_whatever_the_jobs(tagger: Tagger, tmp_path: Path) -> None:
    paths = write_akn_folder(tmp_path / "in", 40)
    inputs = [Input(str(p)) for p in reversed(paths)] + [Input(str(tmp_path / "missing.xml"))]

    def run(jobs: int) -> list[tuple]:
        with TaggingRun(inputs, tagger, jobs, encode=_records) as results:
            return [(r.source, r.error, r.payload) for r in results]

    one, two = run(1), run(2)
    assert one == two
    assert [source for source, _, _ in one] == [i.source for i in inputs]
    assert one[-1][1] is not None


def test_batches_are_small_enough_to_share_and_never_empty() -> None:
    assert batch_size(1, 8) == 1
    assert batch_size(100_000, 2) == 16
    assert batch_size(40, 2) == 5


@pytest.mark.parametrize(("n", "jobs"), [(0, 2), (1, 1), (7, 4), (413, 1), (413, 2), (10_000, 3)])
def test_batches_keep_the_input_order_and_end_in_smaller_ones_when_shared(n: int, jobs: int) -> None:
    inputs = [Input(f"{i}.xml") for i in range(n)]
    batches = split_batches(inputs, jobs)
    assert [item for batch in batches for item in batch] == inputs
    assert all(0 < len(batch) <= batch_size(n, jobs) for batch in batches)
    if jobs > 1 and n > 100:
        assert [len(b) for b in batches[-jobs * 4 :]] == [batch_size(n, jobs) // 4] * jobs * 4
    elif jobs == 1:
        assert all(len(b) == batch_size(n, jobs) for b in batches[:-1])


def test_standard_input_is_read_by_its_content(tagger: Tagger, make_docx) -> None:
    word = make_docx()
    word.add("*Recalling* its resolution 98/7 on tidal energy,")
    word.add("1.\t*Decides* to remain seized of the matter.")
    xml, text, docx = tagger.tag_batch(
        [Input("-", data=b"\xef\xbb\xbf" + akn(3)), Input("-", data=draft().encode()), Input("-", data=word.to_bytes())]
    )
    assert (xml.document, xml.clauses) == ("A/RES/99/3", 5)
    assert (text.document, text.clauses) == ("<stdin>", 5)
    assert [c.lead for c in docx.payload] == ["Recalling", "Decides"]
