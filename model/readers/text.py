"""Reader for plain text: document-system (ODS) dumps, text extracted from PDF, and typed drafts.

The reader decodes the bytes, removes what is not resolution text (ODS tags, banners, running heads,
page numbers, footnote areas, the adoption line, vote blocks), joins lines that were hard-wrapped
(undoing hyphenation) and returns one unstructured paragraph per physical paragraph. Deciding where
clauses begin is left to the segmenter; footnote marks glued to words are removed here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

from resolute.model.records import Document, Paragraph, ReadError
from resolute.model.segment import (
    FORMULA,
    NUMBERED,
    PRE_NUMBERED,
    SUB_LABEL,
    TERMINATORS,
    end_mark,
    fold,
    lead_section,
    opens_like_lead,
    strip_label,
)

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november december".split()
    )
}
_DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)
_ODS_TAG = re.compile(r"<<\s*ODS\s+([A-Z ]+?)\s*(\d*)\s*>>(.*?)<<\s*ODS\s+\1\s*\2\s*>>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<<[^<>\n]{1,60}>>")
_BRACKET_CODE = re.compile(r"^\[[A-Z]{1,4}\d{0,3}\]$")
_SYMBOL_TOKEN = re.compile(r"^(?:A|S|E|ST|CRC|CCPR|UNEP|TD|DP|ICCD)(?:/[A-Za-z0-9.\-]*[A-Za-z0-9])+$")
_FURNITURE_TOKEN = re.compile(
    r"^(?:\d{1,3}|\d{1,3}/\d{1,3}|(?:GE\.)?\d{2}-\d{5}(?:\(E\))?|\(E\)|\*\d{7}\*|\d{6}|[A-Z]?\d{7}[A-Z]?|\(\d{4}\)"
    r"|[A-Z]|-|–)$"
)
_PAGE_ONLY = re.compile(r"^(?:-\s*)?\d{1,3}(?:\s*-)?$|^\d{1,3}\s*/\s*\d{1,3}$|^Page\s+\d+(?:\s+of\s+\d+)?$")
_UNDERSCORES = re.compile(r"^\s*[_\-–—]{6,}\s*$")
_FOOTNOTE_START = re.compile(r"^\s*(\d{1,3}|\*{1,3})\s+\S")
_BANNERS = re.compile(
    r"^(?:United Nations|Distr\.:\s*\w+.*|Original:\s*\w+.*|Please recycle.*|"
    r"Resolution adopted by the .*|\[(?:on the report of|without reference to) .*\]?|"
    r"Agenda items?\s+\d.*|[A-Za-z]+(?:-[a-z]+)? (?:special )?session|"
    r"Resolution \d+ \(\d{4}\)|Adopted by the Security Council at its .*)$",
    re.IGNORECASE,
)
_ADOPTION = re.compile(r"^(\d{1,3})(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting\s*$", re.IGNORECASE)
_DATE_LINE = re.compile(r"^\s*\d{1,2}\s+[A-Z][a-z]+\s+\d{4}\s*$")
_ANNEX = re.compile(r"^\s*Annex(?:es)?(?:\s+[IVX\d]+)?\s*$")
_TITLE = re.compile(r"^\s*(?:[A-Z]{1,3}-)?\d{1,3}/\d{1,4}\s*[.:]?\s+(\S.*)$")
_BODIES = (("general assembly", "GA"), ("security council", "SC"), ("human rights council", "HRC"))
_HYPHEN_PREFIXES = frozenset("self non anti cross well long short follow semi vice ex mid full".split())
_GLUED_DIGIT = re.compile(r"[a-zA-Z)\]”’\",.;:]\d")
_MARK_AFTER_LETTER = re.compile(r"(?<=[a-z\)\]”’\"])(\d{1,3})(?=[\s,.;:)]|$)")
_MARK_AFTER_PUNCT = re.compile(r"(?:(?<=[a-z\)\]”’\"][,.;:])|(?<=[A-Z][,;:]))(\d{1,3})(?=\s|$)")
_MARK_AFTER_NUMBER = re.compile(r"(?<=\d,)(\d{1,2})(?=\s|$)|(?<=\d[.;:])(\d{1,2})(?=\s+[A-Z“\"]|\s*$)")
_HYPHENATED = re.compile(r"([A-Za-z]+)-$")
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_ABBREVIATION = re.compile(r"\b(?:No|Nos|para|paras|art|arts|vol|p|pp|chap|sect|Rev|Add|Corr|Mr|Ms|Dr|St|e\.g|i\.e)\.$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_ODD_SPACES = re.compile("[\u00a0\u2002\u2003\u2007\u2009\u202f\t]")
_LETTERS = re.compile(r"[^\W\d_](?:.*?[^\W\d_]){2}", re.DOTALL)


def _is_furniture_token(token: str) -> bool:
    return bool(_SYMBOL_TOKEN.match(token) or _FURNITURE_TOKEN.match(token))


def _decode(data: bytes, source: str) -> str:
    """Decode with the BOM, else UTF-8, else the best of UTF-16 and cp1252 by charset-normalizer."""
    if not data.strip():
        raise ReadError(source, "the file is empty")
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                raise ReadError(source, f"not valid {codec} text despite its byte-order mark") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=["utf_8", "utf_16_le", "utf_16_be", "cp1252"]).best()
    if best is not None:
        return str(best)
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") <= max(2, len(text) // 200):
        return text
    raise ReadError(source, "undecodable text (not UTF-8, UTF-16 or cp1252)")


def _check_text(text: str, source: str) -> None:
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise ReadError(source, "binary data, not text")
    if not _LETTERS.search(text[:20000]):
        raise ReadError(source, "no text found")


def _parse_date(text: str) -> str | None:
    match = _DATE.search(text)
    if not match:
        return None
    day, month, year = int(match.group(1)), _MONTHS[match.group(2).lower()], int(match.group(3))
    if not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


@dataclass
class _Line:
    text: str
    blank_before: bool  # a blank line (not page furniture) separates it from the line before


class _Scanner:
    """Sorts the lines of one text into header, body and furniture, collecting what they tell."""

    def __init__(self, text: str) -> None:
        self.symbol: str | None = None
        self.title: str | None = None
        self.adoption_date: str | None = None
        self.opening: str | None = None
        self.footnotes: set[int] = set()
        text = _ODD_SPACES.sub(" ", _INVISIBLE.sub("", unicodedata.normalize("NFC", text)))
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\f\n")
        text = _ODS_TAG.sub(self._ods_tag, text)
        text = _ANY_TAG.sub("", text)
        self.raw = [line.rstrip() for line in text.split("\n")]

    def _ods_tag(self, match: re.Match[str]) -> str:
        name, value = match.group(1).upper(), fold(match.group(3))
        if "SYMBOL" in name and value and self.symbol is None:
            self.symbol = value
        return ""

    def _is_furniture(self, line: str) -> bool:
        """Page furniture: page and job numbers, the symbol as a running head (with the title)."""
        stripped = line.strip()
        if not stripped:
            return "\f" in line
        if _PAGE_ONLY.match(stripped) or _BRACKET_CODE.match(stripped):
            return True
        found = bool(self.symbol) and self.symbol in stripped
        if found:
            stripped = stripped.replace(self.symbol, " ").strip()
            if _BANNERS.match(stripped):
                return True
        tokens = stripped.split()
        start, end = 0, len(tokens)
        while start < end and _is_furniture_token(tokens[start]):
            start += 1
        while end > start and _is_furniture_token(tokens[end - 1]):
            end -= 1
        if start == end:
            return True
        if not found and (start, end) == (0, len(tokens)):
            return False
        rest = " ".join(tokens[start:end])
        return (self.title is not None and rest.lower() == self.title.lower()) or bool(_BANNERS.match(rest))

    def body(self) -> list[tuple[str, bool]]:
        """The body lines, each with a flag telling whether page furniture stood right before it.

        The header (banner, symbol, title, adoption date) is read on the way."""
        lines = self.raw
        formula = next((i for i, line in enumerate(lines) if FORMULA.match(line.strip())), None)
        if formula is not None and not any(self._starts_body(line.strip(), strict=True) for line in lines[:formula]):
            header, body = lines[:formula], lines[formula + 1 :]
            self.opening = fold(lines[formula])
        else:
            first = next(
                (i for i, line in enumerate(lines) if self._starts_body(line.strip())),
                len(lines),
            )
            header, body = lines[:first], lines[first:]
        self._read_header(header)
        return self._clean_body(body)

    @staticmethod
    def _starts_body(line: str, strict: bool = False) -> bool:
        """A line that opens a clause: numbered, or (unless ``strict``) opening with a lead."""
        if NUMBERED.match(line) or PRE_NUMBERED.match(line):
            return True
        return not strict and lead_section(line[:40]) is not None

    def _read_header(self, header: list[str]) -> None:
        for i, raw in enumerate(header):
            line = raw.strip()
            if not line:
                continue
            tokens = line.split()
            if self.symbol is None:
                for token in tokens:
                    if _SYMBOL_TOKEN.match(token) and token.count("/") >= 2:
                        self.symbol = token
                        match = re.search(re.escape(token) + r"\s*(\(\d{4}\))", line)
                        if match:
                            self.symbol = f"{token} {match.group(1)}"
                        break
            if re.search(r"\bResolution adopted\b|\bAdopted by\b", line, re.IGNORECASE):
                self.adoption_date = self.adoption_date or _parse_date(line)
            match = _TITLE.match(line)
            if self.title is None and match:
                parts = [match.group(1)]
                for follow in header[i + 1 :]:
                    if not follow.strip() or _BANNERS.match(follow.strip()):
                        break
                    parts.append(follow.strip())
                self.title = fold(" ".join(parts))

    def _clean_body(self, body: list[str]) -> list[tuple[str, bool]]:
        """Body lines without furniture, footnotes, banners, adoption lines and vote blocks, each
        with a flag telling whether page furniture was removed right before it."""
        out: list[tuple[str, bool]] = []
        page_break = False
        in_footnotes = False
        lines = iter(enumerate(body))
        for i, line in lines:
            stripped = line.strip()
            if in_footnotes:
                match = _FOOTNOTE_START.match(stripped)
                if match:
                    if match.group(1).isdigit():
                        self.footnotes.add(int(match.group(1)))
                elif self._is_furniture(line):
                    in_footnotes, page_break = False, True
                elif not stripped:
                    following = next((b.strip() for b in body[i + 1 :] if b.strip()), "")
                    in_footnotes = bool(_FOOTNOTE_START.match(following)) and not NUMBERED.match(following)
                    page_break = page_break or not in_footnotes
                continue
            if _UNDERSCORES.match(line):
                in_footnotes = True
            elif not stripped:
                out.append(("", False))
            elif self._is_furniture(line) or _BANNERS.match(stripped) or _DATE_LINE.match(stripped):
                page_break = True
            elif _ADOPTION.match(stripped):
                following = next((b.strip() for b in body[i + 1 :] if b.strip()), "")
                if _DATE_LINE.match(following):
                    self.adoption_date = self.adoption_date or _parse_date(following)
                page_break = True
            elif stripped.startswith("[Adopted"):
                while "]" not in stripped:
                    stripped = next(lines, (0, "]"))[1]
                page_break = True
            elif _ANNEX.match(stripped) and out:
                break
            else:
                if FORMULA.match(stripped) and self.opening is None:
                    self.opening = fold(stripped)
                out.append((line, page_break))
                page_break = False
        return out


def _wrap_width(lines: list[str]) -> int | None:
    """The width text was hard-wrapped at, or None when lines are paragraphs of their own."""
    lengths = sorted(len(line) for line in lines if line.strip())
    short = [n for n in lengths if n <= 160]
    if len(short) < 4:
        return None
    width = short[min(len(short) - 1, int(len(short) * 0.9))]
    band = sum(1 for n in lengths if width - 25 <= n <= width + 5)
    return width if width >= 30 and band >= 0.4 * len(lengths) else None


def _starts_new(line: str) -> bool:
    return bool(NUMBERED.match(line) or PRE_NUMBERED.match(line) or SUB_LABEL.match(line))


def _first_word(line: str) -> str:
    return line.split(maxsplit=1)[0] if line.split() else ""


def _line_end(line: str) -> str:
    """The closing punctuation of a line; none after an abbreviation such as "(No." or "para."."""
    if _ABBREVIATION.search(line[-12:]):
        return ""
    return end_mark(line)


def _breaks(a: str, b: str, width: int | None, lower_leads: bool) -> bool:
    """Whether line ``b`` starts a new paragraph after line ``a`` (no blank line between them).

    ``lower_leads`` says whether the text has clauses that open with a lower-case lead.
    """
    if FORMULA.match(b):
        return True
    end = _line_end(a)
    wrapped = width is not None and len(a) <= width + 5 and len(a) + 1 + len(_first_word(b)) > width - 2
    if _starts_new(b):
        return end in TERMINATORS or not wrapped or re.search(r"\b(?:and|or)$", a) is not None
    first = b[:1]
    if wrapped:
        if end in TERMINATORS and first.isupper() and opens_like_lead(b):
            return True
        return lower_leads and end in ";." and first.islower() and lead_section(b) is not None
    if end in TERMINATORS:
        return True
    return not first.islower()


class _Vocabulary:
    """The words of a text and the parts of its compounds (lower case), collected on first use.

    Fragments of words hyphenated across lines are left out.
    """

    def __init__(self, lines: list[_Line]) -> None:
        self._lines = lines
        self._words: set[str] | None = None

    def __contains__(self, word: str) -> bool:
        if self._words is None:
            self._words = set()
            broken = False  # the line before ended with a hyphenated fragment
            for line in self._lines:
                words = _WORD.findall(line.text)
                if broken and words:
                    words = words[1:]
                broken = _HYPHENATED.search(line.text[-40:]) is not None
                if broken and words:
                    words = words[:-1]
                for found in words:
                    self._words.update((found.lower(), *found.lower().split("-")))
        return word in self._words


def _join(a: str, b: str, vocabulary: _Vocabulary) -> str:
    """Join line ``b`` to ``a``, undoing a hyphenation at the end of ``a``."""
    match = _HYPHENATED.search(a[-60:])
    if match and b[:1].isalpha():
        head = match.group(1)
        tail = re.match(r"[A-Za-z]+", b)
        whole = (head + (tail.group() if tail else "")).lower()
        rest = tail.group().lower() if tail else ""
        if rest in ("and", "or"):
            return f"{a} {b}"  # a suspended hyphen: "burden- and responsibility-sharing"
        if whole in vocabulary:
            keep = False
        elif f"{head}-{rest}".lower() in vocabulary or b[:1].isupper():
            keep = True
        else:  # a compound with a word of the text ("police-contributing") or a known prefix ("non-")
            keep = head.lower() in _HYPHEN_PREFIXES or (len(rest) >= 3 and rest in vocabulary)
        return (a if keep else a[:-1]) + b
    return f"{a} {b}"


def _lower_lead(line: _Line) -> bool:
    """A paragraph that plainly opens a clause (after a blank line or a number) with a lower-case lead."""
    text = line.text.strip()
    rest = strip_label(text)[1]
    if not (line.blank_before or rest != text):
        return False
    rest = rest.strip()
    return rest[:1].islower() and lead_section(rest) is not None


def _unwrap(body: list[tuple[str, bool]]) -> list[str]:
    """Join hard-wrapped lines into paragraphs; blank lines separate paragraphs unless a page break
    (removed furniture) sits between them."""
    lines: list[_Line] = []
    blank = False
    for text, page_break in body:
        if not text.strip():
            blank = True
            continue
        lines.append(_Line(text.rstrip(), blank and not page_break))
        blank = False
    width = _wrap_width([line.text for line in lines])
    lower_leads = any(_lower_lead(line) for line in lines)
    vocabulary = _Vocabulary(lines)
    paragraphs: list[str] = []
    previous: str | None = None
    for line in lines:
        text = line.text
        stripped = text.strip()
        joined = previous is not None and (
            (not line.blank_before and not _breaks(previous, stripped, width, lower_leads))
            or (_HYPHENATED.search(paragraphs[-1][-60:]) is not None and stripped[:1].islower())
        )
        if joined:
            paragraphs[-1] = _join(paragraphs[-1], stripped, vocabulary)
        else:
            paragraphs.append(stripped)
        previous = text
    return paragraphs


def _strip_marks(text: str, footnotes: set[int]) -> str:
    """Remove footnote marks glued to the word or punctuation before them ("Peoples,3 there").

    Marks right after a letter or a number are only removed when the text has a footnote area that
    lists them (so "G20" and "1.5 million" stay).
    """

    def drop(match: re.Match[str]) -> str:
        token = text[text.rfind(" ", 0, match.start()) + 1 : match.start()]
        if "/" in token and token[-1] not in ",;:" and not token.startswith(("(", "“", '"')):
            return match.group()  # part of a symbol: A/79/123/Add.1, CM/Rec(2024)1
        if footnotes and int(match.group(match.lastindex or 0)) not in footnotes:
            return match.group()
        return ""

    if not _GLUED_DIGIT.search(text):
        return text
    patterns = (_MARK_AFTER_PUNCT, _MARK_AFTER_LETTER, _MARK_AFTER_NUMBER) if footnotes else (_MARK_AFTER_PUNCT,)
    for pattern in patterns:
        text = pattern.sub(drop, text)
    return text


def _body_of(opening: str | None, symbol: str | None) -> str | None:
    if opening:
        lower = opening.lower()
        for name, body in _BODIES:
            if name in lower:
                return body
    if symbol:
        if symbol.startswith("A/HRC/"):
            return "HRC"
        if symbol.startswith("S/"):
            return "SC"
        if symbol.startswith("A/"):
            return "GA"
    return None


def read_text(data: bytes, source: str) -> Document:
    """Read a plain-text resolution or draft (UTF-8, UTF-16 or cp1252) into unstructured paragraphs.

    Raises ReadError for empty, binary or undecodable input and for text with no paragraphs.
    """
    text = _decode(data, source)
    _check_text(text, source)
    scanner = _Scanner(text)
    paragraphs = [fold(_strip_marks(p, scanner.footnotes)) for p in _unwrap(scanner.body())]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise ReadError(source, "no paragraphs found in the text")
    return Document(
        source=source,
        paragraphs=[Paragraph(text=p) for p in paragraphs],
        symbol=scanner.symbol,
        body=_body_of(scanner.opening, scanner.symbol),
        date=scanner.adoption_date,
        title=scanner.title,
        opening=scanner.opening,
        structured=False,
    )


__all__ = ["read_text"]
