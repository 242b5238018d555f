"""Render corpus documents as noisy plain text with gold clause boundaries.

Three styles, each seeded so that a (document, style, seed) triple always gives the same text:

* ``ods``: a dump of the UN document system: ``<<ODS ...>>`` tags, ``[DU1]`` codes, the banner,
  one paragraph per line, stray running symbols and page numbers between paragraphs, the adoption
  line, and footnotes after a line of underscores.
* ``pdf``: text extracted from a PDF: hard-wrapped near 80 columns with words hyphenated across
  lines, pages with footnote areas, a footer (job number, page/total) and a running head (the
  symbol, sometimes with the title) at each page break, wherever it falls.
* ``draft``: a draft typed by a person: PP/OP or plain numbering or none, one paragraph per line
  or wrapped, irregular blank lines and indentation, some leads lower-cased or misspelt.

The gold clauses are the document's paragraphs as they read in the rendered text (a misspelt lead
stays misspelt), with the section from the markup and the number as written.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from resolute.model.records import OPERATIVE, Document, Paragraph

STYLES = ("ods", "pdf", "draft")

_ORDINALS = (
    "First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth Eleventh Twelfth Thirteenth "
    "Fourteenth Fifteenth Sixteenth Seventeenth Eighteenth Nineteenth"
).split()
_TENS = "Twent Thirt Fort Fift Sixt Sevent Eight Ninet".split()
_UNITS = "first second third fourth fifth sixth seventh eighth ninth".split()
_MONTHS = "January February March April May June July August September October November December".split()
_TOTAL = "\ue000"  # the page count, filled in once the last page is known
_FORMULAS = {"GA": "General Assembly", "SC": "Security Council", "HRC": "Human Rights Council"}
_COUNTRIES = (
    "Argentina Australia Brazil Canada Chile Costa Rica Denmark Egypt Fiji Finland Ghana Indonesia "
    "Ireland Jamaica Kenya Mexico Morocco Nepal Norway Peru Philippines Portugal Senegal Uruguay"
).split()
_FOOTNOTES = (
    "Official Records of the General Assembly, {ordinal} Session, Supplement No. {n} (A/{s}/{n}).",
    "A/{s}/{m}.",
    "See resolution {s2}/{m}, annex.",
    "United Nations, Treaty Series, vol. {m}, No. {k}.",
    "See A/CONF.{n}/{k}, chap. I, resolution 1, annex.",
    "E/{year}/{n}.",
    "A/HRC/{s2}/{n}.",
)


@dataclass(frozen=True)
class GoldClause:
    """A clause as it reads in a rendered text."""

    section: str
    number: str | None
    text: str


@dataclass(frozen=True)
class RenderedText:
    """A rendered text and the clauses a perfect reader and segmenter would find in it."""

    style: str
    text: str
    clauses: tuple[GoldClause, ...]


def ordinal_session(number: int) -> str:
    """The session in words as UN banners write it: 79 -> "Seventy-ninth"."""
    if number < 20:
        return _ORDINALS[number - 1]
    tens, units = divmod(number, 10)
    stem = _TENS[tens - 2]
    return f"{stem}ieth" if units == 0 else f"{stem}y-{_UNITS[units - 1]}"


def _date_words(iso: str | None, rng: random.Random) -> str:
    if iso and re.match(r"^\d{4}-\d{2}-\d{2}$", iso):
        year, month, day = iso.split("-")
        return f"{int(day)} {_MONTHS[int(month) - 1]} {year}"
    return f"{rng.randint(1, 28)} {rng.choice(_MONTHS)} {rng.randint(2019, 2025)}"


def _split_subparagraphs(paragraph: Paragraph) -> list[str]:
    """The paragraph as its chapeau followed by its sub-paragraphs, when they can be found in order."""
    text = paragraph.text
    if not paragraph.subparagraphs:
        return [text]
    pieces, cursor = [], 0
    for sub in paragraph.subparagraphs:
        at = text.find(sub, cursor)
        if at < 0:
            return [text]
        pieces.append(text[cursor:at].strip())
        cursor = at
    pieces.append(text[cursor:].strip())
    if not pieces[0]:
        return [text]
    return [p for p in pieces if p]


def _misspell(word: str, rng: random.Random) -> str:
    """One typing error inside ``word`` (the first letter is kept)."""
    if len(word) < 5:
        return word
    i = rng.randint(1, len(word) - 2)
    kind = rng.choice(("drop", "double", "swap", "replace"))
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[: i + 1] + word[i:]
    if kind == "swap" and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    letter = rng.choice("aeiounrst".replace(word[i].lower(), ""))
    return word[:i] + letter + word[i + 1 :]


class _Renderer:
    """Shared pieces: banner, footnote marks and footnote texts."""

    def __init__(self, document: Document, rng: random.Random) -> None:
        self.document = document
        self.rng = rng
        self.body = document.body or "GA"
        self.symbol = document.symbol or "A/RES/1/1"
        self.session = self._session()
        self.footnotes: list[str] = []
        self.job = f"{rng.randint(19, 25)}-{rng.randint(10000, 99999)}"
        if self.body == "HRC":
            self.job = f"GE.{self.job}(E)"

    def _session(self) -> int:
        match = re.search(r"/(\d{1,3})/\d+", self.symbol)
        return int(match.group(1)) if match else self.rng.randint(50, 80)

    def formula(self) -> str:
        return self.document.opening or f"The {_FORMULAS.get(self.body, 'General Assembly')},"

    def banner(self) -> list[str]:
        rng, doc = self.rng, self.document
        date = _date_words(doc.date, rng)
        tab = rng.choice(("\t", "  ", " ", "\t\t"))
        organ = "Security Council" if self.body == "SC" else "General Assembly"
        lines = [f"United Nations{tab}{self.symbol}", f"{organ}{tab}Distr.: General", date]
        title = doc.title or "Untitled"
        number = self.symbol.split("/RES/")[-1]
        if self.body == "SC":
            meeting = rng.randint(9000, 9999)
            lines += [
                f"Resolution {number}",
                f"Adopted by the Security Council at its {meeting}th meeting, on {date}",
            ]
            return lines
        if self.body == "HRC":
            lines += [
                "Original: English",
                "Human Rights Council",
                f"{ordinal_session(self.session)} session",
                f"Agenda item {rng.randint(1, 10)}",
                f"Resolution adopted by the Human Rights Council on {date}",
            ]
        else:
            lines += [
                f"{ordinal_session(self.session)} session",
                f"Agenda item {rng.randint(10, 140)}",
                f"Resolution adopted by the General Assembly on {date}",
                rng.choice(
                    (
                        "[on the report of the Third Committee (A/{s}/{n})]",
                        "[without reference to a Main Committee (A/{s}/L.{n})]",
                        "[on the report of the Sixth Committee (A/{s}/{n}/Add.1)]",
                    )
                ).format(s=self.session, n=rng.randint(10, 600)),
            ]
        lines.append(f"{number}.{tab}{title}")
        return lines

    def adoption(self) -> list[str]:
        if self.body == "SC":
            return []
        n = self.rng.randint(20, 70)
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10 if n % 100 not in (11, 12, 13) else 0, "th")
        kind = "plenary meeting" if self.body == "GA" else "meeting"
        lines = [f"{n}{suffix} {kind}", _date_words(self.document.date, self.rng)]
        if self.body == "HRC":
            lines.append(
                self.rng.choice(
                    (
                        "[Adopted without a vote.]",
                        "[Adopted by a recorded vote of 28 to 6, with 13 abstentions. The voting was as\n"
                        "follows:\nIn favour:\nChile, Kenya, Nepal\nAgainst:\nNone\nAbstaining:\nFiji]",
                    )
                )
            )
        return lines

    def footnote_text(self) -> str:
        rng = self.rng
        return rng.choice(_FOOTNOTES).format(
            ordinal=ordinal_session(max(1, self.session - rng.randint(0, 5))),
            n=rng.randint(1, 60),
            m=rng.randint(100, 999),
            k=rng.randint(1, 30),
            s=self.session,
            s2=max(1, self.session - rng.randint(1, 20)),
            year=rng.randint(2000, 2024),
        )

    def mark(self, text: str, rate: float) -> str:
        """``text`` with, sometimes, a footnote mark glued after a word or comma."""
        if self.rng.random() >= rate:
            return text
        spots = [m.end() for m in re.finditer(r"[a-z),](?= )", text)]
        if not spots:
            return text
        at = self.rng.choice(spots)
        self.footnotes.append(self.footnote_text())
        return f"{text[:at]}{len(self.footnotes)}{text[at:]}"


def _gold(paragraph: Paragraph, pieces: list[str], number: str | None) -> GoldClause:
    return GoldClause(
        section=paragraph.section or OPERATIVE,
        number=number if paragraph.section == OPERATIVE else None,
        text=" ".join(" ".join(pieces).split()),
    )


def _wrap(text: str, width: int, rng: random.Random, hyphenate: float, indent: str = "") -> list[str]:
    """Hard-wrap ``text`` at ``width``, breaking long words across lines with a hyphen."""
    lines: list[str] = []
    line = indent
    for word in text.split():
        candidate = f"{line} {word}" if line.strip() else f"{line}{word}"
        if len(candidate) <= width:
            line = candidate
            continue
        room = width - len(line) - 2
        if re.fullmatch(r"[A-Za-z]+(?:-[A-Za-z]+)*", word) and room >= 3:
            inner = [m.end() for m in re.finditer(r"-", word) if m.end() <= room + 1]
            if inner:
                lines.append(f"{line} {word[: inner[-1]]}")
                line, word = "", word[inner[-1] :]
            elif len(word) >= 8 and rng.random() < hyphenate:
                cut = rng.randint(3, min(room, len(word) - 3)) if min(room, len(word) - 3) >= 3 else 0
                if cut:
                    lines.append(f"{line} {word[:cut]}-")
                    line, word = "", word[cut:]
        if line.strip():
            lines.append(line)
        line = word
    if line.strip():
        lines.append(line)
    return lines


def _render_ods(document: Document, rng: random.Random) -> RenderedText:
    r = _Renderer(document, rng)
    out = [
        f"<<ODS JOB NO>>N{rng.randint(1900000, 2599999)}E<<ODS JOB NO>>",
        f"<<ODS DOC SYMBOL1>>{r.symbol}<<ODS DOC SYMBOL1>>",
        "<<ODS DOC SYMBOL2>><<ODS DOC SYMBOL2>>",
    ]
    if rng.random() < 0.5:
        out.append("[DU1]")
    out += r.banner()
    out += ["", r.formula(), ""]
    gap = rng.choice(("", "", "\n"))
    indent = rng.choice(("", "\t", "    "))
    gold: list[GoldClause] = []
    page = 1
    for paragraph in document.paragraphs:
        pieces = _split_subparagraphs(paragraph)
        number = paragraph.number if paragraph.section == OPERATIVE else None
        gold.append(_gold(paragraph, pieces, number))
        space = rng.choice(("\t", " ", "  "))
        first = f"{number}.{space}{pieces[0]}" if number else pieces[0]
        out.append(indent + r.mark(first, 0.15) + gap)
        out += [indent + "\t" + piece + gap for piece in pieces[1:]]
        if rng.random() < 0.06:
            page += 1
            out += rng.choice(([r.symbol, str(page)], [str(page)], [r.symbol], [f"[DU{page}]"]))
    out += ["", *r.adoption()]
    if r.footnotes:
        out += ["__________________", ""] + [f"{i}\t{t}" for i, t in enumerate(r.footnotes, 1)]
    return RenderedText("ods", "\n".join(out) + "\n", tuple(gold))


def _render_pdf(document: Document, rng: random.Random) -> RenderedText:
    r = _Renderer(document, rng)
    width = rng.randint(72, 88)
    hyphenate = rng.uniform(0.2, 0.7)
    page_lines = rng.randint(42, 56)
    blank = rng.random() < 0.5
    indent = rng.choice(("", "", "    ", "       "))
    pages = 1
    title = document.title or ""
    lines: list[str] = []
    page_start = 0
    page_notes: list[int] = []

    def page_break(last: bool = False) -> None:
        nonlocal pages, page_start
        if page_notes:
            lines.extend(["__________________"])
            for n in page_notes:
                lines.extend(_wrap(f"{n} {r.footnotes[n - 1]}", width, rng, 0.0))
            page_notes.clear()
        footer = rng.choice((f"{r.job} {pages}/{_TOTAL}", f"{pages}/{_TOTAL} {r.job}", f"{pages}/{_TOTAL}"))
        lines.extend(["", footer, "\f"])
        pages += 1
        if last:
            return
        head = rng.choice((r.symbol, f"{r.symbol} {title}", f"{title} {r.symbol}")) if len(title) < 60 else r.symbol
        lines.extend([head, ""])
        page_start = len(lines)

    def emit(new: list[str]) -> None:
        for line in new:
            lines.append(line)
            if len(lines) - page_start >= page_lines:
                page_break()

    for line in r.banner():
        emit(_wrap(line, width, rng, 0.0))
    emit(["", r.formula(), ""])
    gold: list[GoldClause] = []
    for paragraph in document.paragraphs:
        pieces = _split_subparagraphs(paragraph)
        number = paragraph.number if paragraph.section == OPERATIVE else None
        gold.append(_gold(paragraph, pieces, number))
        before = len(r.footnotes)
        first = r.mark(f"{number}. {pieces[0]}" if number else pieces[0], 0.15)
        if len(r.footnotes) > before:
            page_notes.append(len(r.footnotes))
        emit(_wrap(first, width, rng, hyphenate, indent))
        for piece in pieces[1:]:
            emit(_wrap(piece, width, rng, hyphenate, indent))
        if blank:
            emit([""])
    emit(["", *r.adoption()])
    page_break(last=True)
    text = "\n".join(lines).replace(_TOTAL, str(pages - 1))
    return RenderedText("pdf", text + "\n", tuple(gold))


def _draft_lead(text: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.12:
        return text[:1].lower() + text[1:]
    if roll < 0.2:
        match = re.match(r"[A-Za-z]+", text)
        if match and len(match.group()) >= 6:
            return _misspell(match.group(), rng) + text[match.end() :]
    return text


def _render_draft(document: Document, rng: random.Random) -> RenderedText:
    r = _Renderer(document, rng)
    out: list[str] = []
    if rng.random() < 0.7:
        header = [
            rng.choice(("Draft resolution", "DRAFT RESOLUTION", "Draft Resolution", "Working draft")),
            f"Sponsors: {', '.join(rng.sample(_COUNTRIES, 3))}",
            f"Topic: {document.title or 'untitled'}",
            document.title or "",
        ]
        out += [h for h in header if h and rng.random() < 0.7] + [""] * rng.randint(0, 2)
    if rng.random() < 0.85:
        formula = r.formula()
        out += [rng.choice((formula, formula.rstrip(","), formula.upper())), *[""] * rng.randint(0, 2)]
    pre_style = rng.choice((None, None, None, "PP{n}", "PP{n}.", "PP {n}", "PP{n}:"))
    op_style = rng.choice(("{n}.", "{n}.", "{n})", "OP{n}", "OP{n}.", "OP {n}", None))
    wrapped = rng.random() < 0.5
    width = rng.randint(60, 100)
    inline_subs = rng.random() < 0.2
    gold: list[GoldClause] = []
    pre_count = 0
    for paragraph in document.paragraphs:
        pieces = _split_subparagraphs(paragraph)
        if inline_subs:
            pieces = [" ".join(pieces)]
        pieces[0] = _draft_lead(pieces[0], rng)
        label = ""
        number = None
        if paragraph.section == OPERATIVE and op_style and paragraph.number:
            label, number = op_style.format(n=paragraph.number), paragraph.number
        elif paragraph.section != OPERATIVE and pre_style:
            pre_count += 1
            label = pre_style.format(n=pre_count)
        gold.append(_gold(paragraph, pieces, number))
        for i, piece in enumerate(pieces):
            indent = rng.choice(("", "", "", " ", "\t", "    "))
            text = f"{label} {piece}" if label and i == 0 else piece
            if wrapped:
                lines = _wrap(text, width, rng, 0.0, indent)
                for j in range(1, len(lines)):
                    if rng.random() < 0.02:
                        lines[j] = "\n" + lines[j]
                out += lines
            else:
                out.append(indent + text + rng.choice(("", "", " ")))
            out += [""] * rng.choice((0, 0, 1, 1, 1, 2, 3))
    return RenderedText("draft", "\n".join(out) + "\n", tuple(gold))


_RENDERERS = {"ods": _render_ods, "pdf": _render_pdf, "draft": _render_draft}


def render(document: Document, style: str, seed: int = 0) -> RenderedText:
    """Render a structured document (from the AKN reader) as raw text in ``style`` with gold clauses."""
    if style not in _RENDERERS:
        raise ValueError(f"unknown style {style!r}; expected one of {', '.join(STYLES)}")
    rng = random.Random(f"{seed}:{style}:{document.symbol or document.source}")
    return _RENDERERS[style](document, rng)


__all__ = ["STYLES", "GoldClause", "RenderedText", "ordinal_session", "render"]
