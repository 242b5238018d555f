"""Reader for Word drafts (``.docx``): paragraphs, italic leads and Word's automatic numbering.

python-docx opens the package; the paragraph XML is walked directly so that text inside
hyperlinks, fields and tracked insertions is kept, deleted text and footnote marks are dropped,
and the list numbers that Word draws (but does not store in the text) are computed from
``numbering.xml`` the way Word counts them.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from resolute.model.records import Document, Paragraph, ReadError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
MAX_UNZIPPED = 200 * 1024 * 1024  # python-docx loads every part into memory

_SPACE = re.compile(r"\s+")
_FALSE = {"0", "false", "off", "none"}
_NOTE_MARK = re.compile(r"^[\s\d,*†‡§]+$")  # superscript footnote marks typed as text
_TYPED_NUMBER = re.compile(r"^(?:[PO]P\s*\d+|\d{1,3}|\(?[a-z]{1,4}\)|[ivxlc]{1,6})[.:)]?$", re.IGNORECASE)
_SYMBOL = re.compile(r"\b(?:A|S|E)(?:/[A-Z0-9][A-Za-z0-9.\-]*)+(?: \(\d{4}\))?")
_FORMULA = re.compile(
    r"^The ((?:[A-Z][\w\-]*\s+)*?(?:Assembly|Council|Commission|Conference|Committee|Board))\s*[,:]?$"
)
_BODY_OF_FORMULA = {"General Assembly": "GA", "Security Council": "SC", "Human Rights Council": "HRC"}
_BANNER = re.compile(
    r"^(?:United Nations|General Assembly|Security Council|Human Rights Council|Distr|Original:|"
    r"Agenda item|Item \d|\d{1,2} \w+ \d{4}$|[\w\-]+ session\b)|draft resolution\W*$|session$",
    re.IGNORECASE,
)
# Tags whose runs are not part of the paragraph's own visible text.
_SKIP = {W + "p", W + "del", W + "moveFrom", W + "txbxContent", MC + "Fallback", W + "rPr", W + "pPr"}


def fold(text: str) -> str:
    """Fold runs of white space into single spaces and strip the ends."""
    return _SPACE.sub(" ", text).strip()


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _val(element: etree._Element | None) -> str | None:
    return None if element is None else element.get(W + "val")


def _on(element: etree._Element | None) -> bool | None:
    """The value of a toggle property (``w:i``): None when absent."""
    if element is None:
        return None
    return (_val(element) or "true").lower() not in _FALSE


class _Styles:
    """Style lookups along ``basedOn`` chains: italic, superscript and list numbering."""

    def __init__(self, root: etree._Element | None) -> None:
        self._by_id: dict[str, etree._Element] = {}
        self.default_paragraph: str | None = None
        self._default_italic: bool | None = None
        if root is None:
            return
        for style in root.iter(W + "style"):
            style_id = style.get(W + "styleId")
            if style_id is None:
                continue
            self._by_id.setdefault(style_id, style)
            if style.get(W + "type") == "paragraph" and (style.get(W + "default") or "") in {"1", "true"}:
                self.default_paragraph = style_id
        self._default_italic = _on(root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}i"))

    def _chain(self, style_id: str | None) -> Iterator[etree._Element]:
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self._by_id:
            seen.add(style_id)
            style = self._by_id[style_id]
            yield style
            style_id = _val(style.find(W + "basedOn"))

    def run_property(self, name: str, run_style: str | None, para_style: str | None) -> etree._Element | None:
        """The run property ``name`` (e.g. ``i``) set by the run's or the paragraph's style."""
        for style_id in (run_style, para_style):
            for style in self._chain(style_id):
                found = style.find(f"{W}rPr/{W}{name}")
                if found is not None:
                    return found
        return None

    def italic(self, run_style: str | None, para_style: str | None) -> bool:
        """Whether styles make a run italic when the run itself does not say."""
        found = _on(self.run_property("i", run_style, para_style))
        return bool(found if found is not None else self._default_italic)

    def numbering(self, para_style: str | None) -> tuple[str | None, int | None]:
        """``(numId, ilvl)`` given by the paragraph style, if any."""
        for style in self._chain(para_style):
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None:
                num_id = _val(num_pr.find(W + "numId"))
                level = _val(num_pr.find(W + "ilvl"))
                return num_id, _int(level, 0) if level is not None else None
        return None, None


@dataclass(frozen=True)
class _Level:
    start: int
    fmt: str
    text: str


def _roman(n: int) -> str:
    out = []
    for value, digits in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        count, n = divmod(n, value)
        out.append(digits * count)
    return "".join(out)


def _format(n: int, fmt: str) -> str:
    """A counter value in a Word number format (``decimal``, ``lowerLetter``, ``upperRoman``...)."""
    if fmt in {"lowerLetter", "upperLetter"} and 0 < n <= 26 * 10:
        letters = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)  # a..z, aa..zz, ...
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in {"lowerRoman", "upperRoman"} and 0 < n < 4000:
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


class _Numbering:
    """Word's list counters: one set per abstract list, restarted by ``startOverride``."""

    def __init__(self, root: etree._Element | None) -> None:
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()
        if root is None:
            return
        for abstract in root.iter(W + "abstractNum"):
            levels = {}
            for lvl in abstract.iter(W + "lvl"):
                levels[_int(lvl.get(W + "ilvl"), 0)] = _Level(
                    start=_int(_val(lvl.find(W + "start")), 1),
                    fmt=_val(lvl.find(W + "numFmt")) or "decimal",
                    text=_val(lvl.find(W + "lvlText")) or "",
                )
            self._abstract.setdefault(abstract.get(W + "abstractNumId") or "", levels)
        for num in root.iter(W + "num"):
            overrides = {
                _int(o.get(W + "ilvl"), 0): _int(_val(o.find(W + "startOverride")), 1)
                for o in num.iter(W + "lvlOverride")
                if o.find(W + "startOverride") is not None
            }
            abstract_id = _val(num.find(W + "abstractNumId")) or ""
            self._nums.setdefault(num.get(W + "numId") or "", (abstract_id, overrides))

    def label(self, num_id: str, level: int) -> tuple[str, str] | None:
        """Advance the list ``num_id`` at ``level``; the drawn label and its number format."""
        if num_id not in self._nums:
            return None
        abstract_id, overrides = self._nums[num_id]
        levels = self._abstract.get(abstract_id, {})
        if level not in levels:
            return None
        counters = self._counters.setdefault(abstract_id, {})
        if num_id not in self._started:
            self._started.add(num_id)
            for ilvl, start in overrides.items():
                counters[ilvl] = start - 1
        counters[level] = counters.get(level, levels[level].start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]

        def value(match: re.Match[str]) -> str:
            ilvl = int(match.group(1)) - 1
            spec = levels.get(ilvl)
            if spec is None:
                return ""
            return _format(counters.get(ilvl, spec.start), spec.fmt)

        fmt = levels[level].fmt
        return fold(re.sub(r"%([1-9])", value, levels[level].text)), fmt


