"""Drafting conventions: a document's clauses -> findings by the rule codes of ``conventions.md``.

``check_document`` reads nothing and prints nothing: it takes a Document (and, for the families of
clauses with a non-standard lead, a classifier) and returns a ``CheckReport``. Each ``Finding`` carries
the rule code, severity, clause index and number, a message, the fix in words and, for the fixes that
are safe to apply automatically, an ``Edit`` that ``resolute.model.fix`` applies to the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz.distance import OSA
from rapidfuzz.fuzz import ratio

from resolute.model.labels import LabelSet, lead_key, load_labels
from resolute.model.normalize import fold
from resolute.model.records import OPERATIVE, PREAMBULAR, Clause, Document
from resolute.model.segment import (
    OPERATIVE_HEADS,
    PRE_NUMBERED,
    PREAMBULAR_HEADS,
    SUB_LABEL,
    end_mark,
    lead_head,
    split_clauses,
    strip_label,
)

if TYPE_CHECKING:
    from resolute.model.classify import ClauseClassifier

ERROR, WARNING, INFO = "error", "warning", "info"
CODES = "S001 S002 S003 S004 S005 P001 P002 P003 P004 L001 L002 L003 L004 L005 R001 R002 R003".split()
ORGANS = {"GA": "General Assembly", "SC": "Security Council", "HRC": "Human Rights Council"}
# Heads that drafters use but that the standard texts avoid (conventions.md, L002): head -> family.
DISCOURAGED_HEADS = {"asks": "request", "asking": "request", "remembering": "recall"}
_ENDINGS = {",": "a comma", ";": "a semicolon", ".": "a full stop", ":": "a colon"}
_OP_LABEL = re.compile(r"^(?:OP|O\.P\.|Op)\s*\.?\s*\d")
_SEQUENCE = frozenset(("also", "further"))
_WORDS = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_LIST_END = re.compile(r"; (?:and|or),?$")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Edit:
    """A fix that ``resolute.model.fix`` can apply to the clause's text in the file.

    kind: ``end`` (the closing mark becomes ``new``), ``lead`` (the opening ``old`` becomes ``new``),
    ``number`` (the operative number ``old`` becomes ``new``, or is added when ``old`` is empty),
    ``spelling`` (every ``old`` in the clause becomes ``new``), ``labels`` (PP/OP labels stripped).
    """

    kind: str
    old: str
    new: str


@dataclass(frozen=True)
class Finding:
    """One breach of a drafting convention."""

    code: str
    severity: str
    index: int | None  # the clause index (tagging contract); None for the document as a whole
    number: str | None
    message: str
    fix: str | None = None
    edit: Edit | None = field(default=None, compare=False)

    def to_record(self) -> dict[str, object]:
        """The finding as in ``conventions.md`` (``edit`` is internal)."""
        return {
            "code": self.code,
            "severity": self.severity,
            "index": self.index,
            "number": self.number,
            "message": self.message,
            "fix": self.fix,
        }


@dataclass
class CheckReport:
    """The clauses of one document, their families and the findings."""

    document: Document
    clauses: list[Clause]
    families: list[str]
    findings: list[Finding]

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(f.severity == ERROR for f in self.findings)


# ---------------------------------------------------------------------------- lexicon


_last_heads: tuple[LabelSet, dict[str, frozenset[str]]] | None = None  # the heads of the last label set


def _standard_heads(labels: LabelSet) -> dict[str, frozenset[str]]:
    """Section -> the head words of the standard forms and of the segmenter's lead lexicon (kept per label set)."""
    global _last_heads
    if _last_heads is not None and _last_heads[0] is labels:
        return _last_heads[1]
    heads: dict[str, set[str]] = {PREAMBULAR: set(PREAMBULAR_HEADS), OPERATIVE: set(OPERATIVE_HEADS)}
    for by_section in labels.forms.values():
        for section, phrases in by_section.items():
            for phrase in phrases:
                key = lead_key(phrase)
                if key:
                    heads[section].add(key[0])
    frozen = {section: frozenset(words) for section, words in heads.items()}
    _last_heads = (labels, frozen)
    return frozen


