"""Property tests: whatever the bytes, each reader then ``split_clauses`` gives clauses or a ReadError."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from functools import cache

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolute.model.normalize import fold
from resolute.model.readers import read_bytes
from resolute.model.readers.akn import read_akn
from resolute.model.readers.docx import read_docx
from resolute.model.readers.text import read_text
from resolute.model.records import OPERATIVE, PREAMBULAR, Clause, Document, ReadError
from resolute.model.segment import split_clauses

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
READERS: dict[str, Callable[[bytes, str], Document]] = {
    "fuzz.xml": read_akn,
    "fuzz.txt": read_text,
    "fuzz.docx": read_docx,
}

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
AKN_TAGS = [
    "statement", "documentCollection", "component", "preamble", "formula", "container", "mainBody",
    "paragraph", "num", "content", "p", "span", "list", "point", "intro", "authorialNote", "section",
    "heading", "crossHeading", "blockList", "item", "FRBRWork", "FRBRthis", "docTitle",
]  # fmt: skip
W_TAGS = [
    "w:p", "w:r", "w:t", "w:pPr", "w:rPr", "w:i", "w:vertAlign", "w:numPr", "w:numId", "w:ilvl", "w:tab",
    "w:br", "w:tbl", "w:tr", "w:tc", "w:hyperlink", "w:del", "w:ins", "w:delText", "w:pStyle", "w:rStyle",
    "w:footnoteReference", "w:sdt", "w:sdtContent",
]  # fmt: skip
WORDS = [
    "The General Assembly,", "Recalling", "Decides", "Requests", "1.", "2.", "(a)", "(b)", "PP1", "OP2",
    "_____", "[DU1]", "<<ODS JOB NO>>N0254928E<<ODS JOB NO>>", "A/RES/99/1", "Distr.: General", "12",
    "77th plenary meeting", "also", "resolution 98/7,", ";", ".", ":", "-", "\u00a0", "é", "\x00", "\ufeff",
]  # fmt: skip
NUMBERING_TAGS = [
    "w:abstractNum", "w:num", "w:lvl", "w:start", "w:numFmt", "w:lvlText", "w:lvlOverride",
    "w:startOverride", "w:abstractNumId",
]  # fmt: skip
W_ATTRS = ["w:val", "w:id", "w:ilvl", "w:numId", "w:abstractNumId"]
ATTR_VALUES = [
    "0", "1", "2", "-1", "9", "x", "superscript", "true", "false", "Recalling", "#preamble", "", "%1.",
    "(%2)", "OP%1", "%9", "lowerLetter", "upperRoman", "bullet", "none", "99999999999",
]  # fmt: skip


def _check(document: Document) -> None:
    clauses = split_clauses(document)
    assert isinstance(clauses, list)
    for index, clause in enumerate(clauses):
        assert isinstance(clause, Clause)
        assert clause.index == index
        assert clause.section in {PREAMBULAR, OPERATIVE}
        assert isinstance(clause.text, str) and isinstance(clause.lead, str)
        assert clause.text == fold(clause.text)  # white space folded, by the segmenter or a structured reader


def _read_then_split(reader: Callable[[bytes, str], Document], data: bytes, source: str) -> None:
    try:
        document = reader(data, source)
    except ReadError as error:
        assert str(error).startswith(f"{source}: ")
        assert "\n" not in str(error)
        return
    _check(document)


def _elements(tags: list[str], attrs: list[str]) -> st.SearchStrategy[str]:
    """Random XML-ish trees over ``tags``, with words and attributes that readers look at."""
    text = st.sampled_from(WORDS) | st.text(max_size=12)

    def element(children: st.SearchStrategy[list[str]]) -> st.SearchStrategy[str]:
        return st.builds(
            lambda tag, attr, value, head, kids: f'<{tag} {attr}="{value}">{_escape(head)}{"".join(kids)}</{tag}>',
            st.sampled_from(tags),
            st.sampled_from(attrs),
            st.sampled_from(ATTR_VALUES),
            text,
            children,
        )

    return st.recursive(text.map(_escape), lambda kids: element(st.lists(kids, max_size=4)), max_leaves=25)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@cache
def _blank_docx() -> bytes:
    stream = io.BytesIO()
    docx.Document().save(stream)
    return stream.getvalue()


def _docx_with(parts: dict[str, str]) -> bytes:
    """A real .docx with some parts (``word/document.xml``...) replaced by the given XML."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_blank_docx())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = parts[info.filename].encode() if info.filename in parts else src.read(info.filename)
            dst.writestr(info, content)
    return out.getvalue()


def _w(root: str, inner: str) -> str:
    return f'<w:{root} xmlns:w="{W_NS}">{inner}</w:{root}>'


