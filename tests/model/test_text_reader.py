"""Tests of the plain-text reader on texts written for the tests (ODS dump, PDF text, typed draft)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolute.model.readers.text import read_text
from resolute.model.records import ReadError
from resolute.model.segment import split_clauses

ODS_DUMP = """<<ODS JOB NO>>N2612345E<<ODS JOB NO>>
<<ODS DOC SYMBOL1>>A/RES/99/12<<ODS DOC SYMBOL1>>
<<ODS DOC SYMBOL2>><<ODS DOC SYMBOL2>>
[DU1]
United Nations\tA/RES/99/12
General Assembly\tDistr.: General
20 December 2044
Ninety-ninth session
Agenda item 42
Resolution adopted by the General Assembly on 14 December 2044
[on the report of the Second Committee (A/99/410)]
99/12.\tCooperation on mountain water systems

The General Assembly,

\tRecalling its resolution 97/80 of 9 December 2042 on mountain water systems,1

\tNoting with concern that glaciers,2 snowfields and aquifers are shrinking in many regions,

A/RES/99/12
2

\t1.\tWelcomes the report of the Secretary-General;3

\t2.\tEncourages Member States to share data on water resources, in particular:
\t(a)\tHydrological records;
\t(b)\tForecasts of seasonal flows;

\t3.\tDecides to include in the provisional agenda of its one hundredth session the item "Water".

61st plenary meeting
14 December 2044
__________________
1\tSee resolution 97/80, annex.
2\tA/99/77.
3\tA/99/301.
"""

PDF_TEXT = """United Nations A/RES/99/7
General Assembly Distr.: General
3 November 2044
Ninety-ninth session
Agenda item 17
Resolution adopted by the General Assembly on 30 October 2044
99/7. Literacy for all

The General Assembly,

       Reaffirming the right of everyone to education, and recognizing the role
of adult literacy programmes in the development of coun-
tries and communities,1
       Deeply concerned that millions of adults still lack basic literacy skills,
in particular women and persons in rural areas,
       1. Calls upon Member States to strengthen national literacy plans, to
mobilize resources for them and to report on progress in their implemen-
tation;
__________________
1 See A/98/55, chap. II.

26-01234 1/2
\f
A/RES/99/7 Literacy for all

       2. Requests the Secretary-General to submit a report on the
implementation of the present resolution to the General Assembly at its
one hundred and first session.

40th plenary meeting
30 October 2044
"""

DRAFT = """Draft resolution
Sponsors: Atlantis, Freedonia

The General Assembly,

PP1 recalling the Charter of the United Nations,


PP2 Recaling its previous resolutions on the subject,
OP1 Requests the Secretary-General to convene an expert meeting;

