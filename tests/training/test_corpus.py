"""The corpus builder on a small raw folder of AKN files written for these tests (invented texts)."""

from __future__ import annotations

import gzip
import json
import zipfile
from pathlib import Path

import pytest

from resolute.training.corpus import (
    BuildReport,
    build_corpus,
    ga_session_of_date,
    iter_corpus_documents,
    load_corpus,
    session_of,
    split_of,
)
from resolute.training.corpus_sources import (
    DocMeta,
    Metadata,
    ga_part_of,
    iter_metadata_records,
    iter_raw_files,
    normalise_symbol,
    parse_date,
)

GA, SC, HRC = "UNxml__GAresolutions", "UNxml__SCresolutions", "UNxml__HRCresolutions"


@pytest.fixture(autouse=True)
def _offline(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")


def akn(uri: str, preamble: list[str], operative: list[str], numbered: bool = True) -> bytes:
    """An AKN4UN resolution: preambular and operative texts whose first word is the italic lead."""

    def lead_span(text: str) -> str:
        first, _, rest = text.partition(" ")
        return f'<span class="italic">{first}</span> {rest}'

    containers = "".join(f'<container name="{t.split()[0]}"><p>{lead_span(t)}</p></container>' for t in preamble)
    paragraphs = "".join(
        f"<paragraph>{f'<num>{i}.</num>' if numbered else ''}<content><p>{lead_span(t)}</p></content></paragraph>"
        for i, t in enumerate(operative, start=1)
    )
    return (
        '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement name="resolution">'
        f'<meta><identification source="#test"><FRBRWork><FRBRthis value="{uri}"/></FRBRWork></identification></meta>'
        f'<preamble><formula name="enactingFormula"><p>The Assembly,</p></formula>{containers}</preamble>'
        f"<mainBody>{paragraphs}</mainBody></statement></akomaNtoso>"
    ).encode()


def ga_uri(date: str, ident: str) -> str:
    return f"/akn/un/statement/deliberation/unga/{date}/{ident}/!main/"


PREAMBLE = ["Recalling its resolution 70/1 of 25 September 2015,", "Seriously concerned by the rise in sea levels,"]
OPERATIVE = ["Requests the Secretary-General to report at its next session;", "Decides to remain seized of the matter."]


def write(raw: Path, relative: str, data: bytes) -> None:
    path = raw / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(data, mtime=0) if relative.endswith(".gz") else data)


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    """A raw corpus laid out as SOURCES.md describes, with a duplicate, a PRST and two bad files."""
    root = tmp_path / "raw"
    write(
        root, f"{GA}/79session/English/A_RES_79_901-E.xml.gz", akn(ga_uri("2024-10-01", "79-901"), PREAMBLE, OPERATIVE)
    )
    write(
        root, f"{GA}/77session/English/A_RES_77_902-E.xml", akn(ga_uri("2022-11-02", "77-902"), PREAMBLE, OPERATIVE[:1])
    )
    write(root, f"{GA}/77session/English/A_RES_77_903_E.xml", akn(ga_uri("2022-12-01", "77-903"), [], OPERATIVE))
    write(root, f"{GA}/77session/English/A_RES_77_903B_E.xml", akn(ga_uri("2023-06-01", "77-903"), [], OPERATIVE[1:]))
    emergency = akn(ga_uri("2023-10-27", "ES-11-9"), PREAMBLE[:1], ["Demands an immediate ceasefire."], numbered=False)
    write(root, f"{GA}/78session/English/A_RES_ES-11_9-E.xml.gz", emergency)
    write(root, f"{GA}/Emergency sessions/ES-11/English/A_RES_ES-11_9-E.xml.gz", emergency)
    archive = root / GA / "74session" / "GA resolutions_74session_English.zip"
    archive.parent.mkdir(parents=True)
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("English/74_9.xml", akn(ga_uri("2019-12-19", "74-9"), PREAMBLE, OPERATIVE))
    write(root, f"{GA}/79session/English/broken.xml.gz", b"this is not gzip data")
    write(
        root,
        f"{GA}/79session/English/empty.xml",
        b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"/>',
    )
    sc = "/akn/un/statement/deliberation/unsc/{}/{}/!main/"
    write(
        root, f"{SC}/Pre-2020/2010/S_RES_1999_N1.xml.gz", akn(sc.format("0001-01-01", "1999-2010"), PREAMBLE, OPERATIVE)
    )
    write(
        root, f"{SC}/2024/English/S_RES_2999-E.xml.gz", akn(sc.format("2024-02-02", "2999-2024"), PREAMBLE, OPERATIVE)
    )
    write(root, f"{SC}/Not adopted/English/S_2024_77-E.xml.gz", akn(sc.format("2024-03-01", "2024-77"), [], OPERATIVE))
    write(root, f"{SC}/2020/English/S_PRST_2020_99.xml.gz", akn(sc.format("2020-01-01", "2020-99"), [], OPERATIVE))
    hrc = "/akn/un/statement/deliberation/unga-hrc/2024-10-10/57-90/!main/"
    write(root, f"{HRC}/57session/English/A_HRC_RES_57_90E.xml.gz", akn(hrc, PREAMBLE, OPERATIVE))
    ga_record = {
        "symbol": "A/RES/79/901",
        "title": "Rising seas",
        "adoption_date": "1 October 2024",
        "adoption_type": "By a recorded vote",
        "MS_in_favour_count": "150",
        "MS_against_count": "3",
        "MS_abstaining_count": "10",
        "subjects": [["SEA LEVEL", "UNBIS Thesaurus"], ["79/901", "A/79/251"]],
    }
    write(root, f"{GA}/data_extract/79.json.gz", (json.dumps(ga_record) + "\n").encode())
    sc_record = {
        "symbol": "S/RES/1999(2010)",
        "adoption_date": "on5\u00a0May 2010",
        "adoption_type": "Adopted unanimously",
    }
    write(root, f"{SC}/data_extract/2010.json.gz", (json.dumps(sc_record) + "\n").encode())
    hrc_record = {"symbol": "A/HRC/RES/57/90", "title": "Water", "adoption_type": "Without a vote"}
    write(root, f"{HRC}/data_extract/57session.json.gz", f'"{json.dumps(hrc_record)}"\n"\n'.encode())
    return root


