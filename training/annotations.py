"""Gold intent labels: the format of ``data/annotations/intents.jsonl``, its loader, merging and agreement.

One JSON line per operative paragraph, keyed by the document symbol, the clause index (0-based,
preamble first, as ``read_akn`` and ``split_clauses`` count) and a hash of the clause text; the text
itself never enters the repository::

    {"symbol": "A/RES/77/12", "index": 14, "hash": "3f2a...", "split": "train",
     "intents": ["report", "mandate"], "annotator": "pass1", "note": "optional"}

Annotators write ``labels_*.jsonl`` files with ``{"id": "<symbol>#<index>", "intents": [...],
"note": ...}`` next to the batch files they read (``{"id", "symbol", "index", "hash", "body",
"split", "text"}``); :func:`merge_batches` turns them into gold labels.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from resolute.model.labels import load_labels

MAX_INTENTS = 3
SPLITS = ("train", "validation", "test")


class AnnotationError(ValueError):
    """A gold label that cannot be trusted: bad format, unknown intent, or a text that changed."""


def text_hash(text: str) -> str:
    """The clause text's fingerprint: the first 12 hex digits of its SHA-1 (UTF-8)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def clause_id(symbol: str, index: int) -> str:
    """The id annotators see: ``"<symbol>#<index>"``."""
    return f"{symbol}#{index}"


def parse_clause_id(value: str) -> tuple[str, int]:
    """Split ``"<symbol>#<index>"`` into the symbol and the clause index."""
    symbol, sep, index = value.rpartition("#")
    if not sep or not symbol or not index.isdigit():
        raise AnnotationError(f"malformed clause id {value!r} (expected '<symbol>#<index>')")
    return symbol, int(index)


def check_intents(intents: object, where: str, allow_empty: bool = False) -> tuple[str, ...]:
    """The intents as a tuple, or an AnnotationError naming ``where`` when they break the rules.

    Rules: a list of known intent keys (``labels.json``), one to three, no repeats, main one first.
    """
    known = load_labels().intents
    if not isinstance(intents, list) or not all(isinstance(i, str) for i in intents):
        raise AnnotationError(f"{where}: intents must be a list of strings, got {intents!r}")
    unknown = [i for i in intents if i not in known]
    if unknown:
        raise AnnotationError(f"{where}: unknown intent key(s) {unknown} (known: {', '.join(known)})")
    if len(set(intents)) != len(intents):
        raise AnnotationError(f"{where}: repeated intent in {intents}")
    if len(intents) > MAX_INTENTS:
        raise AnnotationError(f"{where}: {len(intents)} intents, at most {MAX_INTENTS} allowed")
    if not intents and not allow_empty:
        raise AnnotationError(f"{where}: no intent given")
    return tuple(intents)


@dataclass(frozen=True)
class GoldLabel:
    """The intents of one operative paragraph, as one annotator gave them."""

    symbol: str
    index: int
    hash: str
    split: str
    intents: tuple[str, ...]
    annotator: str
    note: str | None = None

    @property
    def key(self) -> tuple[str, int]:
        """``(symbol, index)``: what joins a label with its corpus row."""
        return self.symbol, self.index

    def to_json(self) -> dict[str, object]:
        """The JSON object of one line of ``intents.jsonl``."""
        row: dict[str, object] = {
            "symbol": self.symbol,
            "index": self.index,
            "hash": self.hash,
            "split": self.split,
            "intents": list(self.intents),
            "annotator": self.annotator,
        }
        if self.note:
            row["note"] = self.note
        return row

    @classmethod
    def from_json(cls, row: Mapping[str, object], where: str) -> GoldLabel:
        """Parse and check one line of ``intents.jsonl``; ``where`` names it in errors."""
        missing = [k for k in ("symbol", "index", "hash", "split", "intents", "annotator") if k not in row]
        if missing:
            raise AnnotationError(f"{where}: missing field(s) {missing}")
        if row["split"] not in SPLITS:
            raise AnnotationError(f"{where}: split {row['split']!r} is not one of {SPLITS}")
        if not isinstance(row["index"], int) or row["index"] < 0:
            raise AnnotationError(f"{where}: index must be a non-negative integer")
        note = row.get("note")
        return cls(
            symbol=str(row["symbol"]),
            index=row["index"],
            hash=str(row["hash"]),
            split=str(row["split"]),
            intents=check_intents(row["intents"], where),
            annotator=str(row["annotator"]),
            note=str(note) if note else None,
        )


