"""Reader for Akoma Ntoso (AKN4UN) XML resolutions, plain or gzip-compressed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from lxml import etree

from resolute.model.normalize import fold
from resolute.model.records import OPERATIVE, PREAMBULAR, Document, Paragraph, ReadError

AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
_PARSER = etree.XMLParser(recover=True, huge_tree=True, resolve_entities=False, no_network=True)
_SUBLABEL = re.compile(r"^\(?([a-z]{1,4}|[ivxlc]+|\d{1,2})[.)]\s", re.IGNORECASE)
_SUBNUMBER = re.compile(r"^(\(?([a-z]{1,2}|[ivxlc]+)\)|[a-z]{1,2}\.|[ivxlc]+\.|[•·\-−–—*])$", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:.]\W*$")
_BODIES = {"unga": "GA", "unsc": "SC", "unga-hrc": "HRC"}
_NOTE = AKN + "authorialNote"


def _text(element: etree._Element) -> str:
    """The text of an element without footnotes (authorialNote) and without its own ``num``."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text and isinstance(node.tag, str):
            parts.append(node.text)
        for child in node:
            own_num = node is element and child.tag == AKN + "num"
            if isinstance(child.tag, str) and child.tag != _NOTE and not own_num:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return fold("".join(parts))


def _tag(node: etree._Element) -> str:
    return node.tag[len(AKN) :] if isinstance(node.tag, str) and node.tag.startswith(AKN) else ""


def _leading_italic(element: etree._Element) -> str | None:
    """The italic span that opens the element's text (its own number and footnotes aside)."""

    def first(node: etree._Element) -> etree._Element | str | None:
        if (node.text or "").strip():
            return node
        for child in node:
            own_num = node is element and child.tag == AKN + "num"
            found = None if not isinstance(child.tag, str) or child.tag == _NOTE or own_num else first(child)
            if found is not None:
                return found
            if (child.tail or "").strip():
                return "text"
        return None

    node = first(element)
    if isinstance(node, str) or node is None:
        return None
    if _tag(node) == "span" and "italic" in (node.get("class") or ""):
        return fold("".join(node.itertext())).strip(" ,;:") or None
    return None


def _sub_texts(element: etree._Element) -> tuple[str, ...]:
    """Texts of the sub-paragraphs (list points or block-list items), with their labels."""
    subs = []
    for item in element.iter(AKN + "point", AKN + "item"):
        if any(_tag(a) in {"point", "item"} for a in item.iterancestors()):
            continue
        num = item.find(AKN + "num")
        label = fold(num.text or "") if num is not None else ""
        body = _text(item)
        subs.append(fold(f"{label} {body}"))
    return tuple(subs)


def _paragraph(element: etree._Element, section: str, number: str | None) -> Paragraph | None:
    text = _text(element)
    if not text:
        return None
    subs = _sub_texts(element)
    lead = _leading_italic(element) or (element.get("name") if section == PREAMBULAR else None)
    if lead and not text.lower().startswith(lead.lower()):
        lead = None
    return Paragraph(text=text, section=section, number=number, lead=lead, subparagraphs=subs)


def _number(element: etree._Element) -> str | None:
    num = element.find(AKN + "num")
    if num is None:
        return None
    value = fold("".join(num.itertext())).rstrip(".")
    return value or None


def _is_heading(element: etree._Element) -> bool:
    """A paragraph that only holds a heading or subheading (section titles are not clauses)."""
    children = {_tag(c) for c in element if isinstance(c.tag, str)}
    return bool(children) and children <= {"heading", "subheading", "num"} and "num" not in children


def _is_title(para: Paragraph) -> bool:
    """A short unnumbered line without closing punctuation: a heading, not a clause."""
    unnumbered = para.number is None or not para.number[0].isdigit()
    return unnumbered and not _CLAUSE_END.search(para.text) and len(para.text.split()) <= 12


def _attach(parent: Paragraph, child: Paragraph, label: str | None) -> Paragraph:
    sub = f"{label} {child.text}" if label else child.text
    return Paragraph(
        text=f"{parent.text} {sub}",
        section=parent.section,
        number=parent.number,
        lead=parent.lead,
        subparagraphs=(*parent.subparagraphs, sub),
    )


