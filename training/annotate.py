"""The logic of ``resolute annotate``: choose unlabelled operative paragraphs, apply keys, save, undo, skip.

Independent of the terminal: :class:`AnnotationSession` takes one input line at a time and says what
happened; the CLI renders. Labels go to the gold file (``data/annotations/intents.jsonl``) in its
format, one line per label, appended with a single ``write`` and fsynced at once, so an interrupted
session keeps every label it saved and never leaves half a line; undo rewrites the file atomically.
"""

from __future__ import annotations

import json
import os
import random
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from resolute.model.classify import ClauseClassifier
from resolute.model.labels import load_labels
from resolute.model.records import OPERATIVE
from resolute.training.annotations import AnnotationError, GoldLabel, check_intents, clause_id, read_labels, text_hash

# One letter per intent, shown on screen; u, s and q are the commands.
INTENT_KEYS: dict[str, str] = {
    "r": "report",
    "a": "agenda",
    "m": "mandate",
    "b": "resources",
    "i": "implementation",
    "c": "cooperation",
    "x": "sanctions",
    "t": "appreciation",
    "d": "concern",
    "p": "position",
    "e": "adoption",
    "n": "acknowledgement",
}
UNDO, SKIP, QUIT = "u", "s", "q"
ORDERS = ("uncertainty", "random")


@dataclass(frozen=True)
class Candidate:
    """An operative paragraph offered for labelling, with the model's suggestion."""

    symbol: str
    index: int
    split: str
    text: str
    family: str | None = None
    body: str | None = None
    suggested: tuple[str, ...] = ()
    scores: Mapping[str, float] = field(default_factory=dict)
    uncertainty: float | None = None  # the smallest distance of an intent probability to its threshold

    @property
    def key(self) -> tuple[str, int]:
        """``(symbol, index)``, the gold file's key."""
        return self.symbol, self.index


def labelled_keys(path: str | Path) -> set[tuple[str, int]]:
    """The ``(symbol, index)`` keys a gold file labels already (none when it does not exist).

    The file is checked with ``read_labels`` first: a session never appends to a broken file.
    """
    path = Path(path)
    return {label.key for label in read_labels(path)} if path.exists() else set()


def candidate_rows(
    rows: Iterable[Mapping[str, object]],
    done: set[tuple[str, int]],
    pattern: str | None = None,
    family: str | None = None,
) -> list[Mapping[str, object]]:
    """Operative rows not in ``done``, whose text matches ``pattern`` (case-insensitive) and family ``family``."""
    regex = re.compile(pattern, re.IGNORECASE) if pattern else None
    chosen = []
    for row in rows:
        if row.get("section") != OPERATIVE or not str(row.get("text") or "").strip():
            continue
        if (str(row["symbol"]), int(row["index"])) in done:
            continue
        if family is not None and row.get("family") != family:
            continue
        if regex is not None and not regex.search(str(row["text"])):
            continue
        chosen.append(row)
    return chosen


def intent_thresholds(classifier: ClauseClassifier) -> np.ndarray:
    """The model's per-intent decision thresholds (0.5 where the backend does not say)."""
    thresholds = getattr(classifier, "intent_thresholds", None)
    if thresholds is None:
        return np.full(len(load_labels().intents), 0.5)
    return np.asarray(thresholds, dtype=float)


def uncertainty(scores: Mapping[str, float], thresholds: Sequence[float]) -> float:
    """How close the model is to changing its mind: the smallest |probability - threshold| over the intents."""
    names = load_labels().intents
    return min(abs(float(scores.get(name, 0.0)) - float(t)) for name, t in zip(names, thresholds, strict=True))


def score_candidates(
    rows: Sequence[Mapping[str, object]], split: str, classifier: ClauseClassifier | None
) -> list[Candidate]:
    """Candidates for ``rows`` with the model's intents, scores and uncertainty (none without a model)."""
    if classifier is None:
        return [_candidate(row, split) for row in rows]
    predictions = classifier.predict([str(row["text"]) for row in rows], [OPERATIVE] * len(rows))
    thresholds = intent_thresholds(classifier)
    candidates = []
    for row, prediction in zip(rows, predictions, strict=True):
        scores = dict(prediction.scores.get("intents") or {})
        candidates.append(_candidate(row, split, prediction.intents, scores, uncertainty(scores, thresholds)))
    return candidates


def _candidate(
    row: Mapping[str, object],
    split: str,
    suggested: tuple[str, ...] = (),
    scores: Mapping[str, float] | None = None,
    margin: float | None = None,
) -> Candidate:
    return Candidate(
        symbol=str(row["symbol"]),
        index=int(row["index"]),
        split=split,
        text=str(row["text"]),
        family=str(row["family"]) if row.get("family") else None,
        body=str(row["body"]) if row.get("body") else None,
        suggested=tuple(suggested),
        scores=scores or {},
        uncertainty=margin,
    )


def with_suggestion(candidate: Candidate, classifier: ClauseClassifier | None) -> Candidate:
    """The candidate with the model's suggestion filled in (as it is when it has one or no model is given)."""
    if classifier is None or candidate.scores:
        return candidate
    row = {"symbol": candidate.symbol, "index": candidate.index, "text": candidate.text}
    (scored,) = score_candidates([row], candidate.split, classifier)
    return replace(candidate, suggested=scored.suggested, scores=scored.scores, uncertainty=scored.uncertainty)


