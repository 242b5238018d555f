"""The AKN reader: texts, numbers, leads, sub-paragraphs and metadata from invented AKN4UN markup."""

from __future__ import annotations

import pytest

from resolute.model.readers.akn import read_akn, symbol_from_frbr
from resolute.model.records import OPERATIVE, PREAMBULAR, ReadError

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
FRBR = "/akn/un/statement/deliberation/unga/2099-12-01/99-7/!main/"


def _akn(preamble: str = "", body: str = "", meta: str = "", extra: str = "") -> bytes:
    return (
        f'<!DOCTYPE akomaNtoso [<!ENTITY org "Organization">]><akomaNtoso xmlns="{NS}"><statement name="resolution">'
        f'<meta><identification><FRBRWork><FRBRthis value="{FRBR}"/></FRBRWork></identification></meta>{meta}'
        f"<preamble><formula><p>The <span>General</span> Assembly,</p></formula>{preamble}</preamble>"
        f"<mainBody>{body}</mainBody></statement>{extra}</akomaNtoso>"
    ).encode()


def _para(num: str, inner: str, attrs: str = "") -> str:
    return f"<paragraph {attrs}>\n  <num>{num}</num>\n  <content><p>\t{inner}</p></content>\n</paragraph>"


def _one(body: str = "", preamble: str = ""):
    document = read_akn(_akn(preamble, body), "r.xml")
    return document.paragraphs


def test_texts_leave_out_footnotes_and_the_own_number_but_keep_what_follows():
    (para,) = _one(
        _para(
            "1.",
            '<span class="italic">Requests</span> a report<authorialNote marker="1"><p>See <i>annex</i>.</p>'
            "</authorialNote> on   lighthouses\n by <num>2042</num>;",
        )
    )
    assert para.text == "Requests a report on lighthouses by 2042;"
    assert (para.section, para.number, para.lead) == (OPERATIVE, "1", "Requests")


def test_white_space_is_folded_in_plain_paragraphs_too() -> None:
    (para,) = _one(_para("3.", '<span class="italic">Decides</span>  to\n\tcontinue <b> its </b>  work;'))
    assert para.text == "Decides to continue its work;"


def test_comments_and_entities_add_no_text_but_their_tails_do():
    (para,) = _one(_para("2.", '<span class="italic">Urges</span> the <!-- a note -->&org; to act<?pi x?> now;'))
    assert para.text == "Urges the to act now;"
    (plain,) = _one(_para("3.", '<span class="italic">Urges</span> all<!-- a note --> States<?pi x?> to act;'))
    assert plain.text == "Urges all States to act;"


def test_a_number_that_is_not_the_first_child_is_still_left_out():
    body = '<paragraph><content><p><span class="italic">Decides</span> to meet;</p></content><num>4.</num></paragraph>'
    (para,) = _one(body)
    assert (para.text, para.number) == ("Decides to meet;", "4")


def test_the_lead_is_the_italic_span_that_opens_the_text():
    preamble = (
        '<container name="Recalling"><p><authorialNote><p>1</p></authorialNote> '
        '<span class="italic">Recalling also</span>, its resolution 98/1,</p></container>'
        '<container name="Noting"><p>Noting <span class="italic">with concern</span> the delays,</p></container>'
        '<container><p><span class="italic"><!-- c -->Bearing</span> in mind the report,</p></container>'
    )
    recalling, noting, bearing = _one(_para("1.", "Decides to meet;"), preamble)[:3]
    assert recalling.lead == "Recalling also"
    assert noting.lead == "Noting"  # no italic opening: the container's name, which the text opens with
    assert bearing.lead is None  # the span's text comes after a comment: a tail opens the paragraph
    assert {p.section for p in (recalling, noting, bearing)} == {PREAMBULAR}