def _walk_body(container: etree._Element) -> Iterator[Paragraph]:
    """Paragraphs of a mainBody (or a section/part inside it), in document order.

    Sub-items marked up as paragraphs of their own (numbered "(a)", "i.", bullets, or unnumbered
    continuations without an italic lead) are attached to the paragraph before them.
    """
    previous: Paragraph | None = None
    for node in container:
        tag = _tag(node)
        if tag in {"section", "part", "chapter", "title", "division"}:
            if previous:
                yield previous
                previous = None
            yield from _walk_body(node)
            continue
        if tag == "crossHeading" and (node.get("refersTo") or "").lstrip("#") == "preamble":
            para = _paragraph(node, PREAMBULAR, None)
        elif tag == "paragraph" and not _is_heading(node):
            para = _paragraph(node, OPERATIVE, _number(node))
        else:
            continue
        if para is None or (para.section == PREAMBULAR and not para.lead and _is_title(para)):
            continue
        if para.section == OPERATIVE and previous and previous.section == OPERATIVE:
            if para.number and _SUBNUMBER.match(para.number):
                previous = _attach(previous, para, para.number)
                continue
            if para.number is None and not para.lead:
                if not _is_title(para):
                    previous = _attach(previous, para, None)
                continue
        if para.section == OPERATIVE and not para.lead and _is_title(para):
            continue
        if previous:
            yield previous
        previous = para
    if previous:
        yield previous


def _read_statement(statement: etree._Element) -> tuple[list[Paragraph], str | None]:
    """Paragraphs of every preamble and mainBody of a statement, in document order.

    A few files split the preamble in two with a stray mainBody between the parts
    (preamble, mainBody, preamble, mainBody): the paragraphs of a mainBody that a preamble
    follows are preambular.
    """
    paragraphs: list[Paragraph] = []
    opening = None
    parts = [node for node in statement if _tag(node) in {"preamble", "mainBody"}]
    for position, part in enumerate(parts):
        if _tag(part) == "mainBody":
            found = list(_walk_body(part))
            if any(_tag(later) == "preamble" for later in parts[position + 1 :]):
                found = [replace(para, section=PREAMBULAR, number=None) for para in found]
            paragraphs.extend(found)
            continue
        for node in part:
            tag = _tag(node)
            if tag == "formula" and opening is None:
                opening = _text(node) or None
            elif tag in {"container", "blockList", "block", "p"}:
                para = _paragraph(node, PREAMBULAR, None)
                if para and (para.lead or not _is_title(para)):
                    paragraphs.append(para)
    return paragraphs, opening


def symbol_from_frbr(uri: str, source: str = "") -> tuple[str | None, str | None, str | None]:
    """Document symbol, body and date from an AKN FRBRWork URI.

    ``/akn/un/statement/deliberation/unga/2020-12-10/75-100/!main/`` gives
    ``("A/RES/75/100", "GA", "2020-12-10")``. The source file name tells Security Council
    presidential statements and drafts from resolutions.
    """
    parts = [p for p in uri.split("/") if p]
    if len(parts) < 7:
        return None, None, None
    organ, date, ident = parts[4], parts[5], parts[6]
    body = _BODIES.get(organ)
    date = None if date.startswith("0001") else date
    name = source.replace("\\", "/").rsplit("/", 1)[-1].upper()
    if organ == "unsc" or (organ == "un" and "PRST" in name):
        first, _, second = ident.partition("-")
        if "PRST" in name:
            return f"S/PRST/{first}/{second}", "SC", date
        if re.match(r"S_\d{4}[_-]\d+", name):
            return f"S/{first}/{second}", "SC", date
        return f"S/RES/{first} ({second})", "SC", date
    if organ == "unga-hrc":
        session, _, number = ident.partition("-")
        return f"A/HRC/RES/{session}/{number}", body, date
    if organ == "unga":
        match = re.match(r"^((?:ES-|S-)?\d+)-(\d+)([A-Z](?:-[A-Z])?)?$", ident)
        if match:
            session, number, part = match.groups()
            return f"A/RES/{session}/{number}" + (f" {part}" if part else ""), body, date
    return None, body, date


def read_akn(data: bytes, source: str) -> Document:
    """Read an AKN4UN resolution (``statement`` or ``documentCollection``) into a Document."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        raise ReadError(source, f"not readable as XML ({error.msg})") from None
    if root is None:
        raise ReadError(source, "not readable as XML")
    statements = [s for s in root.iter(AKN + "statement") if s.find(AKN + "mainBody") is not None]
    if not statements:
        raise ReadError(source, "no resolution body (AKN preamble or mainBody) found")
    paragraphs: list[Paragraph] = []
    opening = None
    for statement in statements:
        found, formula = _read_statement(statement)
        paragraphs.extend(found)
        opening = opening or formula
    if not paragraphs:
        raise ReadError(source, "the resolution body holds no paragraphs")
    frbr = root.find(f".//{AKN}FRBRWork/{AKN}FRBRthis")
    symbol, body, date = symbol_from_frbr(frbr.get("value", ""), source) if frbr is not None else (None,) * 3
    title = root.find(f".//{AKN}docTitle[@refersTo='#resolutionTitle']")
    if title is None:
        title = root.find(f".//{AKN}docTitle")
    return Document(
        source=source,
        paragraphs=paragraphs,
        symbol=symbol,
        body=body,
        date=date,
        title=fold("".join(title.itertext())) if title is not None else None,
        opening=opening,
        structured=True,
    )