@pytest.mark.parametrize(
    ("body", "session", "split"),
    [
        ("GA", 79, "test"),
        ("GA", "80", "test"),
        ("GA", 78, "validation"),
        ("GA", 74, "train"),
        ("SC", "2024", "test"),
        ("SC", 2025, "test"),
        ("SC", 2023, "validation"),
        ("SC", 2000, "train"),
        ("HRC", 58, "test"),
        ("HRC", "57", "validation"),
        ("HRC", 54, "train"),
    ],
)
def test_split_of_follows_sessions_and_years(body, session, split):
    assert split_of(body, session) == split


def test_split_of_refuses_an_unknown_body():
    with pytest.raises(ValueError, match="PRST"):
        split_of("PRST", 2020)


@pytest.mark.parametrize(
    ("date", "session"), [("2022-03-02", 76), ("2022-10-12", 77), ("2024-09-18", 79), ("2024-09-05", 78)]
)
def test_emergency_sessions_split_by_the_regular_session_of_their_date(date, session):
    assert ga_session_of_date(date) == session


@pytest.mark.parametrize(
    ("symbol", "expected"),
    [
        ("A/RES/ES-11/9", ("ES-11", 2023, 78)),
        ("S/RES/1999 (2010)", ("2010", 2010, 2010)),
        ("S/2024/77", ("2024", 2024, 2024)),
        ("A/HRC/RES/57/90", ("57", 2023, 57)),
        ("S/PRST/2020/99", None),
    ],
)
def test_session_of_symbols(symbol, expected):
    assert session_of(symbol, "2023-10-27") == expected


@pytest.mark.parametrize(
    ("raw_symbol", "symbol"),
    [
        ("s/res/2334(2016)", "S/RES/2334 (2016)"),
        ("S/RES/2334  (2016)", "S/RES/2334 (2016)"),
        ("A/RES/75/242B", "A/RES/75/242 B"),
        ("A/RES/75/101 A-B", "A/RES/75/101 A-B"),
        ("A_HRC_RES_58_3", "A/HRC/RES/58/3"),
        (" A/RES/79/1. ", "A/RES/79/1"),
        ("A/RES/ES-11/1", "A/RES/ES-11/1"),
    ],
)
def test_normalise_symbol(raw_symbol, symbol):
    assert normalise_symbol(raw_symbol) == symbol


@pytest.mark.parametrize(
    ("name", "part"),
    [
        ("75_245B_E.xml.gz", "B"),
        ("A_RES_75_242 B-2108986E.xml.gz", "B"),
        ("75_251_B_E.xml.gz", "B"),
        ("A_RES_78_254AC-2326242E.xml.gz", "A-C"),
        ("A_RES_77_256 A-B-2300172E.xml.gz", "A-B"),
        ("GA resolutions_74session_English.zip!English/74_232B_E.xml", "B"),
        ("75_100_E.xml.gz", None),
        ("A_RES_79_1-2416433E.xml.gz", None),
        ("A_RES_ES-11_1-2204067E.xml.gz", None),
    ],
)
def test_ga_part_of_file_names(name, part):
    assert ga_part_of(f"{GA}/75session/English/{name}") == part


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("22 September 2024", "2024-09-22"),
        ("on10\u00a0January 2024", "2024-01-10"),
        ("2024-01-30 00:00:00", "2024-01-30"),
        ("31 February 2024", None),
        ("", None),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_metadata_lines_wrapped_in_stray_quotes_are_read(tmp_path):
    path = tmp_path / "58session.json.gz"
    lines = ['{"symbol": "A/HRC/RES/58/1"}', '"{"symbol": "A/HRC/RES/58/2"}"', '"', "not json", ""]
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    assert [r["symbol"] for r in iter_metadata_records(path)] == ["A/HRC/RES/58/1", "A/HRC/RES/58/2"]


