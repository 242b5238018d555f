"""Reader for Akoma Ntoso (AKN4UN) XML resolutions, plain or gzip-compressed.

One pass of lxml over the parsed tree finds the statements, the metadata, and the elements with
footnotes or list points below them. A paragraph without footnotes has its text serialised by
libxml2 in one call; one with footnotes is walked in Python down to them only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from lxml import etree

from resolute.model.normalize import fold
from resolute.model.records import OPERATIVE, PREAMBULAR, Document, Paragraph, ReadError

AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
_PARSER = etree.XMLParser(recover=True, huge_tree=True, resolve_entities=False, no_network=True)
_SUBNUMBER = re.compile(r"^(\(?([a-z]{1,2}|[ivxlc]+)\)|[a-z]{1,2}\.|[ivxlc]+\.|[•·\-−–—*])$", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:.]\W*$")
_BODIES = {"unga": "GA", "unsc": "SC", "unga-hrc": "HRC"}
# Tags compared in full ("{namespace}name"): an element of another namespace matches none of them.
_NOTE, _NUM, _SPAN, _POINT, _ITEM = (AKN + t for t in ("authorialNote", "num", "span", "point", "item"))
_PARAGRAPH, _CROSS_HEADING, _FORMULA = AKN + "paragraph", AKN + "crossHeading", AKN + "formula"
_PREAMBLE, _MAIN_BODY, _STATEMENT = AKN + "preamble", AKN + "mainBody", AKN + "statement"
_FRBR_WORK, _FRBR_THIS, _DOC_TITLE = AKN + "FRBRWork", AKN + "FRBRthis", AKN + "docTitle"
_GROUPS = frozenset(AKN + t for t in ("section", "part", "chapter", "title", "division"))
_PREAMBLE_BLOCKS = frozenset(AKN + t for t in ("container", "blockList", "block", "p"))
_HEADING_PARTS = frozenset(AKN + t for t in ("heading", "subheading", "num"))
_NOTES = (_NOTE,)
_NOTES_AND_NUMS = (_NOTE, _NUM)
_tostring = etree.tostring

_Children = Sequence[etree._Element]


def _child(children: Iterable[etree._Element], tag: str) -> etree._Element | None:
    """The first of ``children`` with ``tag`` (``element.find(tag)`` without the path machinery)."""
    for child in children:
        if child.tag == tag:
            return child
    return None


def _above(nodes: Iterable[etree._Element]) -> set[etree._Element]:
    """The ancestors of ``nodes``. The set holds the element proxies, so lxml hands out the same ones later."""
    found: set[etree._Element] = set()
    for node in nodes:
        for ancestor in node.iterancestors():
            if ancestor in found:
                break  # and so are its own ancestors
            found.add(ancestor)
    return found


def _plain_text(element: etree._Element, children: _Children) -> str:
    """The text of an element with no footnote or entity reference below it, less its own ``num``.

    libxml2 serialises the text content (text and CDATA, not comments or processing instructions).
    """
    nums = [child for child in children if child.tag == _NUM]
    if not nums:
        return _tostring(element, method="text", encoding=str, with_tail=False)
    text = element.text or ""
    if len(nums) == 1 and children[0] is nums[0] and not len(nums[0]):  # the usual <num>1.</num> first
        whole = _tostring(element, method="text", encoding=str, with_tail=False)
        return text + whole[len(text) + len(nums[0].text or "") :]
    parts = [text]
    for child in children:
        if child.tag == _NUM or not isinstance(child.tag, str):
            parts.append(child.tail or "")
        else:
            parts.append(_tostring(child, method="text", encoding=str))  # with its tail
    return "".join(parts)


def _opening(
    node: etree._Element, children: Iterable[etree._Element], skipped: tuple[str, ...] = _NOTES
) -> etree._Element | str | None:
    """The element whose own text opens ``node``'s text, "text" when a tail does, None when all is blank.

    ``children`` are ``node``'s; those tagged ``skipped`` (footnotes) are not looked into.
    """
    text = node.text
    if text and not text.isspace():
        return node
    for child in children:
        tag = child.tag
        if isinstance(tag, str) and tag not in skipped:
            found = _opening(child, child)
            if found is not None:
                return found
        tail = child.tail
        if tail and not tail.isspace():
            return "text"
    return None


def _leading_italic(element: etree._Element, children: _Children) -> str | None:
    """The italic span that opens the element's text (its own number and footnotes aside)."""
    node = _opening(element, children, _NOTES_AND_NUMS)
    if isinstance(node, str) or node is None:
        return None
    if node.tag == _SPAN and "italic" in (node.get("class") or ""):
        return fold(node.text if not len(node) else "".join(node.itertext())).strip(" ,;:") or None
    return None


