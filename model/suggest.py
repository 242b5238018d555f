"""Suggestions for one clause: its labels, the standard leads, precedents from the corpus, formula templates.

A ``Suggester`` holds the classifier and, when the model folder ships them, the precedent index
(``precedents.npz``) and the mined formula templates (``templates.json``). Nothing here prints.
"""

from __future__ import annotations

import json
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from resolute.model.artifact import ModelError, default_model_path
from resolute.model.classify import ClauseClassifier, load_classifier
from resolute.model.features import tokenize
from resolute.model.labels import LabelSet, load_labels
from resolute.model.records import OPERATIVE, Clause
from resolute.model.retrieval import INDEX_FILE, SECTIONS, CorpusTexts, PrecedentIndex, default_corpus_root
from resolute.model.segment import guess_lead, strip_label

TEMPLATES_FILE = "templates.json"
TEMPLATES_VERSION = 1
LINK = "https://undocs.org/en/{symbol}"  # spaces dropped: S/RES/2334(2016), A/RES/75/242B
MAX_TEMPLATES = 5
_SLOT = re.compile(r"\{\w+\}")


@dataclass(frozen=True)
class Precedent:
    """A corpus paragraph like the clause: where it is, how like it is, and its text when the corpus is at hand."""

    symbol: str
    index: int
    section: str
    number: str | None
    family: str
    score: float
    copies: int
    link: str
    text: str | None = None

    @property
    def paragraph(self) -> str:
        """The paragraph as a reader names it: "operative paragraph 3", "preambular paragraph 2"."""
        if self.section == OPERATIVE:
            return f"operative paragraph {self.number}" if self.number else f"paragraph {self.index + 1}"
        return f"preambular paragraph {self.index + 1}"


@dataclass(frozen=True)
class Template:
    """A formula mined from the corpus: a paragraph pattern with slots ({ordinal}, {date}, {symbol}, {name}, ...)."""

    pattern: str
    section: str
    family: str
    intent: str | None
    count: int  # paragraphs that follow it
    documents: int  # documents in which it occurs

    @classmethod
    def from_record(cls, record: dict) -> Template:
        """A template from its ``templates.json`` entry."""
        return cls(
            pattern=str(record["pattern"]),
            section=str(record["section"]),
            family=str(record["family"]),
            intent=record.get("intent"),
            count=int(record["count"]),
            documents=int(record["documents"]),
        )


@dataclass(frozen=True)
class Suggestion:
    """What ``resolute suggest`` tells about one clause."""

    text: str
    lead: str
    section: str
    family: str
    intents: tuple[str, ...]
    scores: dict[str, object]
    standard_leads: tuple[str, ...]
    precedents: tuple[Precedent, ...]
    templates: tuple[Template, ...]
    corpus: bool  # whether precedent texts could be read from the corpus

    def to_record(self) -> dict[str, object]:
        """A JSON-ready dict."""
        record = asdict(self)
        record["intents"] = list(self.intents)
        record["standard_leads"] = list(self.standard_leads)
        record["precedents"] = [{**asdict(p), "paragraph": p.paragraph} for p in self.precedents]
        record["templates"] = [asdict(t) for t in self.templates]
        return record


