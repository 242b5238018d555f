"""The Word reader on drafts built by the tests with python-docx."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from resolute.model.readers import read_document
from resolute.model.readers.docx import read_docx
from resolute.model.records import OPERATIVE, PREAMBULAR, ReadError
from resolute.model.segment import split_clauses


def _draft_with_heading(make_docx):
    draft = make_docx()
    draft.add("United Nations\tA/C.3/99/L.42")
    draft.add("General Assembly\tDistr.: Limited")
    draft.add("Ninety-ninth session")
    draft.add("Agenda item 12 (c)")
    draft.add("Freedonia and Sylvania: draft resolution")
    draft.add("Safe drinking water in small island communities")
    draft.add("")
    draft.add("The General Assembly,")
    return draft


def test_word_draft_with_heading_leads_and_list_style_numbers(make_docx):
    draft = _draft_with_heading(make_docx)
    draft.add("*Recalling* its resolution 98/7 of 3 December 2098,^1^")
    draft.add("")
    draft.add("*Deeply concerned* by the shortage of clean water in remote islands,[^A/98/123, para. 4.]")
    draft.add("*Requests* the Secretary-General to report on the matter;", style="List Number")
    draft.add("*Encourages* Member States to share desalination technology;", style="List Number")
    draft.add("*Decides* to remain seized of the matter.", style="List Number")

    document = read_docx(draft.to_bytes(), "draft.docx")

    assert document.opening == "The General Assembly,"
    assert document.symbol == "A/C.3/99/L.42"
    assert document.body == "GA"
    assert document.title == "Safe drinking water in small island communities"
    assert document.structured is False
    assert document.meta["front"][0] == "United Nations A/C.3/99/L.42"
    assert [p.text for p in document.paragraphs] == [
        "Recalling its resolution 98/7 of 3 December 2098,",
        "Deeply concerned by the shortage of clean water in remote islands,",
        "Requests the Secretary-General to report on the matter;",
        "Encourages Member States to share desalination technology;",
        "Decides to remain seized of the matter.",
    ]
    assert [p.lead for p in document.paragraphs] == [
        "Recalling",
        "Deeply concerned",
        "Requests",
        "Encourages",
        "Decides",
    ]
    assert [p.number for p in document.paragraphs] == [None, None, "1", "2", "3"]
    assert all(p.section is None for p in document.paragraphs)


def test_sub_paragraph_labels_go_in_front_of_the_text_and_restart_under_each_parent(make_docx):
    draft = make_docx()
    ops = draft.add_list(("decimal", "%1."), ("lowerLetter", "(%2)"))
    draft.add("*Calls upon* all States:", num=ops)
    draft.add("To ratify the convention;", num=ops, level=1)
    draft.add("To report on progress;", num=ops, level=1)
    draft.add("*Requests* the Secretariat:", num=ops)
    draft.add("To assist States;", num=ops, level=1)

    paragraphs = read_docx(draft.to_bytes(), "subs.docx").paragraphs

    assert [(p.number, p.text) for p in paragraphs] == [
        ("1", "Calls upon all States:"),
        (None, "(a) To ratify the convention;"),
        (None, "(b) To report on progress;"),
        ("2", "Requests the Secretariat:"),
        (None, "(a) To assist States;"),
    ]


def test_lists_continue_across_num_ids_unless_restarted(make_docx):
    draft = make_docx()
    first = draft.add_list(("decimal", "%1."), start=4)
    draft.add("Welcomes the report;", num=first)
    draft.add("Notes the progress;", num=first)
    draft.add("An unnumbered remark.")
    draft.add("Stresses the need for funding;", num=first)
    draft.add("Decides to continue;", num=draft.restart(first))
    draft.add("Looks forward to the next report;", num=draft.restart(first, at=7))

    numbers = [p.number for p in read_docx(draft.to_bytes(), "lists.docx").paragraphs]

    assert numbers == ["4", "5", None, "6", "1", "7"]


def test_pp_op_style_labels_stay_in_the_text_and_bullets_are_dropped(make_docx):
    draft = make_docx()
    pp = draft.add_list(("decimal", "PP%1"))
    op = draft.add_list(("decimal", "OP%1"))
    bullets = draft.add_list(("bullet", "•"))
    draft.add("*Recalling* the Charter,", num=pp)
    draft.add("*Noting* the report,", num=pp)
    draft.add("*Decides* to act.", num=op)
    draft.add("a point in a bullet list", num=bullets)

    paragraphs = read_docx(draft.to_bytes(), "pp.docx").paragraphs

    assert [p.text for p in paragraphs] == [
        "PP1 Recalling the Charter,",
        "PP2 Noting the report,",
        "OP1 Decides to act.",
        "a point in a bullet list",
    ]
    assert [p.number for p in paragraphs] == [None] * 4
    assert [p.lead for p in paragraphs] == ["Recalling", "Noting", "Decides", None]


def test_lead_after_a_typed_number_and_no_lead_for_plain_or_all_italic_text(make_docx):
    draft = make_docx()
    draft.add("3.\t*Urges* all parties to comply;")
    draft.add("Recalling in plain type its earlier decisions,")
    draft.add("*This whole note is in italics.*")
    draft.add("*Welcoming*  *also* the initiative,")

    paragraphs = read_docx(draft.to_bytes(), "typed.docx").paragraphs

    assert [(p.text, p.lead, p.number) for p in paragraphs] == [
        ("3. Urges all parties to comply;", "Urges", None),
        ("Recalling in plain type its earlier decisions,", None, None),
        ("This whole note is in italics.", None, None),
        ("Welcoming also the initiative,", "Welcoming also", None),
    ]


def test_security_council_draft_without_heading(make_docx):
    draft = make_docx()
    draft.add("The Security Council,")
    draft.add("*Reaffirming* its commitment to the sovereignty of all States,")
    draft.add("*Decides* to extend the mandate until 31 December 2099;", style="List Number")

    document = read_docx(draft.to_bytes(), "sc.docx")

    assert document.body == "SC"
    assert document.opening == "The Security Council,"
    assert document.title is None
    assert document.meta == {}
    assert len(document.paragraphs) == 2


def test_draft_without_formula_keeps_every_paragraph_and_finds_symbol_in_a_table(make_docx):
    draft = make_docx()
    table = draft.document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Human Rights Council"
    table.cell(0, 1).text = "A/HRC/99/L.3"
    draft.add("*Recognizing* the role of civil society,")

    document = read_docx(draft.to_bytes(), "hrc.docx")

    assert document.symbol == "A/HRC/99/L.3"
    assert document.body == "HRC"
    assert document.opening is None
    assert [p.text for p in document.paragraphs] == [
        "Human Rights Council",
        "A/HRC/99/L.3",
        "Recognizing the role of civil society,",
    ]


def test_tracked_deletions_are_dropped_and_insertions_kept(make_docx):
    draft = make_docx()
    draft.add("*Invites* the Commission")
    paragraph = draft.document.paragraphs[-1]._p
    paragraph.append(parse_xml(f"<w:del {nsdecls('w')}><w:r><w:delText> never</w:delText></w:r></w:del>"))
    paragraph.append(parse_xml(f'<w:ins {nsdecls("w")}><w:r><w:t xml:space="preserve"> to meet</w:t></w:r></w:ins>'))

    [only] = read_docx(draft.to_bytes(), "tracked.docx").paragraphs

    assert only.text == "Invites the Commission to meet"
    assert only.lead == "Invites"


def _valid(make_docx) -> bytes:
    draft = make_docx()
    draft.add("*Notes* the report.")
    return draft.to_bytes()


def _replace(data: bytes, name: str, content: bytes | None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename != name:
                dst.writestr(info, src.read(info.filename))
        if content is not None:
            dst.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda data: b"PK\x03\x04 plain text pretending", "not a zip archive"),
        (lambda data: data[: len(data) // 2], "not a zip archive"),
        (lambda data: _replace(data, "word/document.xml", b"<w:document><w:body><w:p>"), "XML"),
        (lambda data: _replace(data, "[Content_Types].xml", None), "not a valid Word document"),
        (lambda data: _replace(data, "word/document.xml", None), "not a valid Word document"),
    ],
    ids=["not-zip", "truncated", "broken-xml", "no-content-types", "no-document-part"],
)
def test_broken_files_raise_one_line_read_error(make_docx, change, reason):
    with pytest.raises(ReadError) as caught:
        read_docx(change(_valid(make_docx)), "broken.docx")

    message = str(caught.value)
    assert message.startswith("broken.docx: ")
    assert reason in message
    assert "\n" not in message


def test_a_plain_zip_or_an_empty_draft_is_an_error(make_docx):
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(ReadError, match="not a valid Word document"):
        read_docx(stream.getvalue(), "plain.docx")

    draft = make_docx()
    draft.add("")
    draft.add("   ")
    with pytest.raises(ReadError, match="holds no paragraphs"):
        read_docx(draft.to_bytes(), "blank.docx")


def test_title_that_looks_like_a_body_and_symbols_cited_in_clauses(make_docx):
    draft = make_docx()
    draft.add("The Peacebuilding Commission")
    draft.add("The General Assembly,")
    draft.add("*Recalling* A/RES/98/1,")

    document = read_docx(draft.to_bytes(), "titled.docx")

    assert document.title == "The Peacebuilding Commission"
    assert document.opening == "The General Assembly,"
    assert document.symbol is None

    draft = make_docx()
    draft.add("*Recalling* A/RES/98/1,")
    assert read_docx(draft.to_bytes(), "cited.docx").symbol is None


def test_word_draft_with_pp_op_numbering_reads_into_clauses(tmp_path, make_docx):
    draft = _draft_with_heading(make_docx)
    pp = draft.add_list(("decimal", "PP%1"))
    op = draft.add_list(("decimal", "OP%1"), ("lowerLetter", "(%2)"))
    draft.add("*Recalling* its resolution 98/7,[^Adopted without a vote.]", num=pp)
    draft.add("*Noting with concern* the findings of the report,^2^", num=pp)
    draft.add("*Calls upon* all States:", num=op)
    draft.add("To ratify the convention;", num=op, level=1)
    draft.add("To report on progress;", num=op, level=1)
    draft.add("*Decides* to remain seized of the matter.", num=op)
    path = tmp_path / "draft.docx"
    path.write_bytes(draft.to_bytes())

    clauses = split_clauses(read_document(path))

    assert [(c.section, c.number, c.lead) for c in clauses] == [
        (PREAMBULAR, None, "Recalling"),
        (PREAMBULAR, None, "Noting with concern"),
        (OPERATIVE, "1", "Calls upon"),
        (OPERATIVE, "2", "Decides"),
    ]
    assert clauses[1].text == "Noting with concern the findings of the report,"
    assert clauses[2].subparagraphs == ("(a) To ratify the convention;", "(b) To report on progress;")


def test_italics_from_a_character_style_unless_the_run_turns_them_off(make_docx):
    draft = make_docx()
    styled = draft.document.add_paragraph()
    styled.add_run("Reaffirming", style="Emphasis")
    styled.add_run(" its commitment,")
    switched_off = draft.document.add_paragraph()
    switched_off.add_run("Stressing", style="Emphasis").italic = False
    switched_off.add_run(" the need,")

    paragraphs = read_docx(draft.to_bytes(), "styled.docx").paragraphs

    assert [p.lead for p in paragraphs] == ["Reaffirming", None]
