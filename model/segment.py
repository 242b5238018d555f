"""Segmenter: the paragraphs of a Document -> clauses with section, number, lead and text.

Structured documents (AKN) already carry one clause per paragraph. For plain text and Word drafts
the clause boundaries are decided here from the clues a reader cannot settle alone: numbering
(``1.``, ``OP1``, ``PP1``), sub-paragraph labels (``(a)``, ``(i)``), the opening phrase (a lexicon of
preambular participles/adjectives and operative verbs, tolerant of case and one or two typos), and
the punctuation that ends the previous paragraph. Paragraphs that continue a clause (a page break or a
stray blank line in the middle of a sentence) are joined to it; short unpunctuated lines between
clauses (headings such as "II" or "Follow-up") are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from resolute.model.normalize import fold
from resolute.model.records import OPERATIVE, PREAMBULAR, Clause, Document, Paragraph

# Opening words of preambular paragraphs: participles and adjectives (lower case).
PREAMBULAR_HEADS = frozenset(
    """
    acknowledging acting adhering affirming agreeing alarmed anticipating anxious appalled appealing
    appreciating approving asserting attaching aware bearing being believing calling celebrating
    cognizant cognisant commemorating commending committed concerned concluding condemning confident
    confirming conscious considering contemplating continuing convinced deeming declaring deploring
    desiring desirous determined determining disappointed dismayed distressed disturbed emphasizing
    emphasising encouraged encouraging endorsing envisaging expecting expressing fearing gratified
    grateful grieved guided having heartened highlighting honouring honoring hoping hopeful horrified
    indignant insisting inspired intending inviting invoking keeping looking mindful mourning noting
    observing outraged paying perturbed persuaded pleased pledging praising preoccupied proceeding
    proclaiming promoting pursuing reaffirming realizing realising reassured recalling receiving
    recognizing recognising recollecting recommitting reconfirming referring regretting reiterating
    rejecting relying remaining reminding renewing reporting requesting resolved resolving
    respecting responding restating reviewing saddened saluting satisfied seeking seized shocked
    sharing stressing striving supporting sympathizing taking troubled trusting underlining
    underscoring upholding urging viewing welcoming wishing worried demanding emphasising echoing
    re-emphasizing reemphasizing concurring giving understanding marking committing congratulating
    extolling
    """.split()
)
# Opening verbs of operative paragraphs: present tense, third person (lower case).
OPERATIVE_HEADS = frozenset(
    """
    accepts acknowledges adds adjusts adopts advises affirms agrees alerts allocates amends announces
    anticipates appeals applauds appoints appreciates approves appropriates asks asserts assures
    authorizes authorises awaits believes brings calls cautions clarifies commemorates commends
    commits concludes concurs condemns confirms congratulates considers continues declares decides
    deems defers demands denounces deplores designates determines directs dissolves draws elects
    emphasizes emphasises empowers encourages endorses entrusts envisages establishes exhorts expects
    expresses extends finds highlights implores insists instructs intends invites is looks maintains
    mandates notes observes opposes pays pledges proclaims proposes raises reaffirms realizes
    reasserts recalls receives recognizes recognises recommends recommits reconfirms refers regrets
    reiterates rejects remains reminds renews replaces requests requires resolves respects salutes
    signals stands strengthens stresses submits suggests supports takes terminates thanks transmits
    underlines underscores understands undertakes urges values welcomes wishes re-emphasizes
    reemphasizes re-emphasises revises greets shares warns bears
    """.split()
)
# Sequence and strength words that may stand before or after the head word of a lead.
MODIFIERS = frozenset(
    """
    also further furthermore moreover again once deeply gravely seriously strongly firmly fully
    particularly especially profoundly solemnly urgently sincerely warmly greatly highly equally
    similarly likewise additionally expressly increasingly ever still while whilst
    """.split()
)
_STANCE_NOUNS = frozenset(
    """
    appreciation concern gratitude support hope determination intention commitment request requests
    call calls condemnation conviction solidarity condolences sympathy readiness willingness
    satisfaction regret alarm belief invitation demand approval endorsement resolve opposition view
    thanks dismay outrage disappointment indignation recognition confidence encouragement
    """.split()
)
_STANCE_ADJECTIVES = frozenset(
    """
    deep deepest grave serious sincere full strong continued profound utmost firm great greatest
    unwavering strongest particular previous sincerest heartfelt increasing growing
    """.split()
)
_STANCE_VERBS = frozenset(
    """
    express expresses expressing reiterate reiterates reiterating reaffirm reaffirms reaffirming renew
    renews renewing declare declares declaring stress stresses stressing underline underlines
    underlining emphasize emphasizes emphasizing reconfirm reconfirms reconfirming
    """.split()
)
_WITH_VERBS = frozenset(
    """
    note notes noting welcome welcomes welcoming acknowledge acknowledges acknowledging recall recalls
    recalling recognize recognizes recognizing observe observes observing learn learns learning
    """.split()
)
_PHRASE_TAILS = {
    "take": (("note",), ("into", "account"), ("into", "consideration"), ("fully", "into", "account")),
    "bear": (("in", "mind"),),
    "keep": (("in", "mind"),),
    "call": (("upon",), ("on",), ("for",), ("attention",)),
    "look": (("forward",),),
    "pay": (("tribute",), ("homage",)),
    "draw": (("attention",), ("the", "attention")),
}
_GENERAL_TAILS = (
    ("in", "the", "strongest", "possible", "terms"),
    ("in", "the", "strongest", "terms"),
    ("in", "particular"),
    ("in", "this", "regard"),
    ("in", "that", "regard"),
)
_IS_VERBS = frozenset("is are remains remain remaining being".split())

NUMBERED = re.compile(
    r"^(?:(?:OP|O\.P\.|Op)\s*\.?\s*(\d{1,3}(?:\s?(?:bis|ter))?)\s*[.):\-]?|(\d{1,3}(?:\s?(?:bis|ter))?)\s*[.)])(?:\s+|$)"
)
PRE_NUMBERED = re.compile(r"^(?:PP|P\.P\.|Pp)\s*\.?\s*(\d{1,3})\s*[.):\-]?(?:\s+|$)")
_BARE_NUMBER = re.compile(r"^(\d{1,3})\s+(?=[A-Za-z])")
SUB_LABEL = re.compile(
    r"^[“\"‘]?(?:\((?:[a-z]{1,2}|[ivxlc]{1,6}|\d{1,2})\)|(?:[a-z]|[ivx]{1,5})[.)]|[•·▪◦‣∙●\-–—*])(?:\s+|$)"
)
_ORGANS = r"(?:general\s+assembly|security\s+council|human\s+rights\s+council|economic\s+and\s+social\s+council)"
# The enacting formula: "The General Assembly," (a bare "Human Rights Council" is a banner, not this).
FORMULA = re.compile(rf"^(?:The|THE)\s+(?i:{_ORGANS})\s*[,:;]?$")
_WORDS = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_TRAILING = "\"'”’»)]} \u200e\u200f"
TERMINATORS = frozenset(",;:.")


def end_mark(text: str) -> str:
    """The last punctuation-relevant character of ``text`` (closing quotes and brackets aside)."""
    stripped = text.rstrip(_TRAILING)
    return stripped[-1] if stripped else ""


# ---------------------------------------------------------------------------- lead lexicon


def _damerau(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance of ``a`` and ``b``, or ``limit + 1`` when larger."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


_HEADS = {**dict.fromkeys(PREAMBULAR_HEADS, PREAMBULAR), **dict.fromkeys(OPERATIVE_HEADS, OPERATIVE)}
_HEADS_BY_LETTER: dict[str, tuple[str, ...]] = {}
for _word in sorted(_HEADS):
    _HEADS_BY_LETTER[_word[0]] = (*_HEADS_BY_LETTER.get(_word[0], ()), _word)


@lru_cache(maxsize=4096)
def _fuzzy_head(word: str) -> str | None:
    """The lexicon head within one or two typing errors of ``word`` (lower case).

    The first letters must agree, and a word that is a prefix of a head or the reverse ("Respect",
    "Recall") is another form of the word rather than a typing error.
    """
    if len(word) < 5:
        return None
    limit = 1 if len(word) < 8 else 2
    best, best_distance = None, limit + 1
    for candidate in _HEADS_BY_LETTER.get(word[0], ()):
        if candidate.startswith(word) or word.startswith(candidate):
            continue
        distance = _damerau(word, candidate, limit)
        if distance < best_distance:
            best, best_distance = candidate, distance
    return best


def _is_modifier(word: str) -> bool:
    """A sequence or strength word: listed, or an adverb in -ly ("Unequivocally condemning")."""
    return word in MODIFIERS or (word.endswith("ly") and len(word) > 5 and word not in _HEADS)


@lru_cache(maxsize=1024)
def _fuzzy_modifier(word: str) -> bool:
    """Whether ``word`` is a modifier ("Also", "Further") with a typing error or two."""
    limit = 1 if len(word) < 7 else 2
    return len(word) >= 4 and any(_damerau(word, m, limit) <= limit for m in MODIFIERS)


def _form_section(word: str) -> str | None:
    """The section suggested by a word's form alone: participles -> preambular, -s verbs -> operative."""
    if word.endswith("ing") and len(word) > 5:
        return PREAMBULAR
    if word.endswith(("ed", "ful", "ant", "ent")) and len(word) > 5:
        return PREAMBULAR
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 4:
        return OPERATIVE
    return None