@dataclass
class _Line:
    text: str
    lead: str | None
    number: str | None


def _runs(node: etree._Element) -> Iterator[etree._Element]:
    """The paragraph's own runs in order, skipping nested paragraphs, deletions and fallbacks."""
    for child in node:
        if not isinstance(child.tag, str) or child.tag in _SKIP:
            continue
        if child.tag == W + "r":
            yield child
        else:
            yield from _runs(child)


def _run_text(run: etree._Element) -> str:
    parts = []
    for child in run:
        tag = child.tag
        if tag in {W + "footnoteReference", W + "endnoteReference", W + "annotationRef"}:
            return ""
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag in {W + "tab", W + "br", W + "cr", W + "ptab"}:
            parts.append(" ")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _read_paragraph(p: etree._Element, styles: _Styles, numbering: _Numbering) -> _Line:
    """Text, italic lead and list label of one ``w:p``."""
    ppr = p.find(W + "pPr")
    para_style = _val(ppr.find(W + "pStyle")) if ppr is not None else None
    para_style = para_style or styles.default_paragraph
    pieces: list[tuple[str, bool]] = []
    for run in _runs(p):
        text = _run_text(run)
        if not text:
            continue
        rpr = run.find(W + "rPr")
        run_style = _val(rpr.find(W + "rStyle")) if rpr is not None else None
        align = _val(rpr.find(W + "vertAlign")) if rpr is not None else None
        align = align or _val(styles.run_property("vertAlign", run_style, para_style))
        if align == "superscript" and _NOTE_MARK.match(text):
            continue
        italic = _on(rpr.find(W + "i")) if rpr is not None else None
        pieces.append((text, styles.italic(run_style, para_style) if italic is None else italic))
    text = fold("".join(t for t, _ in pieces))
    return _Line(text=text, lead=_lead(pieces), number=_list_label(ppr, para_style, styles, numbering))


def _lead(pieces: list[tuple[str, bool]]) -> str | None:
    """The italic words that open the paragraph (after a typed number), as written."""
    index = 0
    prefix = ""
    while index < len(pieces) and not pieces[index][1]:
        prefix += pieces[index][0]
        index += 1
    if fold(prefix) and not all(_TYPED_NUMBER.match(w) for w in fold(prefix).split()):
        return None
    lead = ""
    while index < len(pieces) and (pieces[index][1] or not pieces[index][0].strip()):
        lead += pieces[index][0]
        index += 1
    lead = fold(lead).strip(" ,;:")
    if not lead or index >= len(pieces):  # an all-italic paragraph has no lead
        return None
    return lead