def _head_word(text: str) -> str | None:
    """The lower-case head word of a clause's opening phrase (modifiers such as "Also" skipped)."""
    head = lead_head(text)
    return head.word if head else None


def _lead_words(lead: str) -> list[str]:
    return [w.lower() for w in _WORDS.findall(lead)]


def _match_case(new: str, old: str) -> str:
    """``new`` with a capital first letter when ``old`` has one."""
    return new[:1].upper() + new[1:] if old[:1].isupper() else new[:1].lower() + new[1:]


# ---------------------------------------------------------------------------- checker


class _Checker:
    def __init__(
        self, document: Document, clauses: list[Clause], families: Callable[[], Sequence[str]], labels: LabelSet
    ) -> None:
        self.document = document
        self.clauses = clauses
        self._families = families
        self._known: list[str] | None = None
        self.labels = labels
        self.heads = _standard_heads(labels)
        self.findings: list[Finding] = []
        self.lead_heads = [lead_head(c.text) for c in clauses]  # read by several rules
        self.sections = self._sections()
        self.parts = self._parts()
        # The last operative paragraph of each part (parts A, B of a collection end separately).
        self.last_operative = {
            p: j for j, (s, p) in enumerate(zip(self.sections, self.parts, strict=True)) if s == OPERATIVE
        }

    def add(
        self,
        code: str,
        severity: str,
        clause: Clause | None,
        message: str,
        fix: str | None = None,
        edit: Edit | None = None,
    ) -> None:
        index = clause.index if clause is not None else None
        number = clause.number if clause is not None else None
        self.findings.append(Finding(code, severity, index, number, message, fix, edit))

    def _sections(self) -> list[str]:
        """The section of each clause; in a numbered draft an unnumbered clause before the first number is preambular.

        The segmenter gives an unnumbered clause the section its lead suggests; a wrong-form lead in
        the preamble ("Requests ...,") would then pass for operative, hiding L001.
        """
        if self.document.structured:
            return [c.section for c in self.clauses]
        first = next((i for i, c in enumerate(self.clauses) if c.number), None)
        return [
            PREAMBULAR if first is not None and i < first and not c.number else c.section
            for i, c in enumerate(self.clauses)
        ]

    def family(self, i: int) -> str:
        """The model's family of clause ``i`` (the model runs once, when a rule first needs it)."""
        if self._known is None:
            self._known = list(self._families())
        return self._known[i]

    def _parts(self) -> list[int]:
        """The part of each clause: in AKN collections (A/RES/79/258 A-C) each part has its preamble and numbers.

        A part starts where the operative numbering restarts at 1, or with a preamble whose operative
        paragraphs are numbered from 1 again. Drafts are one part.
        """
        parts, part = [], 0
        if not self.document.structured:
            return [0] * len(self.clauses)
        has_operative = False
        for i, (clause, section) in enumerate(zip(self.clauses, self.sections, strict=True)):
            following = next(
                (c.number for c, s in zip(self.clauses[i:], self.sections[i:], strict=True) if s == OPERATIVE), None
            )
            restarts = (section == PREAMBULAR and following == "1") or (section == OPERATIVE and clause.number == "1")
            if has_operative and restarts and (section == OPERATIVE or self.sections[i - 1] == OPERATIVE):
                part += 1
                has_operative = False
            has_operative = has_operative or section == OPERATIVE
            parts.append(part)
        return parts

    def _operative_parts(self) -> list[int]:
        return [p for p, s in zip(self.parts, self.sections, strict=True) if s == OPERATIVE]

    def run(self) -> list[Finding]:
        self.structure()
        for i, clause in enumerate(self.clauses):
            self.punctuation(i, clause)
            self.lead(i, clause)
            self.references(i, clause)
        self.sequence_words()
        self.italics()
        self.duplicates()
        order = {code: n for n, code in enumerate(CODES)}
        self.findings.sort(key=lambda f: (-1 if f.index is None else f.index, order[f.code]))
        return self.findings

    # ------------------------------------------------------------------ structure

    def structure(self) -> None:
        opening = fold(self.document.opening or "")
        organ = ORGANS.get(self.document.body or "")
        if not opening:
            wanted = f"The {organ}," if organ else "The General Assembly, (or the organ that adopts it)"
            self.add("S001", ERROR, None, "the text does not open with the organ as subject", f"open with {wanted!r}")
        elif end_mark(opening) != "," and not self.document.structured:  # AKN markup drops the comma
            fixed = opening.rstrip(" ,;:.") + ","
            self.add("S001", ERROR, None, f"the opening {opening!r} is not followed by a comma", f"write {fixed!r}")
        operative = [c for c, s in zip(self.clauses, self.sections, strict=True) if s == OPERATIVE]
        if not operative:
            self.add("S005", ERROR, None, "the text has no operative paragraph", "add the operative part")
        seen_operative: set[int] = set()
        for clause, section, part in zip(self.clauses, self.sections, self.parts, strict=True):
            if section == OPERATIVE:
                seen_operative.add(part)
            elif part in seen_operative:
                self.add(
                    "S002",
                    ERROR,
                    clause,
                    "a preambular paragraph follows the first operative paragraph",
                    "move it into the preamble, before the first operative paragraph",
                )
        for part in sorted(set(self.parts)):
            self.numbering([c for c, p in zip(operative, self._operative_parts(), strict=True) if p == part])
        labelled = [p for p in self.document.paragraphs if PRE_NUMBERED.match(p.text) or _OP_LABEL.match(p.text)]
        if labelled and not self.document.structured:
            self.add(
                "S003",
                INFO,
                None,
                "the paragraphs carry negotiation labels (PP1, OP1)",
                "strip the PP labels and write the OP labels as 1., 2., ...",
                Edit("labels", "", ""),
            )
        for clause in self.clauses:
            self.sublevels(clause)

    def numbering(self, operative: list[Clause]) -> None:
        numbered = [c for c in operative if c.number]
        if not numbered:
            if operative and not self.document.structured:
                self.add(
                    "S003",
                    ERROR,
                    operative[0],
                    "the operative paragraphs are not numbered",
                    f"number them 1 to {len(operative)}",
                )
            return
        expected, used, broken = 1, set(), False
        for clause in operative:
            number = (clause.number or "").strip()
            if not number and self.document.structured:
                continue  # an unnumbered paragraph of the markup (a single decision, a quoted text)
            if not number or number.isdigit():
                if number != str(expected):
                    if not number:
                        message = f"operative paragraph {expected} has no number"
                    elif number in used:
                        message = f"the number {number} is repeated"
                    else:
                        message = f"the number {number} breaks the sequence (expected {expected})"
                    edit = Edit("number", number, str(expected))
                    if broken:  # the paragraphs after a break follow from it: one error, then renumbering
                        message = f"renumber {number or 'this paragraph'} as {expected} (follows the break above)"
                    self.add("S003", INFO if broken else ERROR, clause, message, f"number it {expected}", edit)
                    broken = True
                else:
                    broken = False
                used.add(number)
                expected += 1
            # "3 bis" and other numbers of a negotiation draft are left alone

    def sublevels(self, clause: Clause) -> None:
        """S004: (a), (b) ... then (i), (ii) ... then a., b. ... then i., ii. ..."""
        stack: list[list] = []  # [style, next ordinal] per open level
        for sub in clause.subparagraphs:
            label = sub.split(" ", 1)[0]
            styles = _label_styles(label)
            if not styles:
                continue
            style, ordinal = styles[0]
            for candidate, value in styles:  # "(i)" after "(h)" is a letter
                if any(level == [candidate, value] for level in stack):
                    style, ordinal = candidate, value
                    break
            else:
                if len(styles) > 1:
                    style, ordinal = styles[-1]
            if style == "bad":
                self.add(
                    "S004",
                    ERROR,
                    clause,
                    f"the sub-paragraph label {label!r} is not a UN level",
                    "label sub-paragraphs (a), (b) ...; inside them (i), (ii) ...",
                )
                return
            depth = next((d for d, level in enumerate(stack) if level[0] == style), None)
            if depth is None and SUB_STYLES.index(style) == len(stack) and ordinal == 1:
                stack.append([style, 2])
            elif depth is not None and stack[depth][1] == ordinal:
                del stack[depth + 1 :]
                stack[depth][1] = ordinal + 1
            else:
                self.add(
                    "S004",
                    ERROR,
                    clause,
                    f"the sub-paragraph label {label!r} is out of sequence",
                    "label sub-paragraphs (a), (b) ...; inside them (i), (ii) ...; then a., b. ...; then i., ii. ...",
                )
                return

    # ------------------------------------------------------------------ punctuation

    def punctuation(self, i: int, clause: Clause) -> None:
        section = self.sections[i]
        part = self.parts[i]
        last_op = self.last_operative.get(part)
        if section == PREAMBULAR:
            code, wanted = "P001", ","
        elif i == last_op:
            code, wanted = "P003", "."
        else:
            code, wanted = "P002", ";"
        head = self.lead_heads[i]
        if head is None or not (head.known or head.section):
            return  # a sentence of a declaration ("We recognize ..."), not a clause with a lead
        text, subs = self.own_text(clause)
        mark = end_mark(text)
        if wanted == ";" and _LIST_END.search(text):
            mark = ";"  # "...; and" before the last paragraph
        if mark != wanted:
            what = {
                "P001": "a preambular paragraph",
                "P002": "an operative paragraph",
                "P003": "the last operative paragraph",
            }
            self.add(
                code,
                ERROR,
                clause,
                f"{what[code]} ends with {_ENDINGS.get(mark, repr(mark))}",
                f"end it with {_ENDINGS[wanted]}",
                Edit("end", mark, wanted),
            )
        self.sub_punctuation(clause, text, subs)

    def own_text(self, clause: Clause) -> tuple[str, list[str]]:
        """The clause's text and sub-paragraphs without a heading that AKN markup put at its end.

        In AKN a section heading ("Activities of the Division ...") can sit as an unlabelled last
        sub-paragraph with no closing punctuation; it is not part of the paragraph.
        """
        subs = [fold(s) for s in clause.subparagraphs]
        text = clause.text
        if self.document.structured and subs and not SUB_LABEL.match(subs[-1]) and end_mark(subs[-1]) not in ",;:.":
            at = text.rfind(subs[-1][:40])
            if at > 0:
                text, subs = text[:at].rstrip(), subs[:-1]
        return text, subs

    def sub_punctuation(self, clause: Clause, text: str, subs: list[str]) -> None:
        if not subs:  # a list typed inline: "... in particular: (a) By sharing ...; (b) By supporting ..."
            first = _INLINE_FIRST.search(text)
            if first is None or not _INLINE_NEXT.search(text, first.end()):
                return
            subs = [text[first.start() :].strip()]
        at = text.find(subs[0][:40])
        if at > 0:
            chapeau = text[:at]
            if end_mark(chapeau) not in ":—–-":
                self.add(
                    "P004",
                    ERROR,
                    clause,
                    "the paragraph introduces sub-paragraphs but does not end its chapeau with a colon",
                    "end the words before (a) with a colon",
                )
                return
        for sub in subs[:-1]:
            words = sub.rstrip(" .;,").rsplit(" ", 1)
            if end_mark(sub) in ";:,." or (len(words) == 2 and words[1] in ("and", "or")):
                continue  # a semicolon, or the punctuation of a list inside a sentence
            label = sub.split(" ", 1)[0]
            self.add(
                "P004",
                ERROR,
                clause,
                f"the sub-paragraph {label} does not end with a semicolon",
                "end each sub-paragraph but the last with a semicolon",
            )
            return

    # ------------------------------------------------------------------ leads

    def lead(self, i: int, clause: Clause) -> None:
        section = self.sections[i]
        head = self.lead_heads[i]
        if head is None or not clause.lead:
            return
        word = head.word
        other = OPERATIVE if section == PREAMBULAR else PREAMBULAR
        standard = word in self.heads[section] and word not in DISCOURAGED_HEADS
        wrong_form = word in self.heads[other] and word not in self.heads[section]
        if not wrong_form and head.known and head.section == other and not standard:
            wrong_form = True  # a misspelt lead of the other section
        if wrong_form:
            replacement = self.replacement(i, clause, section)
            where = "preamble" if section == PREAMBULAR else "operative part"
            form = "a participle or adjective" if section == PREAMBULAR else "a verb in the present tense"
            fix = (
                f"write {replacement!r}"
                if replacement
                else f"move the paragraph to the {'operative part' if section == PREAMBULAR else 'preamble'}"
            )
            if replacement and section == PREAMBULAR:
                fix += " or move the paragraph to the operative part"
            self.add(
                "L001",
                ERROR,
                clause,
                f"the lead {clause.lead!r} is not in the form of the {where} ({form})",
                fix,
                Edit("lead", clause.lead, replacement) if replacement else None,
            )
            return
        misspelt = head.known and word not in DISCOURAGED_HEADS
        if standard or not (misspelt or word in DISCOURAGED_HEADS or head.section):
            return  # a standard lead, or no lead at all ("In light of ...", "We recognize ...")
        replacement = self.replacement(i, clause, section)
        if misspelt:
            message = f"the lead {clause.lead!r} is misspelt"
        else:
            message = f"the lead {clause.lead!r} is not a standard opening phrase"
        fix = f"write {replacement!r}" if replacement else None
        self.add(
            "L002",
            ERROR if misspelt else WARNING,
            clause,
            message,
            fix,
            Edit("lead", clause.lead, replacement) if replacement else None,
        )

    def replacement(self, i: int, clause: Clause, section: str) -> str | None:
        """The standard form of the clause's family for ``section`` nearest to its lead.

        The family comes from the model (it reads the whole clause); the family of the lead's head
        by the standard forms, and DISCOURAGED_HEADS, add candidates. Spelling decides among them.
        """
        families = [self.family(i)]
        word = (_head_word(clause.lead) or "").lower()
        for family in (DISCOURAGED_HEADS.get(word), self.labels.family_of_lead(clause.lead)):
            if family and family not in families:
                families.append(family)
        words = _lead_words(clause.lead)
        prefix = [w for w in words if w in _SEQUENCE][:1]
        candidates = [
            form
            for family in families
            for form in self.labels.standard_forms(family, section)
            if (_head_word(form) or "").lower() not in DISCOURAGED_HEADS
        ]
        if not candidates:
            return None
        lower = " ".join(words)

        def score(form: str) -> tuple[float, float, float]:
            form_words = _lead_words(form)
            form_head = _head_word(form) or ""
            same_verb = OSA.distance(form_head[:5], word[:5]) <= 1 if form_head and word else False
            keeps_sequence = bool(prefix) == any(w in _SEQUENCE for w in form_words)
            return (float(same_verb), float(keeps_sequence), ratio(" ".join(form_words), lower))

        best = max(candidates, key=score)
        if best.lower() == clause.lead.lower():
            return None
        return _match_case(best, clause.lead)

    def sequence_words(self) -> None:
        """L003: "Also X" / "Further X" / "X further" only after a paragraph of the same family."""
        seen: dict[tuple[int, str], set[str]] = {}
        for i, clause in enumerate(self.clauses):
            section = self.sections[i]
            family = self.labels.family_of_lead(clause.lead) or self.family(i)
            words = _lead_words(clause.lead)
            earlier = seen.setdefault((self.parts[i], section), set())
            if any(w in _SEQUENCE for w in words[:3]) and family not in earlier and set(words) - _SEQUENCE:
                word = next(w for w in words if w in _SEQUENCE)
                self.add(
                    "L003",
                    ERROR,
                    clause,
                    f"{word!r} in {clause.lead!r} follows no earlier paragraph of the same family ({family})",
                    f"drop {word!r}, or move the paragraph after the first {family} paragraph",
                )
            earlier.add(family)

    def italics(self) -> None:
        """L004: in a Word draft the lead is set in italics."""
        if not self.document.source.lower().endswith(".docx"):
            return
        italic = {}
        for paragraph in self.document.paragraphs:
            text = fold(strip_label(paragraph.text)[1])
            italic[text[:40]] = paragraph.lead
        for clause in self.clauses:
            if clause.lead and clause.text[:40] in italic and not italic[clause.text[:40]]:
                self.add(
                    "L004",
                    WARNING,
                    clause,
                    f"the lead {clause.lead!r} is not set in italics",
                    f"set {clause.lead!r} in italics",
                )

    # ------------------------------------------------------------------ references and style

    def references(self, i: int, clause: Clause) -> None:
        text = clause.text
        for pattern, message, correct, may_match in _REFERENCES:
            match = pattern.search(text) if may_match(text) else None
            if match:
                self.add("R001", ERROR, clause, message.format(match.group()), f"write {correct(match.group())!r}")
                break
        for pattern, right, may_match in _SPELLING:
            match = pattern.search(text) if may_match(text) else None
            if match and (right != "United Nations" or self.sections[i] == OPERATIVE):
                wrong = match.group()
                new = right or _ize(wrong)
                self.add(
                    "R002", WARNING, clause, f"UN spelling: {wrong!r}", f"write {new!r}", Edit("spelling", wrong, new)
                )
        if self.document.body in ("GA", "HRC") and self.sections[i] == OPERATIVE:
            head = self.lead_heads[i]
            word = head.word if head else None
            lower = text.lower()
            if (
                word == "demands"
                or (word == "decides" and "acting under chapter vii" in lower)
                or (word == "authorizes" and "all necessary measures" in lower)
            ):
                self.add(
                    "L005",
                    WARNING,
                    clause,
                    f"{clause.lead!r} is language of the Security Council, not of the {ORGANS[self.document.body]}",
                    "use the organ's own verbs (Calls upon, Urges)",
                )

    def duplicates(self) -> None:
        """R003: the same paragraph text twice."""
        seen: dict[tuple[int, str], int] = {}
        for clause, part in zip(self.clauses, self.parts, strict=True):
            key = (part, _NOT_ALNUM.sub("", clause.text.lower()))
            if len(key[1]) < 20:
                continue
            if key in seen:
                self.add(
                    "R003",
                    ERROR,
                    clause,
                    f"the paragraph repeats an earlier one word for word ({self.clauses[seen[key]].text[:40]}...)",
                    "delete the repeated paragraph",
                )
            else:
                seen[key] = clause.index