@dataclass(frozen=True)
class LeadHead:
    """The head word of an opening phrase and what it says about the clause."""

    word: str  # lower case
    section: str | None  # section suggested by the word
    known: bool  # the word (or a near spelling) is in the lead lexicon


def lead_head(text: str) -> LeadHead | None:
    """The head word of the opening phrase of ``text`` (modifiers such as "Also" skipped)."""
    words = [w.lower().replace("’", "'") for w in _WORDS.findall(text[:80])[:5]]
    for i, lower in enumerate(words[:4]):
        if _is_modifier(lower):
            continue
        known = _HEADS.get(lower) or _HEADS.get(_fuzzy_head(lower) or "")
        if known:
            return LeadHead(lower, known, True)
        following = words[i + 1] if i + 1 < len(words) else ""
        if i == 0 and following in _HEADS and _fuzzy_modifier(lower):
            return LeadHead(following, _HEADS[following], True)  # a misspelt "Also", "Further"
        return LeadHead(lower, _form_section(lower), False)
    return None


def opens_like_lead(text: str) -> bool:
    """Whether ``text`` opens with a known lead, or a capitalised participle ("Marking", "Echoing")."""
    head = lead_head(text)
    if head is None:
        return False
    if head.known:
        return True
    return text[:1].isupper() and head.section == PREAMBULAR and head.word.endswith("ing")