# Word XML that is well formed and close to what Word writes, so the reader gets past parsing.
_XML_TEXT = st.sampled_from([w for w in WORDS if w != "\x00"]) | st.text(
    st.characters(exclude_categories=("Cs", "Cc")), max_size=12
)
_RUN_PROPERTY = st.sampled_from(
    ["<w:i/>", '<w:i w:val="0"/>', '<w:vertAlign w:val="superscript"/>', '<w:rStyle w:val="Emphasis"/>']
)
_RUN_CONTENT = st.sampled_from(["<w:tab/>", "<w:br/>", '<w:footnoteReference w:id="1"/>']) | _XML_TEXT.map(
    lambda text: f'<w:t xml:space="preserve">{_escape(text)}</w:t>'
)
_RUN = st.builds(
    lambda wrap, props, content: wrap.format(f"<w:r><w:rPr>{''.join(props)}</w:rPr>{''.join(content)}</w:r>"),
    st.sampled_from(["{}", "{}", "<w:hyperlink>{}</w:hyperlink>", "<w:del>{}</w:del>", "<w:ins>{}</w:ins>"]),
    st.lists(_RUN_PROPERTY, max_size=2),
    st.lists(_RUN_CONTENT, min_size=1, max_size=3),
)
_NUMBERING_USE = st.builds(
    lambda num, level: f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>',
    st.integers(-1, 12),
    st.integers(-1, 10),
)
_PARAGRAPH = st.builds(
    lambda style, numbering, runs: f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{numbering}</w:pPr>{"".join(runs)}</w:p>',
    st.sampled_from(["Normal", "ListNumber", "ListBullet", "Heading1", "Quote", "Missing"]),
    st.just("") | _NUMBERING_USE,
    st.lists(_RUN, max_size=4),
)
_TABLE = st.lists(_PARAGRAPH, min_size=1, max_size=3).map(
    lambda cells: f"<w:tbl><w:tr><w:tc>{''.join(cells)}</w:tc></w:tr></w:tbl>"
)
_LEVEL = st.builds(
    lambda ilvl, start, fmt, text: (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
    ),
    st.integers(-1, 9),
    st.sampled_from(["0", "1", "5", "-3", "99999999999", "x"]),
    st.sampled_from(["decimal", "lowerLetter", "upperLetter", "lowerRoman", "upperRoman", "bullet", "none", "odd"]),
    st.sampled_from(["%1.", "(%2)", "OP%1", "PP%1", "%1.%2.%3", "%9", "•", "", "%"]),
)
_ABSTRACT = st.builds(
    lambda i, levels: f'<w:abstractNum w:abstractNumId="{i}">{"".join(levels)}</w:abstractNum>',
    st.integers(0, 4),
    st.lists(_LEVEL, max_size=4),
)
_NUM = st.builds(
    lambda i, abstract, override: f'<w:num w:numId="{i}"><w:abstractNumId w:val="{abstract}"/>{override}</w:num>',
    st.integers(0, 6),
    st.integers(0, 5),
    st.sampled_from(
        [
            "",
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride>',
            '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="x"/></w:lvlOverride>',
        ]
    ),
)


@pytest.mark.parametrize("source", list(READERS))
@FAST
@given(data=st.binary(max_size=3000))
def test_any_bytes_to_each_reader(source, data):
    _read_then_split(READERS[source], data, source)


@pytest.mark.parametrize("source", [*READERS, "fuzz.xml.gz"])
@FAST
@given(data=st.binary(max_size=3000))
def test_any_bytes_through_the_dispatch(source, data):
    _read_then_split(read_bytes, data, source)


@FAST
@given(
    lines=st.lists(st.sampled_from(WORDS) | st.text(max_size=40), max_size=30),
    newline=st.sampled_from(["\n", "\r\n", "\n\n", "\r"]),
    encoding=st.sampled_from(["utf-8", "utf-16", "cp1252", "utf-8-sig"]),
)
def test_any_text_in_any_encoding(lines, newline, encoding):
    data = newline.join(lines).encode(encoding, errors="ignore")
    _read_then_split(read_text, data, "fuzz.txt")


@FAST
@given(tree=_elements(AKN_TAGS, ["name", "class", "refersTo", "value", "eId"]), cut=st.integers(0, 4000))
def test_any_akn_like_xml_even_truncated(tree, cut):
    data = f'<akomaNtoso xmlns="{AKN_NS}">{tree}</akomaNtoso>'.encode()
    _read_then_split(read_akn, data, "fuzz.xml")
    _read_then_split(read_akn, data[:cut], "fuzz.xml")


@FAST
@given(body=st.lists(st.one_of(_PARAGRAPH, _PARAGRAPH, _TABLE, _elements(W_TAGS, W_ATTRS)), max_size=8))
def test_any_word_body_xml(body):
    xml = _w("document", f"<w:body>{''.join(body)}</w:body>")
    _read_then_split(read_docx, _docx_with({"word/document.xml": xml}), "fuzz.docx")


@FAST
@given(
    definitions=st.lists(st.one_of(_ABSTRACT, _NUM, _elements(NUMBERING_TAGS, W_ATTRS)), max_size=8),
    body=st.lists(_PARAGRAPH, min_size=1, max_size=10),
)
def test_any_numbering_definitions(definitions, body):
    parts = {
        "word/document.xml": _w("document", f"<w:body>{''.join(body)}</w:body>"),
        "word/numbering.xml": _w("numbering", "".join(definitions)),
    }
    _read_then_split(read_docx, _docx_with(parts), "fuzz.docx")
