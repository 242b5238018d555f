"""Tests of the segmenter on documents written for the tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resolute.model.records import OPERATIVE, PREAMBULAR, Document, Paragraph
from resolute.model.segment import guess_lead, lead_section, split_clauses


def unstructured(*texts: str) -> Document:
    return Document(source="draft.txt", paragraphs=[Paragraph(text=t) for t in texts])


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("Also requests the Secretary-General to report;", "Also requests"),
        ("Deeply concerned by the rise in maritime piracy,", "Deeply concerned"),
        ("Taking note with appreciation of the report,", "Taking note with appreciation"),
        ("Bearing in mind the Charter,", "Bearing in mind"),
        ("Calls upon all States to cooperate;", "Calls upon"),
        ("Expresses its deep concern at the situation;", "Expresses its deep concern"),
        ("Reiterates its call upon the parties to negotiate;", "Reiterates its call upon"),
        ("Notes with concern the delays;", "Notes with concern"),
        ("Recalling also its resolution 90/4,", "Recalling also"),
        ("Reaffirms its resolution 90/4;", "Reaffirms"),
        ("Takes into account the views of States;", "Takes into account"),
        ("Is convinced that dialogue is essential;", "Is convinced"),
        ("Unequivocally condemning all acts of terrorism,", "Unequivocally condemning"),
        ("3. Decides to remain seized of the matter.", "Decides"),
        ("OP4 further invites States to contribute;", "further invites"),
        ("welcomes the progress made;", "welcomes"),
        ("", ""),
    ],
)
def test_guess_lead(text: str, lead: str) -> None:
    assert guess_lead(text) == lead


@pytest.mark.parametrize(
    ("text", "section"),
    [
        ("Recalling its resolutions,", PREAMBULAR),
        ("Gravely alarmed by the violence,", PREAMBULAR),
        ("Mindful of the needs of small States,", PREAMBULAR),
        ("Recaling its resolutions,", PREAMBULAR),  # a typing error
        ("Alos notes the report;", OPERATIVE),  # a misspelt "Also"
        ("requests a report;", OPERATIVE),
        ("Member States are invited;", None),
        ("Respect for human rights is essential,", None),  # another form of "Respects", not a typo
    ],
)
def test_lead_section(text: str, section: str | None) -> None:
    assert lead_section(text) == section


def test_structured_documents_map_paragraphs_one_to_one() -> None:
    document = Document(
        source="res.xml",
        structured=True,
        paragraphs=[
            Paragraph("Recalling its earlier work,", section=PREAMBULAR, lead="Recalling"),
            Paragraph("Noting with concern the delays,", section=PREAMBULAR),
            Paragraph(
                "Requests a report: (a) on costs; (b) on staff;",
                OPERATIVE,
                "1",
                "Requests",
                ("(a) on costs;", "(b) on staff;"),
            ),
            Paragraph("Decides to continue its work.", section=OPERATIVE, number="2"),
        ],
    )
    clauses = split_clauses(document)
    assert [(c.index, c.section, c.number, c.lead) for c in clauses] == [
        (0, PREAMBULAR, None, "Recalling"),
        (1, PREAMBULAR, None, "Noting with concern"),
        (2, OPERATIVE, "1", "Requests"),
        (3, OPERATIVE, "2", "Decides"),
    ]
    assert clauses[2].subparagraphs == ("(a) on costs;", "(b) on staff;")


def test_numbers_as_written_and_sections_by_form() -> None:
    clauses = split_clauses(
        unstructured(
            "The General Assembly,",
            "PP1 Guided by the purposes of the Charter,",
            "PP2. Convinced that cooperation matters,",
            "OP1 Encourages States to cooperate;",
            "OP 2. Requests the Secretary-General to report;",
            "3) Decides to continue.",
        )
    )
    assert [(c.section, c.number) for c in clauses] == [
        (PREAMBULAR, None),
        (PREAMBULAR, None),
        (OPERATIVE, "1"),
        (OPERATIVE, "2"),
        (OPERATIVE, "3"),
    ]
    assert [c.text.split()[0] for c in clauses] == ["Guided", "Convinced", "Encourages", "Requests", "Decides"]


def test_each_clause_labelled_by_its_own_form_even_out_of_order() -> None:
    clauses = split_clauses(
        unstructured(
            "Welcomes the new partnership;",
            "Recognizing the work of volunteers,",
            "Urges donors to contribute;",
        )
    )
    assert [c.section for c in clauses] == [OPERATIVE, PREAMBULAR, OPERATIVE]


def test_subparagraphs_stay_with_their_parent() -> None:
    clauses = split_clauses(
        unstructured(
            "1. Decides that the fund shall:",
            "(a) Support training;",
            "(b) Finance pilot projects, including:",
            "(i) Early warning systems;",
            "2. Requests a report.",
        )
    )
    assert len(clauses) == 2
    assert clauses[0].subparagraphs == (
        "(a) Support training;",
        "(b) Finance pilot projects, including:",
        "(i) Early warning systems;",
    )
    assert clauses[0].text == (
        "Decides that the fund shall: (a) Support training; (b) Finance pilot projects, including: "
        "(i) Early warning systems;"
    )


def test_unlabelled_items_after_a_colon_are_subparagraphs() -> None:
    clauses = split_clauses(
        unstructured(
            "1. Decides on the following programme of work:",
            "Opening of the session;",
            "Election of officers;",
            "2. Requests the secretariat to prepare documents.",
        )
    )
    assert [c.number for c in clauses] == ["1", "2"]
    assert clauses[0].subparagraphs == ("Opening of the session;", "Election of officers;")


def test_continuations_are_joined_and_headings_dropped() -> None:
    clauses = split_clauses(
        unstructured(
            "Recalling its resolution 90/4 of 2 May 2040 and the report of",
            "the Secretary-General on the matter,",
            "Noting the increase in requests for assistance,",
            "there being no other source of support,",
            "I",
            "Financing",
            "1. Approves the budget;",
            "“2. Decides to review the budget;”",
            "2. Decides to continue.",
        )
    )
    assert [c.text for c in clauses] == [
        "Recalling its resolution 90/4 of 2 May 2040 and the report of the Secretary-General on the matter,",
        "Noting the increase in requests for assistance, there being no other source of support,",
        "Approves the budget; “2. Decides to review the budget;”",
        "Decides to continue.",
    ]


def test_unknown_lead_after_a_full_stop_opens_a_clause() -> None:
    clauses = split_clauses(
        unstructured(
            "1. Decides to act;", "There shall be a review in 2050;", "Should the review find gaps, it shall say so."
        )
    )
    assert len(clauses) == 3
    assert [c.section for c in clauses] == [OPERATIVE] * 3


def test_word_hints_number_and_italic_lead() -> None:
    document = Document(
        source="draft.docx",
        paragraphs=[
            Paragraph("Considering the urgency of the matter,", lead="Considering"),
            Paragraph("Requests the Secretary-General to act;", number="1.", lead="Requests"),
            Paragraph("on training;", number="(a)"),
            Paragraph("Decides to remain seized.", number="2."),
        ],
    )
    clauses = split_clauses(document)
    assert [(c.section, c.number, c.lead) for c in clauses] == [
        (PREAMBULAR, None, "Considering"),
        (OPERATIVE, "1", "Requests"),
        (OPERATIVE, "2", "Decides"),
    ]
    assert clauses[1].subparagraphs == ("(a) on training;",)


def test_empty_document_gives_no_clauses() -> None:
    assert split_clauses(unstructured()) == []
    assert split_clauses(unstructured("", "   ")) == []


paragraph_texts = st.lists(
    st.sampled_from([*"abcAB ,.;:()1234567890-“”\n\tOPR", "Recalling ", "Requests ", "(a) ", "Also "]),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.builds(
            Paragraph,
            text=paragraph_texts,
            number=st.one_of(st.none(), st.sampled_from(["1.", "(a)", "PP2", "ii.", "x", ""])),
            lead=st.one_of(st.none(), st.sampled_from(["Recalling", "Requests", ""])),
        ),
        max_size=20,
    ),
    st.booleans(),
)
def test_any_paragraphs_give_well_formed_clauses(paragraphs: list[Paragraph], structured: bool) -> None:
    clauses = split_clauses(Document(source="x", paragraphs=paragraphs, structured=structured))
    assert [c.index for c in clauses] == list(range(len(clauses)))
    for clause in clauses:
        assert clause.section in (PREAMBULAR, OPERATIVE)
        assert clause.number is None or clause.section == OPERATIVE
        assert isinstance(clause.lead, str)