def lead_section(text: str) -> str | None:
    """The section that the opening phrase of ``text`` suggests when it is a known lead, else None."""
    head = lead_head(text)
    return head.section if head and head.known else None


def _stem(word: str) -> str:
    """The base form of a verb that opens a fixed phrase: "taking", "takes" -> "take"."""
    for suffix, ending in (("ing", ""), ("ing", "e"), ("es", ""), ("s", "")):
        if word.endswith(suffix) and word[: -len(suffix)] + ending in _PHRASE_TAILS:
            return word[: -len(suffix)] + ending
    return word


def guess_lead(text: str) -> str:
    """The opening phrase of a clause as written: "Also requests", "Taking note with appreciation".

    The lead is the head word with the sequence and strength words around it, and the fixed phrases
    that complete it ("Bearing in mind", "Calls upon", "Expresses its deep concern", "Notes with
    concern"); it stops at the first object, preposition or determiner. Numbers and sub-paragraph
    labels in front are skipped. Returns "" when the text opens with no word.
    """
    text = strip_label(text)[1]
    matches = list(_WORDS.finditer(text[:160]))[:12]
    words = [m.group().lower().replace("’", "'") for m in matches]
    for k in range(1, len(matches)):  # the lead ends at the first punctuation
        if text[matches[k - 1].end() : matches[k].start()].strip():
            words = words[:k]
            break
    i = 0
    while i < len(words) - 1 and _is_modifier(words[i]):
        i += 1
    if i >= len(words):
        return fold(text[: matches[-1].end()]) if matches else ""
    head = words[i]
    end = i + 1
    # modifiers after the head ("Recalling also", "Reaffirms once again", "Condemns unequivocally")
    while end < len(words) and _is_modifier(words[end]):
        end += 1
    if head == "having" and end < len(words) and words[end].endswith(("ed", "en", "ard", "eld", "ade")):
        end += 1  # "Having considered", "Having heard", "Having also examined"
    stem = _stem(head)
    for tail in _PHRASE_TAILS.get(stem, ()):
        if tuple(words[end : end + len(tail)]) == tail:
            end += len(tail)
            while end < len(words) and words[end] in ("also", "further"):
                end += 1  # "Taking note also"
            break
    if head in _IS_VERBS:
        j = end
        while j < len(words) and words[j] in MODIFIERS:
            j += 1
        if j < len(words) and words[j] in _HEADS and words[j] not in OPERATIVE_HEADS:
            end = j + 1
    if head in _STANCE_VERBS or head in _IS_VERBS:
        j = end
        if j < len(words) and (words[j] in ("its", "their") or (words[j] == "the" and head.startswith("express"))):
            j += 1
        while j < len(words) and words[j] in _STANCE_ADJECTIVES | MODIFIERS:
            j += 1
        if j < len(words) and words[j] in _STANCE_NOUNS and (words[j] != "view" or words[end] == "the"):
            end = j + 1
            if words[j] in ("call", "calls") and end < len(words) and words[end] in ("upon", "on", "for"):
                end += 1
    if (head in _WITH_VERBS or stem == "take") and end < len(words) and words[end] == "with":
        j = end + 1
        while j < len(words) and words[j] in _STANCE_ADJECTIVES | MODIFIERS:
            j += 1
        if j < len(words) and words[j] in _STANCE_NOUNS | {"interest"}:
            end = j + 1
    for tail in _GENERAL_TAILS:
        if tuple(words[end : end + len(tail)]) == tail:
            end += len(tail)
            break
    if end + 1 < len(words) and words[end] == "and" and _HEADS.get(words[end + 1]) == _HEADS.get(head, ""):
        end += 2  # "Welcomes and encourages", "Deplores and condemns"
    return fold(text[matches[0].start() : matches[end - 1].end()])