def _read_jsonl(path: Path) -> Iterable[tuple[str, dict]]:
    """``(where, object)`` for each non-blank line; a line that is not a JSON object fails loudly."""
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise AnnotationError(f"{where}: not JSON ({error.msg})") from None
            if not isinstance(row, dict):
                raise AnnotationError(f"{where}: expected a JSON object")
            yield where, row


def read_labels(path: str | Path) -> list[GoldLabel]:
    """Read and check a gold label file; a paragraph labelled twice is an error."""
    labels: list[GoldLabel] = []
    seen: set[tuple[str, int]] = set()
    for where, row in _read_jsonl(Path(path)):
        label = GoldLabel.from_json(row, where)
        if label.key in seen:
            raise AnnotationError(f"{where}: {clause_id(*label.key)} is labelled twice")
        seen.add(label.key)
        labels.append(label)
    return labels


def write_labels(path: str | Path, labels: Iterable[GoldLabel]) -> int:
    """Write labels as JSON lines sorted by split, symbol and index; returns the number written."""
    ordered = sorted(labels, key=lambda lab: (SPLITS.index(lab.split), lab.symbol, lab.index))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as stream:
        for label in ordered:
            stream.write(json.dumps(label.to_json(), ensure_ascii=False) + "\n")
    return len(ordered)


def load_gold(path: str | Path, corpus_rows: Iterable[Mapping[str, object]]) -> list[dict[str, object]]:
    """Join gold labels with corpus rows (mappings with ``symbol``, ``index``, ``text``).

    Returns one dict per label: the corpus row's fields plus ``intents`` (list, main first),
    ``annotator``, ``note`` and ``split`` (the label's). Raises AnnotationError when a labelled
    paragraph is missing from the corpus, when its text no longer matches the stored hash, when a
    corpus row carries a different split, or when a label breaks the format (see ``read_labels``).
    """
    labels = read_labels(path)
    wanted = {label.key for label in labels}
    rows: dict[tuple[str, int], Mapping[str, object]] = {}
    for row in corpus_rows:
        key = (str(row["symbol"]), int(row["index"]))
        if key in wanted:
            rows[key] = row
    joined: list[dict[str, object]] = []
    for label in labels:
        name = clause_id(*label.key)
        row = rows.get(label.key)
        if row is None:
            raise AnnotationError(f"{path}: {name} is not in the corpus")
        found = text_hash(str(row["text"]))
        if found != label.hash:
            raise AnnotationError(
                f"{path}: {name}: text hash mismatch (label {label.hash}, corpus {found}); "
                "the corpus text changed since annotation"
            )
        if "split" in row and row["split"] != label.split:
            raise AnnotationError(f"{path}: {name}: split {label.split!r} in labels, {row['split']!r} in corpus")
        joined.append(
            {
                **row,
                "split": label.split,
                "intents": list(label.intents),
                "annotator": label.annotator,
                "note": label.note,
            }
        )
    return joined