def load_templates(path: Path) -> list[Template]:
    """The templates of a ``templates.json``; a wrong version is refused with a ``ModelError``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(f"{path}: unreadable ({error})") from None
    if not isinstance(data, dict) or data.get("version") != TEMPLATES_VERSION:
        raise ModelError(
            f"{path}: templates version {data.get('version') if isinstance(data, dict) else None!r}, "
            f"this resolute reads {TEMPLATES_VERSION}"
        )
    return [Template.from_record(r) for r in data.get("templates", [])]


def _load_index(path: Path) -> PrecedentIndex:
    try:
        return PrecedentIndex.load(path)
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as error:
        raise ModelError(f"{path}: not a precedent index ({error})") from None


def _words(text: str) -> set[str]:
    return set(tokenize(_SLOT.sub(" ", text)))


def match_templates(
    templates: Sequence[Template], text: str, section: str, family: str, intents: Sequence[str], limit: int
) -> list[Template]:
    """The templates of the clause's section and family that fit its intents, most alike first.

    An operative clause gets the templates of its intents (those of its family when none fits);
    ranking is by the words the template shares with the clause, and a little by how often it occurs.
    """
    same = [t for t in templates if t.section == section and t.family == family]
    if section == OPERATIVE and intents:
        fitting = [t for t in same if t.intent in intents]
        same = fitting or same
    words = _words(text)

    def rank(template: Template) -> float:
        own = _words(template.pattern)
        shared = len(own & words)
        # how much of the template the clause has, how much of the clause the template covers, how common it is
        return shared / max(len(own), 1) + shared / max(len(words), 1) + 0.1 * math.log10(1 + template.documents)

    return sorted(same, key=rank, reverse=True)[:limit]


class Suggester:
    """The classifier with the precedent index and the templates of its model folder."""

    def __init__(
        self,
        classifier: ClauseClassifier,
        index: PrecedentIndex | None,
        templates: list[Template],
        corpus: CorpusTexts,
        labels: LabelSet | None = None,
    ) -> None:
        self.classifier = classifier
        self.index = index
        self.templates = templates
        self.corpus = corpus
        self.labels = labels or load_labels()

    @classmethod
    def load(cls, model: str | Path | None = None, corpus: str | Path | None = None) -> Suggester:
        """Load the model folder (default: the shipped model) with its optional index and templates.

        Loading the classifier verifies every file that ``meta.json`` lists, these two included when
        listed. ``corpus`` is the raw corpus root (default: ``$RESOLUTE_CORPUS`` or ``../shared/corpus/raw``).
        """
        folder = Path(model) if model is not None else default_model_path()
        classifier = load_classifier(folder)
        index = _load_index(folder / INDEX_FILE) if (folder / INDEX_FILE).is_file() else None
        templates = load_templates(folder / TEMPLATES_FILE) if (folder / TEMPLATES_FILE).is_file() else []
        return cls(classifier, index, templates, CorpusTexts(corpus if corpus is not None else default_corpus_root()))

    def suggest(self, clause: str | Clause, k: int = 5, templates: int = MAX_TEMPLATES) -> Suggestion:
        """Suggestions for one clause: a text (its section predicted) or a ``Clause`` of a draft (section kept)."""
        known = clause.section if isinstance(clause, Clause) else None
        text = clause.text if isinstance(clause, Clause) else " ".join(strip_label(clause)[1].split())
        lead = clause.lead if isinstance(clause, Clause) else guess_lead(text)
        prediction = self.classifier.predict([text], [known])[0]
        section, family = prediction.section, prediction.family
        return Suggestion(
            text=text,
            lead=lead,
            section=section,
            family=family,
            intents=prediction.intents,
            scores=prediction.scores,
            standard_leads=self.labels.standard_forms(family, section),
            precedents=tuple(self.precedents(text, section, k)),
            templates=tuple(match_templates(self.templates, text, section, family, prediction.intents, templates)),
            corpus=self.corpus.available,
        )

    def precedents(self, text: str, section: str | None, k: int) -> list[Precedent]:
        """The ``k`` corpus paragraphs of ``section`` most like ``text``, with texts when the corpus is present."""
        if self.index is None:
            return []
        index = self.index
        found = []
        for hit in index.search(text, k, section):
            row = hit.row
            document = int(index.document[row])
            symbol = str(index.symbols[document])
            number = int(index.number[row])
            found.append(
                Precedent(
                    symbol=symbol,
                    index=int(index.index[row]),
                    section=SECTIONS[int(index.section[row])],
                    number=str(number) if number >= 0 else None,
                    family=str(index.families[int(index.family[row])]),
                    score=round(hit.score, 4),
                    copies=int(index.copies[row]),
                    link=LINK.format(symbol=symbol.replace(" ", "")),
                    text=self.corpus.text(str(index.sources[document]), int(index.index[row]), int(index.check[row])),
                )
            )
        return found


__all__ = [
    "Precedent",
    "Suggester",
    "Suggestion",
    "Template",
    "load_templates",
    "match_templates",
]