# ---------------------------------------------------------------------------- labels


def strip_label(text: str) -> tuple[str | None, str]:
    """Split an operative number ("1.", "OP1") off ``text``: ("1", rest), or (None, text)."""
    text = text.strip()
    match = NUMBERED.match(text)
    if match:
        return fold(match.group(1) or match.group(2)), text[match.end() :]
    match = PRE_NUMBERED.match(text)
    if match:
        return None, text[match.end() :]
    return None, text


@dataclass
class _Block:
    """One paragraph of the input with what its start says."""

    text: str  # without its number or PP label
    kind: str  # "number", "pre", "sub", "formula", "lead", "plain"
    number: str | None = None
    lead: str | None = None  # a lead given by the reader (an italic run)
    section_hint: str | None = None  # from markup or a PP/OP label


@dataclass
class _Draft:
    """A clause being assembled."""

    number: str | None
    lead: str | None
    section_hint: str | None
    parts: list[str] = field(default_factory=list)
    subs: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return fold(" ".join([*self.parts, *self.subs]))

    @property
    def list_open(self) -> bool:
        """The chapeau ends with a colon: unlabelled items that follow are its sub-paragraphs."""
        return bool(self.parts) and end_mark(self.parts[-1]) == ":"

    @property
    def end(self) -> str:
        """The closing punctuation of the text so far."""
        pieces = self.subs or self.parts
        return end_mark(pieces[-1]) if pieces else ""

    def extend(self, text: str) -> None:
        if self.subs:
            self.subs[-1] = f"{self.subs[-1]} {text}"
        else:
            self.parts.append(text)


def _block(paragraph: Paragraph) -> _Block | None:
    text = fold(paragraph.text)
    hint = paragraph.number
    if hint and SUB_LABEL.match(f"{hint} ") and not hint[:1].isdigit():
        return _Block(f"{hint} {text}" if not text.startswith(hint) else text, "sub")
    if hint and re.fullmatch(r"(?:PP|pp)\s*\d+\.?", hint):
        return _Block(text, "pre", section_hint=PREAMBULAR, lead=paragraph.lead)
    if hint:
        number = strip_label(f"{hint} ")[0] or hint.rstrip(".)")
        return _Block(text, "number", number=number, lead=paragraph.lead, section_hint=OPERATIVE)
    if not text:
        return None
    if FORMULA.match(text):
        return _Block(text, "formula")
    match = NUMBERED.match(text)
    if match:
        number = fold(match.group(1) or match.group(2))
        return _Block(text[match.end() :], "number", number=number, section_hint=OPERATIVE)
    match = PRE_NUMBERED.match(text)
    if match:
        return _Block(text[match.end() :], "pre", section_hint=PREAMBULAR)
    if SUB_LABEL.match(text):
        return _Block(text, "sub")
    if paragraph.lead:
        return _Block(text, "lead", lead=paragraph.lead, section_hint=paragraph.section)
    return _Block(text, "plain", section_hint=paragraph.section)


def _opens_clause(block: _Block, previous_end: str, expected: int) -> bool:
    """Whether a plain paragraph opens a new clause rather than continuing the one before."""
    match = _BARE_NUMBER.match(block.text)
    if match and int(match.group(1)) == expected and lead_section(block.text[match.end() :]):
        block.number, block.text, block.section_hint = match.group(1), block.text[match.end() :], OPERATIVE
        return True
    first = block.text[:1]
    if first in '“"‘':
        return False  # quoted text (an amended paragraph) belongs to the clause that quotes it
    head = lead_head(block.text)
    known = head is not None and head.known
    if previous_end not in TERMINATORS:
        # a sentence running on (page break, stray blank line); only a capitalised lead breaks it
        return known and first.isupper()
    if known:
        return True
    if first.isupper() or first == "(":
        return previous_end in ";." or (head is not None and head.section is not None and first.isupper())
    return False