def test_metadata_finds_the_one_record_of_a_symbol_without_part():
    metadata = Metadata([DocMeta("A/RES/77/128 A-B"), DocMeta("A/RES/75/242"), DocMeta("A/RES/75/242 B")])
    assert metadata.find("A/RES/77/128").symbol == "A/RES/77/128 A-B"
    assert metadata.find("a/res/75/242b").symbol == "A/RES/75/242 B"
    assert metadata.find("A/RES/75/242").symbol == "A/RES/75/242"
    assert metadata.find("A/RES/77/129") is None


def test_vote_counts_are_kept_only_for_a_recorded_vote():
    counts = {"MS_in_favour_count": "0", "MS_against_count": "0", "MS_abstaining_count": "0"}
    meta = DocMeta.from_record({"symbol": "A/RES/79/2", "adoption_type": "Without a vote", **counts})
    assert (meta.votes_for, meta.votes_against, meta.votes_abstaining) == (None, None, None)


def test_raw_files_are_listed_in_source_order_with_zip_members(raw):
    sources = [f.source for f in iter_raw_files(raw)]
    assert sources == sorted(sources)
    assert f"{GA}/74session/GA resolutions_74session_English.zip!English/74_9.xml" in sources
    assert not any("PRST/" in s for s in sources)
    drafts = [f for f in iter_raw_files(raw) if "Not adopted" in f.source]
    assert [f.adopted for f in drafts] == [False]


def test_documents_are_deduplicated_and_described(raw):
    report = BuildReport(raw=raw)
    found = {info.symbol: info for _, info in iter_corpus_documents(raw, report)}
    assert set(found) == {
        "A/RES/79/901",
        "A/RES/77/902",
        "A/RES/77/903",
        "A/RES/77/903 B",
        "A/RES/ES-11/9",
        "A/RES/74/9",
        "S/RES/1999 (2010)",
        "S/RES/2999 (2024)",
        "S/2024/77",
        "A/HRC/RES/57/90",
    }
    assert report.duplicates == [
        (
            f"{GA}/Emergency sessions/ES-11/English/A_RES_ES-11_9-E.xml.gz",
            f"{GA}/78session/English/A_RES_ES-11_9-E.xml.gz",
        )
    ]
    assert [source for source, _ in report.excluded] == [f"{SC}/2020/English/S_PRST_2020_99.xml.gz"]
    assert sorted(e.source.rsplit("/", 1)[-1] for e in report.failures) == ["broken.xml.gz", "empty.xml"]
    assert (found["A/RES/ES-11/9"].session, found["A/RES/ES-11/9"].split) == ("ES-11", "validation")
    assert found["S/RES/1999 (2010)"].date == "2010-05-05"  # FRBR date 0001-01-01, metadata date
    assert found["S/2024/77"].adopted is False
    assert found["A/HRC/RES/57/90"].meta.title == "Water"


def test_build_writes_a_dataset_dict_split_by_session(raw, tmp_path):
    out = tmp_path / "corpus"
    report = build_corpus(raw, out)
    corpus = load_corpus(out)
    assert list(corpus) == ["train", "validation", "test"]
    assert {row["symbol"] for row in corpus["test"]} == {"A/RES/79/901", "S/RES/2999 (2024)", "S/2024/77"}
    assert report.documents["GA", "train"] == 4
    assert report.total_clauses == sum(len(split) for split in corpus.values())
    rows = [r for r in corpus["test"] if r["symbol"] == "A/RES/79/901"]
    assert [(r["index"], r["section"], r["number"], r["lead"]) for r in rows] == [
        (0, "preambular", None, "Recalling"),
        (1, "preambular", None, "Seriously"),
        (2, "operative", "1", "Requests"),
        (3, "operative", "2", "Decides"),
    ]
    assert [r["family"] for r in rows] == ["recall", "concern", "request", "decide"]
    first = rows[0]
    assert (first["body"], first["session"], first["year"], first["date"]) == ("GA", "79", 2024, "2024-10-01")
    assert first["source"] == f"{GA}/79session/English/A_RES_79_901-E.xml.gz"
    assert (first["title"], first["adoption_type"], first["votes_for"]) == ("Rising seas", "By a recorded vote", 150)
    assert first["subjects"] == ["SEA LEVEL"]
    assert first["adopted"] is True
    assert report.coverage == 1.0


def test_build_replaces_an_earlier_corpus_and_refuses_other_folders(raw, tmp_path):
    out = tmp_path / "corpus"
    build_corpus(raw, out)
    (raw / GA / "79session" / "English" / "A_RES_79_901-E.xml.gz").unlink()
    build_corpus(raw, out)
    assert "A/RES/79/901" not in set(load_corpus(out)["test"]["symbol"])
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".corpus")]
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "todo.txt").write_text("keep me")
    with pytest.raises(FileExistsError):
        build_corpus(raw, precious)
    assert (precious / "todo.txt").read_text() == "keep me"


def test_build_needs_the_raw_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="RESOLUTE_CORPUS"):
        build_corpus(tmp_path / "absent", tmp_path / "corpus")