def test_sub_paragraphs_are_the_outermost_points_with_their_labels():
    body = _para(
        "1.",
        '<span class="italic">Decides</span> that the fund shall:'
        "<list><point><num>(a)</num><content><p>Support training<authorialNote><p>x</p></authorialNote>;</p>"
        "<list><point><num>(i)</num><content><p>at sea;</p></content></point></list></content></point>"
        "<point><num>(b)</num><content><p>Finance projects.</p></content></point></list>",
    )
    (para,) = _one(body)
    assert para.subparagraphs == ("(a) Support training;(i)at sea;", "(b) Finance projects.")
    assert para.text == "Decides that the fund shall:(a)Support training;(i)at sea;(b)Finance projects."


def test_sub_numbered_and_unnumbered_paragraphs_join_the_one_before_and_headings_are_dropped():
    body = (
        "<paragraph><heading>Follow-up</heading></paragraph>"
        + _para("1.", '<span class="italic">Requests</span> the following:')
        + _para("(a)", "a report;")
        + "<paragraph><content><p>and a plan;</p></content></paragraph>"
        + _para("2.", '<span class="italic">Decides</span> to remain seized of the matter.')
    )
    first, second = _one(body)
    assert first.text == "Requests the following: (a) a report; and a plan;"
    assert first.subparagraphs == ("(a) a report;", "and a plan;")
    assert (second.number, second.lead) == ("2", "Decides")


def test_a_main_body_before_another_preamble_is_preambular():
    xml = (
        f'<akomaNtoso xmlns="{NS}"><statement><preamble><container><p><span class="italic">Recalling</span> '
        'a,</p></container></preamble><mainBody><paragraph><content><p><span class="italic">Noting</span> '
        "b,</p></content></paragraph></mainBody><preamble/><mainBody>"
        + _para("1.", '<span class="italic">Decides</span> c;')
        + "</mainBody></statement></akomaNtoso>"
    )
    paragraphs = read_akn(xml.encode(), "split.xml").paragraphs
    assert [(p.section, p.number) for p in paragraphs] == [(PREAMBULAR, None), (PREAMBULAR, None), (OPERATIVE, "1")]


def test_metadata_symbol_opening_and_the_resolution_title():
    meta = (
        "<preface><docTitle>Draft <authorialNote><p>n</p></authorialNote>title</docTitle>"
        '<docTitle refersTo="#resolutionTitle">Lighthouses  and fisheries</docTitle></preface>'
    )
    document = read_akn(_akn(body=_para("1.", "Decides to meet;"), meta=meta), "A_RES_99_7.xml")
    assert (document.symbol, document.body, document.date) == ("A/RES/99/7", "GA", "2099-12-01")
    assert document.title == "Lighthouses and fisheries"
    assert document.opening == "The General Assembly,"
    untitled = read_akn(
        _akn(body=_para("1.", "Decides to meet;"), meta="<preface><docTitle>A  b</docTitle></preface>"), "x"
    )
    assert untitled.title == "A b"


def test_statements_of_a_collection_are_read_in_order_and_one_without_a_body_is_skipped():
    part = f"<statement><preamble/><mainBody>{_para('1.', '{}')}</mainBody></statement>"
    xml = (
        f'<akomaNtoso xmlns="{NS}"><documentCollection><statement><preamble/></statement>'
        f"{part.format('Decides A;')}{part.format('Decides B;')}</documentCollection></akomaNtoso>"
    )
    assert [p.text for p in read_akn(xml.encode(), "c.xml").paragraphs] == ["Decides A;", "Decides B;"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not readable as XML"),
        (f'<akomaNtoso xmlns="{NS}"><statement><preamble/></statement></akomaNtoso>'.encode(), "no resolution body"),
        (f'<akomaNtoso xmlns="{NS}"><statement><mainBody/></statement></akomaNtoso>'.encode(), "holds no paragraphs"),
    ],
)
def test_unreadable_documents(data, reason):
    with pytest.raises(ReadError, match=reason):
        read_akn(data, "bad.xml")


def test_symbol_from_frbr():
    assert symbol_from_frbr("/akn/un/statement/deliberation/unsc/2024-01-10/2722-2024/!main/", "S_RES_2722.xml") == (
        "S/RES/2722 (2024)",
        "SC",
        "2024-01-10",
    )
    assert symbol_from_frbr("/akn/un/x") == (None, None, None)
