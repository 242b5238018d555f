"""Build what ``resolute suggest`` ships with a model: the precedent index and the formula templates.

``build_precedents`` reads the clause corpus (``resolute corpus build``), writes ``precedents.npz``
(symbols, positions and bit codes, no text) and ``templates.json`` (frequent paragraph patterns with
their slots filled by placeholders) into a folder, and, when that folder is a model folder, lists
both in its ``meta.json`` so that loading verifies them.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from resolute.model.artifact import META, write_meta
from resolute.model.intent_rules import silver_intents_many
from resolute.model.labels import load_labels
from resolute.model.records import OPERATIVE
from resolute.model.retrieval import INDEX_FILE, build_index
from resolute.model.suggest import TEMPLATES_FILE, TEMPLATES_VERSION

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_UNITS = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
_TEENS = r"(?:tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth)"
_TENTHS = r"(?:twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth|hundredth)"
# Capitalised words that UN texts use as common nouns of the institutions; a name made of these stays.
GENERIC_WORDS = frozenset(
    """Secretary-General Secretary General Assembly Security Council Human Rights United Nations Member States
    State Members Charter Committee Committees Office Organization Government Governments Special Rapporteur
    Rapporteurs Representative High Commissioner Secretariat Economic Social Sustainable Development Goals Goal
    Agenda Programme Fund Conference Parties Party Convention Conventions Declaration Council's Assembly's
    International Court Justice Permanent Mission Missions Panel Experts Group Working Board Commission
    Non-Self-Governing Territories Territory Administering Power Powers Independent Expert Chair President
    Vice-President Bureau Union Peace Peacebuilding Peacekeeping Operations Operation Department Deputy
    Under-Secretary-General Assistant Envoy Coordinator Commissioner's Rapporteur's Plan Action Platform""".split()
)

SLOTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("title", re.compile(r"“[^”]{3,}”|\"[^\"]{3,}\"")),
    ("symbol", re.compile(r"\b[A-Z]{1,5}(?:\.\d+)?(?:/[A-Za-z0-9.\-]+)+(?:\s\(\d{4}\))?(?<=\d|\)|[A-Z])")),
    ("symbol", re.compile(r"\b\d{1,4}\s\((?:\d{4}|[IVXLC]+)\)|\b(?:ES-|S-)?\d+/\d+(?:\s?[A-D]\b)?")),
    ("date", re.compile(rf"\b(?:\d{{1,2}}\s)?{_MONTH}(?:\s\d{{1,2}},)?\s\d{{4}}\b|\b\d{{1,2}}\s{_MONTH}\b")),
    ("ordinal", re.compile(rf"\b(?:{_TENS}-{_UNITS}|{_TENTHS}|{_TEENS}|{_UNITS}|\d+(?:st|nd|rd|th))\b", re.I)),
    ("year", re.compile(r"\b(?:19|20)\d{2}(?:[–-](?:19|20)?\d{2})?\b")),
    ("number", re.compile(r"\b\d+(?:[.,]\d+)*\b")),
)
_NAME = re.compile(
    r"(?<![\w{])(?:[A-Z][\w’'\-]*)(?:\s+(?:(?:of|the|and|for|on|in|to|de|du|la)\s+)*[A-Z][\w’'\-]*)*(?![\w}])"
)
# Openings end at a semicolon or colon, or at a comma before a phrase that adds to the clause (a participle,
# a preposition or a conjunction), not at the commas inside a list.
_CUTS = re.compile(
    r"[;:](?=\s)|,(?=\s(?:including|in|with|as|and|which|where|whereby|that|inter|at|on|through|by|for|while"
    r"|within|particularly|notably|especially|\w+ing|\w+ed)\b)"
)
_REPEATS = re.compile(r"(\{symbol\} of \{date\})(?:,? (?:and )?\{symbol\} of \{date\})+")
_WORD = re.compile(r"(?<![{\w])[A-Za-z][\w’'\-]*")
_ENDING = re.compile(r"[\s,;:.]+$")


def slot_text(text: str) -> str:
    """The paragraph with its particulars as slots: {title}, {symbol}, {date}, {ordinal}, {year}, {number}, {name}.

    The opening word keeps its capital; capitalised names made only of ``GENERIC_WORDS`` stay.
    """
    text = " ".join(text.split())
    for slot, pattern in SLOTS:
        text = pattern.sub("{" + slot + "}", text)
    first = re.match(r"\s*\S+", text)
    start = first.end() if first else 0

    def name(match: re.Match[str]) -> str:
        words = [w for w in match.group().split() if w[:1].isupper()]
        return match.group() if all(w in GENERIC_WORDS for w in words) else "{name}"

    text = text[:start] + _NAME.sub(name, text[start:])
    text = _REPEATS.sub(r"\1", text)  # a list of resolutions with their dates -> one
    return re.sub(r"\{(\w+)\}(?:(?:,\s|\s(?:and|or)\s|\s)\{\1\})+", r"{\1}", text)  # "{name} and {name}" -> one


def _patterns(slotted: str, min_words: int) -> set[str]:
    """The whole slotted paragraph and its openings that end at a comma, semicolon or colon."""
    found = {_ENDING.sub("", slotted)}
    for cut in _CUTS.finditer(slotted):
        found.add(slotted[: cut.start()])
    return {p for p in found if len(_WORD.findall(p)) >= min_words}


@dataclass(frozen=True)
class MiningConfig:
    """How templates are chosen."""

    min_documents: int = 5  # a pattern must occur in this many documents
    min_words: int = 4  # words, slots aside
    max_words: int = 35
    per_family: int = 40  # templates kept per (section, family)
    keep_shorter: float = 0.8  # a pattern is dropped when an extension of it occurs in this share of its documents


def mine_templates(rows: Iterable[Mapping], config: MiningConfig = MiningConfig()) -> list[dict]:
    """Frequent slotted paragraph patterns per (section, family), with their main intent and counts.

    ``rows`` have ``text``, ``section``, ``family``, ``symbol`` and, for operative rows, ``intents``.
    """
    documents: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    counts: Counter[tuple[str, str, str]] = Counter()
    intents: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    for row in rows:
        slotted = slot_text(row["text"])
        if len(slotted.split()) > config.max_words * 3:
            continue
        for pattern in _patterns(slotted, config.min_words):
            key = (row["section"], row["family"], pattern)
            documents[key].add(row["symbol"])
            counts[key] += 1
            if row["section"] == OPERATIVE and row.get("intents"):
                intents[key][row["intents"][0]] += 1
    frequent = {
        key: len(docs)
        for key, docs in documents.items()
        if len(docs) >= config.min_documents and len(key[2].split()) <= config.max_words
    }
    dominated = set()  # shorter patterns that an extension of them covers
    for (section, family, pattern), n_docs in frequent.items():
        for cut in _CUTS.finditer(pattern):
            shorter = (section, family, pattern[: cut.start()])
            if shorter in frequent and n_docs >= config.keep_shorter * frequent[shorter]:
                dominated.add(shorter)
    kept = []
    for key, n_docs in frequent.items():
        if key in dominated:
            continue
        section, family, pattern = key
        main = intents[key].most_common(1)
        kept.append(
            {
                "pattern": pattern,
                "section": section,
                "family": family,
                "intent": main[0][0] if main else None,
                "count": counts[key],
                "documents": n_docs,
            }
        )
    kept.sort(key=lambda t: (t["section"], t["family"], -t["documents"], t["pattern"]))
    per_group: Counter[tuple[str, str]] = Counter()
    chosen = []
    for template in kept:
        group = (template["section"], template["family"])
        if per_group[group] < config.per_family:
            per_group[group] += 1
            chosen.append(template)
    return chosen


def write_templates(templates: list[dict], path: Path) -> None:
    """Write ``templates.json``."""
    data = {"version": TEMPLATES_VERSION, "slots": sorted({s for s, _ in SLOTS} | {"name"}), "templates": templates}
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def corpus_rows(corpus) -> list[dict]:
    """The rows of every split of a clause corpus (``DatasetDict``), oldest session first, with silver intents."""
    columns = ("symbol", "source", "index", "number", "section", "family", "text", "lead", "body", "date")
    rows = [
        dict(zip(columns, values, strict=True))
        for name in corpus
        for values in zip(*(corpus[name][c] for c in columns), strict=True)
    ]
    rows.sort(key=lambda r: (r["date"] or "", r["symbol"], r["index"]))
    found, _ = silver_intents_many(
        [r["text"] for r in rows],
        [r["lead"] for r in rows],
        [r["family"] for r in rows],
        [r["body"] for r in rows],
        [r["section"] for r in rows],
    )
    for row, intents in zip(rows, found, strict=True):
        row["intents"] = intents if row["section"] == OPERATIVE else []
    return rows


@dataclass
class PrecedentsReport:
    """What ``build_precedents`` wrote, for the CLI to render."""

    out: Path
    paragraphs: int
    indexed: int
    documents: int
    templates: int
    index_bytes: int
    templates_bytes: int
    registered: bool  # listed in the model folder's meta.json


def build_precedents(
    rows: list[dict], out: Path, bits: int = 512, config: MiningConfig = MiningConfig()
) -> PrecedentsReport:
    """Write ``precedents.npz`` and ``templates.json`` for ``rows`` into ``out``; list them in its meta.json if any."""
    labels = load_labels()
    out.mkdir(parents=True, exist_ok=True)
    index = build_index(
        [r["text"] for r in rows],
        [(r["symbol"], r["source"], int(r["index"]), r["number"], r["section"], r["family"]) for r in rows],
        labels.families,
        bits=bits,
    )
    index.save(out / INDEX_FILE)
    templates = mine_templates(rows, config)
    write_templates(templates, out / TEMPLATES_FILE)
    registered = (out / META).is_file()
    if registered:
        register_files(out, [INDEX_FILE, TEMPLATES_FILE])
    return PrecedentsReport(
        out=out,
        paragraphs=len(rows),
        indexed=len(index),
        documents=len(index.symbols),
        templates=len(templates),
        index_bytes=(out / INDEX_FILE).stat().st_size,
        templates_bytes=(out / TEMPLATES_FILE).stat().st_size,
        registered=registered,
    )


def register_files(folder: Path, names: list[str]) -> None:
    """Add ``names`` (files in ``folder``) to the model's ``meta.json`` with their hashes, keeping the rest."""
    meta = json.loads((folder / META).read_text(encoding="utf-8"))
    files = list(dict.fromkeys([*meta.pop("files", {}), *names]))
    meta.pop("schema_version", None)
    write_meta(folder, meta, files)