def _list_label(
    ppr: etree._Element | None, para_style: str | None, styles: _Styles, numbering: _Numbering
) -> str | None:
    """The label Word draws for an automatically numbered paragraph, or None."""
    num_pr = ppr.find(W + "numPr") if ppr is not None else None
    num_id, level = styles.numbering(para_style)
    if num_pr is not None:
        num_id = _val(num_pr.find(W + "numId")) or num_id
        own_level = _val(num_pr.find(W + "ilvl"))
        level = _int(own_level, 0) if own_level is not None else level
    if not num_id or num_id == "0":
        return None
    found = numbering.label(num_id, level or 0)
    if found is None:
        return None
    label, fmt = found
    return None if fmt == "bullet" or not label else label


def _paragraphs(body: etree._Element) -> Iterator[etree._Element]:
    """``w:p`` elements of the body in reading order, including those in tables and content controls."""
    for child in body:
        if child.tag == W + "p":
            yield child
        elif child.tag in {W + "tbl", W + "tr", W + "tc", W + "sdt", W + "sdtContent", W + "customXml"}:
            yield from _paragraphs(child)


def _open(data: bytes, source: str) -> tuple[etree._Element, etree._Element | None, etree._Element | None]:
    """The document body, styles and numbering XML of a .docx; ReadError if it is not one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ReadError(source, "not a zip archive, so not a Word .docx document") from None
    if unzipped > MAX_UNZIPPED:
        raise ReadError(source, f"too large once unzipped ({unzipped // 2**20} MB)")
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except etree.XMLSyntaxError as error:
        raise ReadError(source, f"broken XML inside the Word document ({error.msg})") from None
    except Exception as error:  # python-docx raises KeyError, ValueError, zip and zlib errors alike
        reason = fold(str(error)) or type(error).__name__
        raise ReadError(source, f"not a valid Word document ({reason[:200]})") from None
    if body is None:
        raise ReadError(source, "the Word document has no body")
    return body, _related(document.part, RT.STYLES), _related(document.part, RT.NUMBERING)


def _related(part: object, reltype: str) -> etree._Element | None:
    """The XML of the part related to the document by ``reltype``, when there is one."""
    try:
        return part.part_related_by(reltype).element
    except (KeyError, AttributeError):
        return None


def _is_formula(text: str) -> bool:
    """The enacting formula: "The General Assembly," (a comma is needed for less common bodies)."""
    match = _FORMULA.match(text)
    return bool(match) and (text.endswith((",", ":")) or match.group(1) in _BODY_OF_FORMULA)


def _symbol_in(line: str) -> str | None:
    """The document symbol of a heading line such as "United Nations  A/C.3/99/L.42"."""
    match = _SYMBOL.search(line)
    if not match or not any(c.isdigit() for c in match.group()):
        return None
    rest = fold(line.replace(match.group(), " "))
    return match.group() if not rest or _BANNER.search(rest) else None


def _body_of(symbol: str | None, formula: str | None) -> str | None:
    if formula:
        match = _FORMULA.match(formula)
        if match and match.group(1) in _BODY_OF_FORMULA:
            return _BODY_OF_FORMULA[match.group(1)]
    if symbol:
        if symbol.startswith("A/HRC/"):
            return "HRC"
        return {"A": "GA", "S": "SC"}.get(symbol.split("/", 1)[0])
    return None


def read_docx(data: bytes, source: str) -> Document:
    """Read a Word draft into a Document of unsegmented paragraphs.

    Each non-empty paragraph keeps its text, its italic opening words as ``lead`` and, when Word
    numbers it automatically, the number it draws (``"3"``; lettered or ``PP1``-style labels are put
    in front of the text instead, as a typist would see them). Text before the enacting formula
    ("The General Assembly,") is the heading: it gives the symbol and title, and is kept in
    ``meta["front"]`` rather than among the paragraphs.
    """
    body, styles_xml, numbering_xml = _open(data, source)
    styles, numbering = _Styles(styles_xml), _Numbering(numbering_xml)
    lines: list[_Line] = []
    for p in _paragraphs(body):
        line = _read_paragraph(p, styles, numbering)
        if line.text:
            lines.append(line)
    formula_at = next((i for i, line in enumerate(lines) if _is_formula(line.text)), None)
    front = [line.text for line in lines[:formula_at]] if formula_at is not None else []
    opening = lines[formula_at].text if formula_at is not None else None
    if formula_at is not None:
        lines = lines[formula_at + 1 :]
    heading = front or [line.text for line in lines[:8]]
    symbol = next(filter(None, map(_symbol_in, heading)), None)
    titles = [t for t in front if not _BANNER.search(t) and not _symbol_in(t)]
    paragraphs = []
    for line in lines:
        number, text = line.number, line.text
        if number is not None and re.fullmatch(r"\d+\.?", number):
            number = number.rstrip(".")
        elif number is not None:
            text, number = f"{number} {text}", None
        paragraphs.append(Paragraph(text=text, number=number, lead=line.lead))
    if not paragraphs:
        raise ReadError(source, "the Word document holds no paragraphs to read")
    return Document(
        source=source,
        paragraphs=paragraphs,
        symbol=symbol,
        body=_body_of(symbol, opening),
        title=titles[-1] if titles else None,
        opening=opening,
        structured=False,
        meta={"front": front} if front else {},
    )