OP2 invites all States to take part in the meeting;
OP3 Decides to remain seized of the matter.
"""


def clauses_of(text: str, encoding: str = "utf-8"):
    return split_clauses(read_text(text.encode(encoding), "draft.txt"))


def test_ods_dump_metadata_and_artefacts_removed() -> None:
    document = read_text(ODS_DUMP.encode(), "dump.txt")
    assert document.symbol == "A/RES/99/12"
    assert document.body == "GA"
    assert document.date == "2044-12-14"  # the adoption line wins over the Distr. date
    assert document.title == "Cooperation on mountain water systems"
    assert document.opening == "The General Assembly,"
    assert not document.structured
    joined = "\n".join(p.text for p in document.paragraphs)
    for artefact in ("<<ODS", "[DU1]", "A/RES/99/12", "plenary meeting", "See resolution 97/80", "Distr."):
        assert artefact not in joined
    assert all(p.section is None and p.number is None for p in document.paragraphs)


def test_ods_dump_clauses_with_footnote_marks_removed() -> None:
    clauses = split_clauses(read_text(ODS_DUMP.encode(), "dump.txt"))
    assert [(c.section, c.number, c.lead) for c in clauses] == [
        ("preambular", None, "Recalling"),
        ("preambular", None, "Noting with concern"),
        ("operative", "1", "Welcomes"),
        ("operative", "2", "Encourages"),
        ("operative", "3", "Decides"),
    ]
    assert clauses[0].text == "Recalling its resolution 97/80 of 9 December 2042 on mountain water systems,"
    assert clauses[1].text.startswith("Noting with concern that glaciers, snowfields")
    assert clauses[2].text == "Welcomes the report of the Secretary-General;"
    assert clauses[3].subparagraphs == ("(a) Hydrological records;", "(b) Forecasts of seasonal flows;")
    assert clauses[3].text.endswith("in particular: (a) Hydrological records; (b) Forecasts of seasonal flows;")


def test_pdf_text_unwrapped_across_page_furniture() -> None:
    document = read_text(PDF_TEXT.encode(), "scan.txt")
    assert document.symbol == "A/RES/99/7"
    assert document.title == "Literacy for all"
    clauses = split_clauses(document)
    assert [(c.section, c.number) for c in clauses] == [
        ("preambular", None),
        ("preambular", None),
        ("operative", "1"),
        ("operative", "2"),
    ]
    assert clauses[0].text == (
        "Reaffirming the right of everyone to education, and recognizing the role of adult literacy "
        "programmes in the development of countries and communities,"
    )
    assert clauses[1].lead == "Deeply concerned"
    assert clauses[2].text.endswith("report on progress in their implementation;")
    assert clauses[3].text == (
        "Requests the Secretary-General to submit a report on the implementation of the present resolution "
        "to the General Assembly at its one hundred and first session."
    )


def test_typed_draft_with_labels_typos_and_lower_case() -> None:
    clauses = clauses_of(DRAFT)
    assert [(c.section, c.number, c.lead) for c in clauses] == [
        ("preambular", None, "recalling"),
        ("preambular", None, "Recaling"),
        ("operative", "1", "Requests"),
        ("operative", "2", "invites"),
        ("operative", "3", "Decides"),
    ]
    assert clauses[0].text == "recalling the Charter of the United Nations,"
    assert clauses[2].text.startswith("Requests")  # the OP label is not part of the text


def test_draft_with_one_paragraph_per_line_and_no_numbers() -> None:
    text = (
        "The Security Council,\n"
        "Expressing alarm at the rise in attacks on aid convoys,\n"
        "Condemns all attacks on humanitarian personnel;\n"
        "Demands that all parties allow safe passage;\n"
        "Decides to remain actively seized of the matter.\n"
    )
    document = read_text(text.encode(), "sc.txt")
    assert document.body == "SC"
    clauses = split_clauses(document)
    assert [(c.section, c.number) for c in clauses] == [
        ("preambular", None),
        ("operative", None),
        ("operative", None),
        ("operative", None),
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"])
def test_encodings(encoding: str) -> None:
    text = (
        "The Human Rights Council,\n\n"
        "Recalling the “Vienna Declaration” and the work of Côte d’Ivoire,\n\n"
        "1. Welcomes the report of the Special Rapporteur – the first of its kind;\n"
    )
    document = read_text(text.encode(encoding), "hrc.txt")
    assert document.body == "HRC"
    assert [p.text for p in document.paragraphs] == [
        "Recalling the “Vienna Declaration” and the work of Côte d’Ivoire,",
        "1. Welcomes the report of the Special Rapporteur – the first of its kind;",
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06", "binary"),
        (b"abc\x00def\x00" * 20, "binary"),
        (bytes(range(256)) * 4, ""),
        (b"12 34 56\n", "no text"),
    ],
)
def test_bad_input_is_a_read_error_naming_the_file(data: bytes, reason: str) -> None:
    with pytest.raises(ReadError) as caught:
        read_text(data, "bad.txt")
    message = str(caught.value)
    assert message.startswith("bad.txt: ")
    assert "\n" not in message
    assert reason in message


def test_footnote_marks_are_removed_only_where_they_are_marks() -> None:
    text = (
        "The General Assembly,\n\n"
        "Noting the G20 summit and the 1.5 million refugees,1 and document A/99/5/Add.1,\n\n"
        "1. Requests the report on Sustainable Development Goal target 17.3 (external finance);\n"
        "__________________\n"
        "1 A/99/5.\n"
    )
    clauses = clauses_of(text)
    assert clauses[0].text == "Noting the G20 summit and the 1.5 million refugees, and document A/99/5/Add.1,"
    assert "target 17.3 (external finance)" in clauses[1].text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_bytes_give_clauses_or_a_read_error(data: bytes) -> None:
    try:
        document = read_text(data, "any.txt")
    except ReadError as error:
        assert str(error).startswith("any.txt: ")
        return
    clauses = split_clauses(document)
    assert [c.index for c in clauses] == list(range(len(clauses)))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "The General Assembly,",
                "Recalling its resolution 1/1,",
                "1. Decides to act;",
                "OP2 requests a report;",
                "(a) first item;",
                "continued text without end",
                "",
                "A/RES/1/1",
                "3/4",
                "__________",
                "1 A footnote.",
                "\f",
                "coun-",
                "tries and more",
            ]
        ),
        max_size=30,
    )
)
def test_any_arrangement_of_typical_lines(lines: list[str]) -> None:
    try:
        document = read_text("\n".join(lines).encode(), "lines.txt")
    except ReadError:
        return
    for clause in split_clauses(document):
        assert clause.section in ("preambular", "operative")
        assert clause.text == " ".join(clause.text.split())