def _is_heading(block: _Block, following: _Block | None) -> bool:
    """A short line without closing punctuation, not a lead, followed by no continuation."""
    text = block.text
    if end_mark(text) in TERMINATORS or len(text.split()) > 16 or text[:1].islower() or lead_section(text):
        return False
    return following is None or following.kind != "plain" or not following.text[:1].islower()


def _section(draft: _Draft, text: str, previous: str | None) -> str:
    """The section of an assembled clause: label, then lead lexicon, then punctuation, then form."""
    if draft.section_hint:
        return draft.section_hint
    if draft.number is not None:
        return OPERATIVE
    head = lead_head(draft.lead or text)
    if head and head.known and head.section:
        return head.section
    end = end_mark(text)
    if end == ",":
        return PREAMBULAR
    if end in ";.":
        return OPERATIVE
    if head and head.section:
        return head.section
    return previous or PREAMBULAR


def _clauses_from_blocks(blocks: Iterable[_Block]) -> list[Clause]:
    blocks = list(blocks)
    drafts: list[_Draft] = []
    current: _Draft | None = None
    last_number = 0
    for position, block in enumerate(blocks):
        if block.kind == "formula":
            current = None
            continue
        if current is not None and not any(current.parts) and not current.subs and block.kind in ("plain", "lead"):
            current.parts.append(block.text)  # the number stood alone on the line before
            current.lead = current.lead or block.lead
            continue
        if block.kind == "sub":
            if current is None:
                current = _Draft(None, None, None, parts=[block.text])
                drafts.append(current)
            else:
                current.subs.append(block.text)
            continue
        following = blocks[position + 1] if position + 1 < len(blocks) else None
        if block.kind in ("number", "pre", "lead"):
            opens = True
        elif current is None:
            if _is_heading(block, following):
                continue  # a title or heading before the first clause
            opens = True
        elif current.list_open and not lead_section(block.text):
            current.subs.append(block.text)  # an unlabelled item of the list the chapeau opened
            continue
        else:
            previous_end = current.end
            if previous_end in TERMINATORS and _is_heading(block, following):
                continue  # a heading between clauses ("II", "Follow-up")
            opens = _opens_clause(block, previous_end, last_number + 1)
        if opens:
            if block.number and block.number.isdigit():
                last_number = int(block.number)
            current = _Draft(block.number, block.lead, block.section_hint, parts=[block.text])
            drafts.append(current)
        else:
            current.extend(block.text)
    clauses: list[Clause] = []
    previous: str | None = None
    for draft in drafts:
        text = draft.text
        if not text:
            continue
        section = _section(draft, text, previous)
        lead = draft.lead or guess_lead(text)
        number = draft.number if section == OPERATIVE else None
        subs = tuple(fold(s) for s in draft.subs)
        clauses.append(Clause(len(clauses), section, text, lead, number, subs))
        previous = section
    return clauses


def _structured_clause(index: int, paragraph: Paragraph) -> Clause:
    text = paragraph.text  # folded by the reader of a structured format (see ``Document.structured``)
    section = paragraph.section
    if section not in (PREAMBULAR, OPERATIVE):
        head = lead_head(text)
        section = head.section if head and head.section else (PREAMBULAR if end_mark(text) == "," else OPERATIVE)
    number = paragraph.number if section == OPERATIVE else None
    return Clause(
        index=index,
        section=section,
        text=text,
        lead=paragraph.lead or guess_lead(text),
        number=number,
        subparagraphs=tuple(paragraph.subparagraphs),
    )


def split_clauses(document: Document) -> list[Clause]:
    """The clauses of ``document`` in order, preamble first as written.

    Structured documents map one paragraph to one clause. Others are segmented: numbered
    paragraphs are operative, sub-paragraphs stay with their parent (in ``text`` and
    ``subparagraphs``), continuation paragraphs are joined, headings between clauses are dropped,
    and each unnumbered clause gets its section from its lead's form or its closing punctuation.
    """
    if document.structured:
        return [_structured_clause(i, p) for i, p in enumerate(document.paragraphs)]
    blocks = (b for b in map(_block, document.paragraphs) if b is not None)
    return _clauses_from_blocks(blocks)


__all__ = [
    "MODIFIERS",
    "OPERATIVE_HEADS",
    "PREAMBULAR_HEADS",
    "LeadHead",
    "end_mark",
    "guess_lead",
    "lead_head",
    "lead_section",
    "opens_like_lead",
    "split_clauses",
    "strip_label",
]