SUB_STYLES = ("(a)", "(i)", "a.", "i.")
_INLINE_FIRST = re.compile(r"(?<=\S) \(a\) (?=[A-Z])")
_INLINE_NEXT = re.compile(r" \(b\) (?=[A-Z])")


def _label_styles(label: str) -> list[tuple[str, int]]:
    """The level styles a sub-paragraph label may have, with its ordinal: "(i)" is a letter or a numeral."""
    match = re.fullmatch(r"\(([a-z]{1,2})\)|([a-z]{1,2})\.", label)
    if match:
        value, paren = (match.group(1), True) if match.group(1) else (match.group(2), False)
        letter, roman = ("(a)", "(i)") if paren else ("a.", "i.")
        styles = [(letter, _letters(value))] if len(value) == 1 or value[0] == value[1] else []
        if re.fullmatch(r"[ivxl]+", value):
            styles.append((roman, _roman(value)))
        return styles
    match = re.fullmatch(r"\(([ivxl]{3,6})\)|([ivxl]{3,6})\.", label)
    if match:
        return [("(i)" if match.group(1) else "i.", _roman(match.group(1) or match.group(2)))]
    if re.fullmatch(r"\(\d{1,2}\)|\d{1,2}\)|[a-z]\)|[•·▪◦‣∙●\-–—*]", label):
        return [("bad", 0)]
    return []