def relocate_labels(
    labels: Iterable[GoldLabel], corpus_rows: Iterable[Mapping[str, object]]
) -> tuple[list[GoldLabel], list[str]]:
    """Move labels whose paragraph changed position (a reader fix) to the index that holds their text.

    A label whose ``(symbol, index)`` no longer has its hash is moved when exactly one paragraph of
    the same document has that hash. Returns the labels and the ids of the moved ones; labels that
    cannot be placed stay as they are, for ``load_gold`` to refuse. Run it deliberately, never
    inside training.
    """
    by_symbol: dict[str, dict[int, str]] = {}
    for row in corpus_rows:
        by_symbol.setdefault(str(row["symbol"]), {})[int(row["index"])] = text_hash(str(row["text"]))
    placed: list[GoldLabel] = []
    moved: list[str] = []
    for label in labels:
        hashes = by_symbol.get(label.symbol, {})
        matches = [index for index, value in hashes.items() if value == label.hash]
        if hashes.get(label.index) != label.hash and len(matches) == 1:
            moved.append(f"{clause_id(*label.key)} -> {matches[0]}")
            label = replace(label, index=matches[0])
        placed.append(label)
    return placed, moved


@dataclass
class MergeResult:
    """What :func:`merge_batches` made: labels, ids skipped by the annotator, ids left unlabelled."""

    labels: list[GoldLabel]
    skipped: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def read_batch(paths: Iterable[str | Path]) -> dict[str, dict]:
    """Batch items by id from batch files (``{"id", "symbol", "index", "hash", "split", ...}``)."""
    items: dict[str, dict] = {}
    for path in paths:
        for where, row in _read_jsonl(Path(path)):
            if row["id"] in items:
                raise AnnotationError(f"{where}: {row['id']} appears in two batch items")
            items[row["id"]] = row
    return items


def read_outputs(
    label_paths: Iterable[str | Path], known: Iterable[str]
) -> dict[str, tuple[tuple[str, ...], str | None]]:
    """Annotator outputs (``{"id", "intents", "note"}``) by id, checked against the ``known`` ids.

    An empty intent list is kept (a skip). Unknown ids, ids labelled twice and bad intents raise
    AnnotationError naming the file and line.
    """
    known = set(known)
    outputs: dict[str, tuple[tuple[str, ...], str | None]] = {}
    for path in label_paths:
        for where, row in _read_jsonl(Path(path)):
            ident = row.get("id")
            if ident not in known:
                raise AnnotationError(f"{where}: id {ident!r} is not among the items of this task")
            if ident in outputs:
                raise AnnotationError(f"{where}: {ident} is labelled twice")
            note = row.get("note")
            outputs[ident] = (check_intents(row.get("intents"), where, allow_empty=True), str(note) if note else None)
    return outputs


def merge_batches(
    label_paths: Iterable[str | Path],
    batch_paths: Iterable[str | Path],
    annotator: str,
    only: Iterable[str] | None = None,
) -> MergeResult:
    """Turn annotator outputs (``{"id", "intents", "note"}``) into gold labels of ``annotator``.

    Key, hash and split come from the batch items the ids name. An empty intent list is a skip
    (an unusable paragraph; the note says why). ``only`` restricts the expected ids (the
    agreement items); ``missing`` lists the expected ids that no output labels.
    """
    items = read_batch(batch_paths)
    expected = list(items) if only is None else list(only)
    outputs = read_outputs(label_paths, expected)
    result = MergeResult(labels=[])
    for ident, (intents, note) in outputs.items():
        if not intents:
            result.skipped.append(ident)
            continue
        item = items[ident]
        symbol, index = parse_clause_id(ident)
        result.labels.append(GoldLabel(symbol, index, item["hash"], item["split"], intents, annotator, note))
    result.missing = [ident for ident in expected if ident not in outputs]
    return result


@dataclass(frozen=True)
class Agreement:
    """Agreement between two annotation passes over the same paragraphs."""

    n: int
    micro_f1: float
    main_agreement: float
    main_kappa: float
    exact_match: float
    per_intent: dict[str, float | None]  # None where neither pass used the intent
    support: dict[str, tuple[int, int]]  # intent -> (uses in pass one, uses in pass two)


def _f1(tp: int, fp: int, fn: int) -> float | None:
    return None if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)


