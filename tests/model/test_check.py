"""Drafting conventions: a failing and a passing example for every rule code (drafts written for the tests)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resolute.model.check import CODES, ERROR, INFO, WARNING, check_document
from resolute.model.classify import load_classifier
from resolute.model.readers import read_bytes
from resolute.model.readers.text import read_text
from resolute.model.records import OPERATIVE, PREAMBULAR, Document, Paragraph

OP1 = "1. Welcomes the progress made by the regional commission on desert roads;\n"
CONCERNED = "Deeply concerned about the spread of locust swarms in the region,\n"
DRAFT = """The General Assembly,

Recalling its resolution 12/34 of 5 May 2011 on coastal fisheries,

Recalling also the declaration on mountain villages adopted in 2015,

Deeply concerned about the spread of locust swarms in the region,

1. Welcomes the progress made by the regional commission on desert roads;

2. Requests the Secretary-General to submit a report on rural libraries at its next session;

3. Encourages Member States to contribute to the trust fund for rural libraries, in particular:

(a) By sharing good practice on rural libraries;

(b) By supporting the workshop on rural libraries;

4. Decides to include in the provisional agenda of its next session the item entitled "Rural libraries".
"""


def edited(*changes: tuple[str, str]) -> str:
    text = DRAFT
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def check(text: str, model=None):
    return check_document(read_text(text.encode("utf-8"), "draft.txt"), model)


def codes(text: str, model=None) -> set[str]:
    return {f.code for f in check(text, model).findings}


def found(text: str, code: str, model=None):
    matches = [f for f in check(text, model).findings if f.code == code]
    assert matches, f"no {code} in {check(text, model).findings}"
    return matches[0]


@pytest.fixture(scope="module")
def model(tiny_model: Path):
    return load_classifier(tiny_model)


def test_the_clean_draft_passes_every_rule(model) -> None:
    report = check(DRAFT, model)
    assert report.findings == []
    assert report.errors == 0
    assert len(report.families) == len(report.clauses) == 7


@pytest.mark.parametrize(
    ("code", "changes"),
    [
        ("S001", [("The General Assembly,\n", "")]),
        ("S001", [("The General Assembly,", "The General Assembly")]),
        ("S002", [(OP1, OP1 + "\nNoting the report of the Special Rapporteur on tidal energy,\n")]),
        ("S003", [("2. Requests", "3. Requests")]),
        ("S003", [("3. Encourages", "2. Encourages")]),
        ("S004", [("(b) By supporting", "(c) By supporting")]),
        ("S004", [("(a) By sharing", "(1) By sharing"), ("(b) By supporting", "(2) By supporting")]),
        ("P001", [("adopted in 2015,", "adopted in 2015;")]),
        ("P002", [("desert roads;", "desert roads.")]),
        ("P003", [('"Rural libraries".', '"Rural libraries";')]),
        ("P004", [("rural libraries, in particular:", "rural libraries, in particular")]),
        (
            "P004",
            [("(a) By sharing good practice on rural libraries;", "(a) By sharing good practice on rural libraries")],
        ),
        ("P004", [(":\n\n(a)", " (a)"), (";\n\n(b)", "; (b)")]),  # a list typed inline
        ("L001", [("Recalling its resolution 12/34", "Recalls its resolution 12/34")]),
        ("L001", [("1. Welcomes the progress", "1. Welcoming the progress")]),
        ("L002", [("Deeply concerned about", "Deeply concened about")]),
        ("L002", [("2. Requests the Secretary-General", "2. Asks the Secretary-General")]),
        ("L003", [("3. Encourages Member States", "3. Also encourages Member States")]),
        ("L003", [("Recalling its resolution 12/34", "Noting its resolution 12/34")]),
        ("L005", [("3. Encourages Member States to contribute", "3. Demands that Member States contribute")]),
        ("R001", [("resolution 12/34 of", "resolution A/RES/12/34 of")]),
        ("R001", [("resolution 12/34 of", "res. 12/34 of")]),
        ("R002", [("the Secretary-General to", "the Secretary General to")]),
        ("R002", [("Encourages Member States", "Encourages member states")]),
        ("R002", [("rural libraries at its next session", "UN libraries at its next session")]),
        ("R002", [("the progress made", "the progress realised")]),
        ("R003", [(CONCERNED, CONCERNED + "\n" + CONCERNED)]),
    ],
)
def test_each_rule_flags_its_error(code: str, changes: list[tuple[str, str]], model) -> None:
    assert code in codes(edited(*changes), model)
    assert code not in codes(DRAFT, model)


def test_s005_a_text_without_operative_part() -> None:
    preamble = DRAFT.split("1. Welcomes")[0]
    assert "S005" in codes(preamble)
    assert "S005" not in codes(DRAFT)


def test_l004_word_leads_in_italics(make_docx, model) -> None:
    def word(italic_lead: bool) -> Document:
        draft = make_docx()
        draft.add("The General Assembly,")
        draft.add("*Recalling* its resolution 12/34 on coastal fisheries,")
        lead = "*Requests*" if italic_lead else "Requests"
        draft.add(f"1.\t{lead} the Secretary-General to submit a report;")
        draft.add("2.\t*Decides* to remain seized of the matter.")
        return read_bytes(draft.to_bytes(), "draft.docx")

    upright = check_document(word(False), model).findings
    assert [f.code for f in upright] == ["L004"]
    assert upright[0].severity == WARNING
    assert check_document(word(True), model).findings == []


def test_l005_only_outside_the_security_council() -> None:
    demands = edited(("3. Encourages Member States to contribute", "3. Demands that Member States contribute"))
    council = demands.replace("The General Assembly,", "The Security Council,")
    assert found(demands, "L005").severity == WARNING
    assert "L005" not in codes(council)


def test_lead_fixes_take_the_standard_form_of_the_family_for_the_section(model) -> None:
    assert found(
        edited(("Recalling its resolution 12/34", "Recalls its resolution 12/34")), "L001", model
    ).fix.startswith("write 'Recalling'")
    assert (
        found(edited(("1. Welcomes the progress", "1. Welcoming the progress")), "L001", model).fix
        == "write 'Welcomes'"
    )
    assert found(edited(("2. Requests", "2. Asks")), "L002", model).fix == "write 'Requests'"
    misspelt = found(edited(("Recalling its resolution 12/34", "Recaling its resolution 12/34")), "L002", model)
    assert (misspelt.severity, misspelt.fix) == (ERROR, "write 'Recalling'")


def test_l002_non_standard_lead_takes_the_family_from_the_model(model) -> None:
    finding = found(edited(("Recalling its resolution 12/34", "Remembering its resolution 12/34")), "L002", model)
    assert finding.fix == "write 'Recalling'"


def test_negotiation_labels_are_accepted_and_stripping_them_is_offered() -> None:
    text = DRAFT.replace("Recalling its", "PP1 Recalling its").replace("1. Welcomes", "OP1 Welcomes")
    labels = found(text, "S003")
    assert labels.severity == INFO and labels.index is None
    assert check(text).errors == 0


def test_numbering_a_gap_gives_one_error_and_renumbering_suggestions() -> None:
    text = edited(("2. Requests", "3. Requests"), ("3. Encourages", "4. Encourages"), ("4. Decides", "5. Decides"))
    s003 = [f for f in check(text).findings if f.code == "S003"]
    assert [f.severity for f in s003] == [ERROR, INFO, INFO]
    assert [f.edit.new for f in s003] == ["2", "3", "4"]


def test_numbering_an_unnumbered_operative_part() -> None:
    text = DRAFT
    for n in "1234":
        text = text.replace(f"{n}. ", "")
    finding = found(text, "S003")
    assert finding.severity == ERROR and finding.index == 3


def test_findings_follow_the_output_contract(model) -> None:
    finding = found(edited(("desert roads;", "desert roads.")), "P002", model)
    record = finding.to_record()
    assert list(record) == ["code", "severity", "index", "number", "message", "fix"]
    assert (record["index"], record["number"], record["severity"]) == (3, "1", ERROR)
    assert all(f.code in CODES for f in check(edited(("desert roads;", "desert roads."))).findings)


def test_structured_documents_restart_numbering_in_each_part() -> None:
    """An AKN collection (parts A and B) has a preamble and numbers from 1 in each part."""

    def part(topic: str) -> list[Paragraph]:
        return [
            Paragraph(f"Recalling its resolution 12/34 on {topic},", PREAMBULAR, None, "Recalling"),
            Paragraph(f"Welcomes the report on {topic};", OPERATIVE, "1", "Welcomes"),
            Paragraph(f"Requests the Secretary-General to report on {topic}.", OPERATIVE, "2", "Requests"),
        ]

    document = Document("a.xml", part("coastal fisheries") + part("desert roads"), body="GA", structured=True)
    document.opening = "The General Assembly,"
    assert check_document(document).findings == []


_PIECES = [
    "resolution ",
    "resolutions ",
    "Res. ",
    "res ",
    "A/RES/",
    "S/RES/",
    "a/res/",
    "A / ",
    "S//",
    "E/ ",
    "12",
    "/34",
    "(2011)",
    " (2011)",
    "-",
    " / ",
    "Secretary General",
    "secretary-General",
    "Secretary-general",
    "member states",
    "MEMBER STATES",
    "Member states",
    "UN",
    "U.N.",
    "organise",
    "Recognising",
    "REALISED",
    "mobilisation",
    " ",
    ",",
    "the ",
    "Organisation for the",
    "x",
    "é",
    "ISATION",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
@settings(max_examples=400, deadline=None)
def test_a_cheap_pre_test_never_skips_a_pattern_that_matches(text: str) -> None:
    from resolute.model.check import _REFERENCES, _SPELLING

    for pattern, *_, may_match in (*_REFERENCES, *_SPELLING):
        if pattern.search(text):
            assert may_match(text), (pattern.pattern, text)