def _letters(value: str) -> int:
    """a -> 1, z -> 26, aa -> 27 (UN practice doubles the letter after z)."""
    return ord(value[0]) - 96 + 26 * (len(value) - 1)


def _roman(value: str) -> int:
    numerals = {"i": 1, "v": 5, "x": 10, "l": 50}
    total = 0
    for a, b in zip(value, value[1:] + " ", strict=True):
        n = numerals[a]
        total += -n if b != " " and numerals[b] > n else n
    return total


def _by_number(text: str) -> str:
    """resolution A/RES/55/25 -> resolution 55/25; resolution S/RES/2334 (2016) -> resolution 2334 (2016)."""
    return re.sub(r"(?:A/RES/|S/RES/|A/HRC/RES/)", "", text)


def _year_space(text: str) -> str:
    return re.sub(r"(\d)\(", r"\1 (", text)


def _unabbreviated(text: str) -> str:
    return "resolution " + text.split()[-1]


def _slashed(text: str) -> str:
    word, rest = text.split(None, 1)
    return f"{word} " + re.sub(r"\s*[-/]\s*", "/", rest)


def _symbol(text: str) -> str:
    return re.sub(r"\s*/+\s*", "/", text)


def _containing(*needles: str) -> Callable[[str], bool]:
    """A cheap test run before a pattern: whether a text holds one of ``needles`` (every match of it does)."""
    return lambda text: any(needle in text for needle in needles)