def agreement(first: Sequence[GoldLabel], second: Sequence[GoldLabel]) -> Agreement:
    """Micro-F1 over intent sets, main-intent agreement (and Cohen's kappa), per-intent F1.

    Computed over the paragraphs both passes labelled; the measures are symmetric. A paragraph
    whose hash differs between the passes raises AnnotationError.
    """
    one = {label.key: label for label in first}
    two = {label.key: label for label in second}
    keys = sorted(one.keys() & two.keys())
    if not keys:
        raise AnnotationError("the two passes share no paragraph")
    intents = load_labels().intents
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    main_one: Counter[str] = Counter()
    main_two: Counter[str] = Counter()
    same_main = exact = 0
    for key in keys:
        a, b = one[key], two[key]
        if a.hash != b.hash:
            raise AnnotationError(f"{clause_id(*key)}: the passes saw different texts ({a.hash} vs {b.hash})")
        sa, sb = set(a.intents), set(b.intents)
        tp.update(sa & sb)
        fn.update(sa - sb)
        fp.update(sb - sa)
        same_main += a.intents[0] == b.intents[0]
        exact += sa == sb
        main_one[a.intents[0]] += 1
        main_two[b.intents[0]] += 1
    n = len(keys)
    observed = same_main / n
    expected = sum(main_one[i] * main_two[i] for i in intents) / n**2
    kappa = 1.0 if expected == 1 else (observed - expected) / (1 - expected)
    micro = _f1(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return Agreement(
        n=n,
        micro_f1=micro if micro is not None else 1.0,
        main_agreement=observed,
        main_kappa=kappa,
        exact_match=exact / n,
        per_intent={i: _f1(tp[i], fp[i], fn[i]) for i in intents},
        support={i: (tp[i] + fn[i], tp[i] + fp[i]) for i in intents},
    )


def check_labels_file(labels_path: str | Path, items_path: str | Path) -> list[str]:
    """Lines that tell an annotator where their labels file stands against its items file."""
    ids = [row["id"] for _, row in _read_jsonl(Path(items_path))]
    outputs = read_outputs([labels_path], ids) if Path(labels_path).exists() else {}
    counts = Counter(intents[0] for intents, _ in outputs.values() if intents)
    skipped = sum(1 for intents, _ in outputs.values() if not intents)
    missing = [ident for ident in ids if ident not in outputs]
    lines = [
        f"{len(outputs) - skipped} labelled, {skipped} skipped, {len(missing)} of {len(ids)} still to do",
        "main intents: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()),
    ]
    if missing:
        lines.append("next unlabelled: " + ", ".join(missing[:5]))
    return lines


def next_items(items_path: str | Path, labels_path: str | Path, count: int) -> list[dict]:
    """The first ``count`` items of an items file that the labels file does not label yet."""
    items = [row for _, row in _read_jsonl(Path(items_path))]
    done = set(read_outputs([labels_path], [row["id"] for row in items])) if Path(labels_path).exists() else set()
    return [row for row in items if row["id"] not in done][:count]


def _show(item: dict) -> str:
    lines = [f"== {item['id']}" + (f"  ({item['body']}, {item['split']})" if "body" in item else "")]
    if item.get("chapeau"):
        lines.append(f"   chapeau: {item['chapeau']}")
    lines.append(f"   {item['text']}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m resolute.training.annotations check LABELS ITEMS`` or ``show ITEMS LABELS``: annotators' tools."""
    parser = argparse.ArgumentParser(prog="python -m resolute.training.annotations")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate a labels file against its batch or agreement file")
    check.add_argument("labels", type=Path)
    check.add_argument("items", type=Path)
    show = commands.add_parser("show", help="print the next items that the labels file does not label yet")
    show.add_argument("items", type=Path)
    show.add_argument("labels", type=Path)
    show.add_argument("--count", type=int, default=20)
    args = parser.parse_args(argv)
    try:
        if args.command == "show":
            lines = [_show(item) for item in next_items(args.items, args.labels, args.count)] or ["all items labelled"]
        else:
            lines = check_labels_file(args.labels, args.items)
    except (AnnotationError, KeyError, OSError) as error:
        print(f"error: {error}")
        return 1
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