def _opens_with(text: str, lead: str) -> bool:
    """``text.lower().startswith(lead.lower())``, lowering only the start of ``text`` when both are ASCII."""
    start = text[: len(lead)]
    if start.isascii() and lead.isascii():
        return start.lower() == lead.lower()
    return text.lower().startswith(lead.lower())


def _number(children: _Children) -> str | None:
    num = _child(children, _NUM)
    if num is None:
        return None
    value = fold("".join(num.itertext())).rstrip(".")
    return value or None


def _is_heading(children: _Children) -> bool:
    """A paragraph that only holds a heading or subheading (section titles are not clauses)."""
    tags = {child.tag for child in children if isinstance(child.tag, str)}
    return bool(tags) and tags <= _HEADING_PARTS and _NUM not in tags


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


class _Tree:
    """One parsed AKN document: its statements, metadata and paragraphs."""

    def __init__(self, root: etree._Element) -> None:
        self.statements: list[etree._Element] = []
        self.works: list[etree._Element] = []  # FRBRWork elements, in document order
        self.titles: list[etree._Element] = []  # docTitle elements, in document order
        notes, points = [], []
        for node in root.iter(_STATEMENT, _NOTE, etree.Entity, _POINT, _ITEM, _FRBR_WORK, _DOC_TITLE):
            tag = node.tag
            if tag == _STATEMENT:
                if _child(node, _MAIN_BODY) is not None:
                    self.statements.append(node)
            elif tag in (_POINT, _ITEM):
                points.append(node)
            elif tag == _FRBR_WORK:
                if node is not root:
                    self.works.append(node)
            elif tag == _DOC_TITLE:
                if node is not root:
                    self.titles.append(node)
            else:  # a footnote or an entity reference
                notes.append(node)
        self.noted = _above(notes)  # elements whose text must be walked node by node
        self.listing = _above(points)  # elements with list points below them

    def frbr_this(self) -> etree._Element | None:
        """``root.find(".//FRBRWork/FRBRthis")``."""
        for work in self.works:
            found = _child(work, _FRBR_THIS)
            if found is not None:
                return found
        return None

    def title(self) -> etree._Element | None:
        """The docTitle that refers to the resolution's title, else the first."""
        for title in self.titles:
            if title.get("refersTo") == "#resolutionTitle":
                return title
        return self.titles[0] if self.titles else None

    def text(self, element: etree._Element, children: _Children | None = None) -> str:
        """The text of an element without footnotes (authorialNote) and without its own ``num``.

        Comments, processing instructions and entity references add no text; their tails do.
        """
        if element in self.noted:
            return fold(self._walked_text(element))
        return fold(_plain_text(element, list(element) if children is None else children))

    def _walked_text(self, element: etree._Element) -> str:
        """The text of an element with footnotes or entity references below it, node by node.

        Only the path to them is walked in Python: a child with none below it is serialised at once.
        """
        parts: list[str] = []

        def walk(node: etree._Element, skipped: tuple[str, ...]) -> None:
            if node.text:
                parts.append(node.text)
            for child in node:
                tag = child.tag
                if isinstance(tag, str) and tag not in skipped:
                    if child in self.noted:
                        walk(child, _NOTES)
                    else:
                        parts.append(_tostring(child, method="text", encoding=str, with_tail=False))
                if child.tail:
                    parts.append(child.tail)

        walk(element, _NOTES_AND_NUMS)
        return "".join(parts)

    def sub_texts(self, element: etree._Element) -> tuple[str, ...]:
        """Texts of the sub-paragraphs (list points or block-list items), with their labels.

        ``element`` is a paragraph-level element, never a point or item itself.
        """
        if element not in self.listing:
            return ()
        subs = []
        for item in element.iter(_POINT, _ITEM):
            for _ in item.iterancestors(_POINT, _ITEM):
                break  # a point inside a point belongs to the outer one
            else:
                children = list(item)
                num = _child(children, _NUM)
                label = fold(num.text or "") if num is not None else ""
                subs.append(fold(f"{label} {self.text(item, children)}"))
        return tuple(subs)

    def paragraph(
        self, element: etree._Element, children: _Children, section: str, number: str | None
    ) -> Paragraph | None:
        """The paragraph that ``element`` (with ``children``) holds, None when it has no text."""
        text = self.text(element, children)
        if not text:
            return None
        subs = self.sub_texts(element)
        lead = _leading_italic(element, children) or (element.get("name") if section == PREAMBULAR else None)
        if lead and not _opens_with(text, lead):
            lead = None
        return Paragraph(text=text, section=section, number=number, lead=lead, subparagraphs=subs)

    def walk_body(self, container: etree._Element) -> Iterator[Paragraph]:
        """Paragraphs of a mainBody (or a section/part inside it), in document order.

        Sub-items marked up as paragraphs of their own (numbered "(a)", "i.", bullets, or unnumbered
        continuations without an italic lead) are attached to the paragraph before them.
        """
        previous: Paragraph | None = None
        for node in container:
            tag = node.tag
            if tag in _GROUPS:
                if previous:
                    yield previous
                    previous = None
                yield from self.walk_body(node)
                continue
            if tag == _CROSS_HEADING and (node.get("refersTo") or "").lstrip("#") == "preamble":
                para = self.paragraph(node, list(node), PREAMBULAR, None)
            elif tag == _PARAGRAPH:
                children = list(node)
                if _is_heading(children):
                    continue
                para = self.paragraph(node, children, OPERATIVE, _number(children))
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

    def read_statement(self, statement: etree._Element) -> tuple[list[Paragraph], str | None]:
        """Paragraphs of every preamble and mainBody of a statement, in document order.

        A few files split the preamble in two with a stray mainBody between the parts
        (preamble, mainBody, preamble, mainBody): the paragraphs of a mainBody that a preamble
        follows are preambular.
        """
        paragraphs: list[Paragraph] = []
        opening = None
        parts = [node for node in statement if node.tag == _PREAMBLE or node.tag == _MAIN_BODY]
        for position, part in enumerate(parts):
            if part.tag == _MAIN_BODY:
                found = list(self.walk_body(part))
                if any(later.tag == _PREAMBLE for later in parts[position + 1 :]):
                    found = [replace(para, section=PREAMBULAR, number=None) for para in found]
                paragraphs.extend(found)
                continue
            for node in part:
                tag = node.tag
                if tag == _FORMULA and opening is None:
                    opening = self.text(node) or None
                elif tag in _PREAMBLE_BLOCKS:
                    para = self.paragraph(node, list(node), PREAMBULAR, None)
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
    tree = _Tree(root)
    if not tree.statements:
        raise ReadError(source, "no resolution body (AKN preamble or mainBody) found")
    paragraphs: list[Paragraph] = []
    opening = None
    for statement in tree.statements:
        found, formula = tree.read_statement(statement)
        paragraphs.extend(found)
        opening = opening or formula
    if not paragraphs:
        raise ReadError(source, "the resolution body holds no paragraphs")
    frbr = tree.frbr_this()
    symbol, body, date = symbol_from_frbr(frbr.get("value", ""), source) if frbr is not None else (None,) * 3
    title = tree.title()
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