# R001: (pattern, message, the corrected text of the match, a cheap test that the pattern may match)
_REFERENCES: tuple[tuple[re.Pattern[str], str, Callable[[str], str], Callable[[str], object]], ...] = (
    (
        re.compile(r"\bresolutions?\s+(?:A/RES/|S/RES/|A/HRC/RES/)[\w/\-]+(?:\s*\(\d{4}\))?"),
        "a resolution cited by its document symbol: {!r}",
        _by_number,
        _containing("RES/"),
    ),
    (
        re.compile(r"\b(?:[Rr]esolutions?\s+\d+|S/RES/\d+)\(\d{4}\)"),
        "no space before the year in {!r}",
        _year_space,
        _containing("("),
    ),
    (
        re.compile(r"\b[Rr]es\.?\s+\d+/\d+"),
        "an abbreviated resolution reference: {!r}",
        _unabbreviated,
        _containing("/"),
    ),
    (
        re.compile(r"\b[Rr]esolutions?\s+\d+\s*(?:-|\s/|/\s)\s*\d+\b"),
        "a malformed resolution number: {!r}",
        _slashed,
        _containing("esolution"),
    ),
    (
        re.compile(r"(?<![\w/])[ASE](?:\s+/\s*|/\s+|//)[A-Z0-9][\w./\-]*|(?<![\w/])[ASE]/[A-Z0-9.\-]+//[\w./\-]*"),
        "a malformed document symbol: {!r}",
        _symbol,
        _containing("/"),
    ),
    (
        re.compile(r"(?<![\w/])[ase]/(?:res|RES|hrc|HRC|\d)[\w./\-]*"),
        "a document symbol in lower case: {!r}",
        str.upper,
        _containing("/"),
    ),
)