def choose_candidates(
    rows: Sequence[Mapping[str, object]],
    split: str,
    classifier: ClauseClassifier | None,
    by: str = "uncertainty",
    pool: int = 2000,
    seed: int = 0,
) -> list[Candidate]:
    """The order in which paragraphs are offered.

    ``random``: a seeded shuffle. ``uncertainty`` (active learning): a seeded random pool of at most
    ``pool`` rows, scored by the model, the most uncertain first (smallest margin to a threshold).
    """
    if by not in ORDERS:
        raise ValueError(f"unknown order {by!r} (expected one of {', '.join(ORDERS)})")
    rows = list(rows)
    random.Random(seed).shuffle(rows)
    if by == "random" or classifier is None:
        return score_candidates(rows, split, None)
    candidates = score_candidates(rows[:pool], split, classifier)
    return sorted(candidates, key=lambda c: c.uncertainty if c.uncertainty is not None else 1.0)


def parse_keys(line: str) -> tuple[list[str], str | None]:
    """Intents from a line of keys (each key toggles its intent, first kept key = main), and a note after ``#``.

    Raises AnnotationError naming an unknown key.
    """
    keys, _, note = line.partition("#")
    chosen: list[str] = []
    for key in keys.strip().lower():
        if key.isspace():
            continue
        if key not in INTENT_KEYS:
            raise AnnotationError(f"unknown key {key!r}")
        intent = INTENT_KEYS[key]
        if intent in chosen:
            chosen.remove(intent)
        else:
            chosen.append(intent)
    return chosen, note.strip() or None


def append_label(path: str | Path, label: GoldLabel) -> None:
    """Append one label as one line with a single write, flushed and fsynced before returning."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = (json.dumps(label.to_json(), ensure_ascii=False) + "\n").encode("utf-8")
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            data = b"\n" + data  # a file that ends without a newline: still one write
        written = os.write(fd, data)
        while written < len(data):  # regular files write whole; this only guards a short write
            written += os.write(fd, data[written:])
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_label(path: str | Path, key: tuple[str, int]) -> bool:
    """Drop the line of ``key`` from the gold file, rewriting it atomically; True when a line went."""
    path = Path(path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = []
    for line in lines:
        if line.strip():
            row = json.loads(line)
            if (str(row["symbol"]), int(row["index"])) == key:
                continue
        kept.append(line)
    if len(kept) == len(lines):
        return False
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.writelines(kept)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, path.stat().st_mode & 0o777)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return True


@dataclass(frozen=True)
class Outcome:
    """What one input line did: ``saved``, ``undone``, ``skipped``, ``quit``, ``error`` or ``empty``."""

    action: str
    message: str = ""
    label: GoldLabel | None = None


class AnnotationSession:
    """Walks through candidates; every saved label is in the gold file when :meth:`handle` returns."""

    def __init__(self, gold: str | Path, candidates: Iterable[Candidate], annotator: str) -> None:
        self.gold = Path(gold)
        self.annotator = annotator
        self.queue = list(candidates)
        self.position = 0
        self.saved: list[tuple[GoldLabel, Candidate]] = []  # this session's labels, for undo
        self.skipped = 0
        self.undone = 0
        self.finished = False

    @property
    def current(self) -> Candidate | None:
        """The paragraph on screen; None when the session is over."""
        return None if self.finished or self.position >= len(self.queue) else self.queue[self.position]

    @property
    def remaining(self) -> int:
        """Candidates not yet shown, the current one included."""
        return max(0, len(self.queue) - self.position)

    def handle(self, line: str) -> Outcome:
        """Apply one input line: intent keys (+ Enter saves), ``u`` undo, ``s`` skip, ``q`` quit."""
        command = line.strip().lower()
        if command == QUIT:
            self.finished = True
            return Outcome("quit")
        if command == UNDO:
            return self.undo()
        candidate = self.current
        if candidate is None:
            return Outcome("error", "no paragraph left; u undoes the last label, q quits")
        if command == SKIP:
            self.skipped += 1
            self.position += 1
            return Outcome("skipped", f"skipped {clause_id(*candidate.key)}")
        if not command:
            return Outcome("empty", "type intent keys, then Enter (s skips, u undoes, q quits)")
        try:
            intents, note = parse_keys(line)
            check_intents(intents, clause_id(*candidate.key))
        except AnnotationError as error:
            return Outcome("error", str(error))
        return self.save(candidate, tuple(intents), note)

    def save(self, candidate: Candidate, intents: tuple[str, ...], note: str | None = None) -> Outcome:
        """Append the label of the current paragraph to the gold file and move on."""
        label = GoldLabel(
            symbol=candidate.symbol,
            index=candidate.index,
            hash=text_hash(candidate.text),
            split=candidate.split,
            intents=intents,
            annotator=self.annotator,
            note=note,
        )
        append_label(self.gold, label)
        self.saved.append((label, candidate))
        self.position += 1
        return Outcome("saved", f"saved {clause_id(*label.key)}: {', '.join(intents)}", label)

    def undo(self) -> Outcome:
        """Remove this session's last saved label from the gold file and show its paragraph again."""
        if not self.saved:
            return Outcome("error", "nothing to undo in this session")
        label, candidate = self.saved.pop()
        remove_label(self.gold, label.key)
        self.undone += 1
        self.queue.insert(self.position, candidate)
        return Outcome("undone", f"removed {clause_id(*label.key)}: {', '.join(label.intents)}", label)