_ISE_STEMS = (
    "recogni organi emphasi prioriti reali mobili utili minimi maximi harmoni standardi criminali characteri "
    "authori finali operationali institutionali capitali categori civili democrati destabili formali globali "
    "jeopardi legali legitimi marginali memoriali moderni neutrali normali optimi penali revitali stabili "
    "summari symboli synchroni systemati vandali visuali itemi apologi"
).split()
_ISE = re.compile(  # not in names: "Organisation for Economic Co-operation", "Organisation of Islamic Cooperation"
    rf"\b(?:{'|'.join(_ISE_STEMS)})s(?:e|ed|es|ing|ation|ations|ational|er|ers)\b(?! (?:for|of) (?:the )?[A-Z])",
    re.IGNORECASE,
)
# Every stem ends in "i": a match of _ISE holds a match of _ISE_ENDING (the same letters, the same case folding).
_ISE_ENDING = re.compile(r"is(?:e|ed|es|ing|ation|ations|ational|er|ers)\b", re.IGNORECASE)
# R002: (pattern, the right spelling (None: -ise -> -ize at the same place), a cheap test that the pattern may match)
_SPELLING: tuple[tuple[re.Pattern[str], str | None, Callable[[str], object]], ...] = (
    (_ISE, None, _ISE_ENDING.search),
    (
        re.compile(r"\bSecretary General\b|\bSecretary-general\b|\bsecretary-General\b"),
        "Secretary-General",
        _containing("ecretary"),
    ),
    (
        re.compile(r"\b(?:member states|Member states|MEMBER STATES)\b"),
        "Member States",
        _containing("ember states", "EMBER STATES"),
    ),
    (re.compile(r"(?<![\w\-‑])(?:UN|U\.N\.)(?![\w\-‑])"), "United Nations", _containing("UN", "U.N.")),
)


def _ize(word: str) -> str:
    """recognised -> recognized: the s after the stem becomes z."""
    lower = word.lower()
    stem = next(s for s in _ISE_STEMS if lower.startswith(s + "s"))
    z = "Z" if word[len(stem)].isupper() else "z"
    return word[: len(stem)] + z + word[len(stem) + 1 :]


def check_clauses(
    document: Document, clauses: list[Clause], families: Sequence[str], labels: LabelSet | None = None
) -> list[Finding]:
    """The findings of ``clauses`` (of ``document``) whose families (one per clause) are given."""
    return _Checker(document, clauses, lambda: families, labels or load_labels()).run()


def check_document(
    document: Document, classifier: ClauseClassifier | Callable[[], ClauseClassifier] | None = None
) -> CheckReport:
    """Segment ``document``, check the conventions, and label the families of its clauses with the model.

    ``classifier`` may be a loader (called only when a rule needs the model: a non-standard, misspelt
    or wrong-form lead; then ``families`` holds the model's families). Without a classifier, or when
    the loader was not needed, families come from the leads alone (``LabelSet.family_of_lead``).
    """
    labels = load_labels()
    clauses = split_clauses(document)

    def from_model() -> list[str]:
        if classifier is None or not clauses:
            return from_leads()
        model = classifier() if callable(classifier) and not hasattr(classifier, "predict") else classifier
        # the family head reads the text alone; no known section spares the intent head
        predictions = model.predict([c.text for c in clauses], [PREAMBULAR] * len(clauses))
        return [p.family for p in predictions]

    def from_leads() -> list[str]:
        return [labels.family_of_lead(c.lead) or "other" for c in clauses]

    checker = _Checker(document, clauses, from_model, labels)
    findings = checker.run()
    if hasattr(classifier, "predict") and clauses:
        checker.family(0)  # a loaded model labels every clause for the report
    families = checker._known if checker._known is not None else from_leads()
    return CheckReport(document, clauses, families, findings)
