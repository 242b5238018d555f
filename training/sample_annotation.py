"""Draw the operative paragraphs that annotators label with intents, and write their batch files.

The sample is stratified: a fixed number of paragraphs per split (train, validation, test), fixed
shares per body (GA, SC, HRC), periods (GA and HRC sessions, SC years) in proportion to their
size, and within each period families weighted by the inverse square root of their size, so that
rare families are not swamped. Paragraphs whose wording hints at a rare intent (sanctions,
resources, mandates, adoption, agenda, acknowledgement) are drawn more often. The hints only
weight the draw; labels come from annotators who read each paragraph.

Batch files hold the clause texts and therefore live outside the repository::

    python -m resolute.training.sample_annotation --out /work/notes/annotation

A **top-up** draws one more batch focused on a few families, for an intent that the first sample
left short, with the same candidates, splits and clause keys, and without the paragraphs of the
batches already drawn. ``FAMILY:PATTERN`` keeps a family's paragraphs only where they mention the
pattern (a case-insensitive regular expression); the focus only stratifies, annotators still label::

    python -m resolute.training.sample_annotation --topup-families endorse "welcome:adopt|endors" \
        "note:adopt|endors" --exclude /work/notes/annotation/batch_[1-6].jsonl --size 140 --test-size 40 \
        --out /work/notes/annotation/batch_7.jsonl
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from resolute.model.labels import load_labels
from resolute.model.records import OPERATIVE, Document
from resolute.training.annotations import clause_id, text_hash
from resolute.training.corpus import DocInfo, iter_corpus_documents

SEED = 20240605
POOL_SIZES = {"train": 1250, "validation": 310, "test": 330}
BODY_SHARES = {"GA": 0.45, "SC": 0.37, "HRC": 0.18}
BATCHES = 6
AGREEMENT_SIZE = 200
PER_DOCUMENT = 4  # at most this many paragraphs of one document per split
TOPUP_PER_DOCUMENT = 2  # a top-up's few families cluster in some documents: spread it wider
MIN_CHARS, MAX_CHARS = 25, 3000

# Wording that hints at a rarer intent, with the factor by which it raises a paragraph's weight.
HINTS: dict[str, tuple[re.Pattern[str], float]] = {
    name: (re.compile(pattern, re.IGNORECASE), factor)
    for name, pattern, factor in (
        (
            "sanctions",
            r"sanction|embargo|asset freeze|freeze .{0,40}funds|travel ban|panel of experts|group of experts"
            r"|monitoring team|committee established pursuant|designat|arms and related materiel",
            4.0,
        ),
        (
            "resources",
            r"budget|appropriat|apportion|assessed contribution|voluntary contribution|trust fund|extrabudgetary"
            r"|\bposts?\b|(financial|human|adequate|necessary|sufficient|predictable) resources"
            r"|resources (necessary|required|needed)",
            2.0,
        ),
        ("adoption", r"^\W*(\w+ )?(adopts|endorses|approves)\b|outcome document|programme of action", 4.0),
        ("mandate", r"mandate|establish|extend|authoriz|terminate|troop|ceiling", 1.5),
        ("agenda", r"provisional agenda|remain seized|international day|world day|high-level|convene|summit", 1.5),
        ("acknowledgement", r"^\W*(\w+ )?(takes note|notes)\b", 1.5),
    )
}
_CLOSED = re.compile(r"[.;:,]\W*$")


@dataclass(frozen=True)
class Candidate:
    """An operative paragraph that may be drawn, with what stratifies it."""

    symbol: str
    index: int
    body: str
    period: str  # GA and HRC session, SC year, as the corpus gives it
    split: str
    family: str
    hint: str | None
    text: str
    chapeau: str | None = None

    @property
    def id(self) -> str:
        """The clause id annotators see."""
        return clause_id(self.symbol, self.index)


def read_resolutions(raw: Path | None = None) -> Iterator[tuple[Document, DocInfo]]:
    """The corpus's adopted resolutions (``iter_corpus_documents``), one per symbol.

    Drafts that were not adopted are left out (presidential statements and duplicate files the
    corpus leaves out already); a symbol held by two documents with different paragraphs would be
    an ambiguous key and is left out altogether.
    """
    found: dict[str, list[tuple[Document, DocInfo]]] = defaultdict(list)
    for document, info in iter_corpus_documents(raw):
        if info.adopted and info.body in BODY_SHARES:
            found[info.symbol].append((document, info))
    for pairs in found.values():
        if len(pairs) == 1:
            yield pairs[0]


def _chapeau(document: Document, index: int) -> str | None:
    """The nearest earlier operative paragraph ending with a colon: the governing verb of a list item."""
    for earlier in reversed(document.paragraphs[max(0, index - 40) : index]):
        if earlier.section == OPERATIVE and earlier.text.rstrip().endswith(":"):
            return earlier.text
    return None


def candidates(documents: Iterable[tuple[Document, DocInfo]]) -> Iterator[Candidate]:
    """The operative paragraphs worth annotating (25 to 3,000 characters, not a bare heading)."""
    labels = load_labels()
    for document, info in documents:
        for index, paragraph in enumerate(document.paragraphs):
            text = paragraph.text
            if paragraph.section != OPERATIVE or not MIN_CHARS <= len(text) <= MAX_CHARS:
                continue
            if not _CLOSED.search(text) and len(text) < 80:
                continue
            family = labels.family_of_lead(" ".join(text.split()[:6]))
            hint = next((name for name, (pattern, _) in HINTS.items() if pattern.search(text)), None)
            yield Candidate(
                symbol=info.symbol,
                index=index,
                body=info.body,
                period=info.session,
                split=info.split,
                family=family or "other",
                hint=hint,
                text=text,
                chapeau=None if family else _chapeau(document, index),
            )


def _shares(total: int, sizes: dict[str, float]) -> dict[str, int]:
    """Split ``total`` in proportion to ``sizes`` by largest remainder."""
    weight = sum(sizes.values())
    exact = {k: total * v / weight for k, v in sizes.items()}
    counts = {k: math.floor(v) for k, v in exact.items()}
    for key in sorted(exact, key=lambda k: counts[k] - exact[k])[: total - sum(counts.values())]:
        counts[key] += 1
    return counts


def _draw(
    group: list[Candidate], count: int, rng: random.Random, taken: Counter[str], cap: int = PER_DOCUMENT
) -> list[Candidate]:
    """``count`` candidates weighted by family rarity and hints (Efraimidis-Spirakis keys), ``cap`` per document."""
    family_sizes = Counter(c.family for c in group)

    def weight(candidate: Candidate) -> float:
        factor = HINTS[candidate.hint][1] if candidate.hint else 1.0
        return factor / math.sqrt(family_sizes[candidate.family])

    keyed = sorted(group, key=lambda c: rng.random() ** (1 / weight(c)), reverse=True)
    chosen: list[Candidate] = []
    for candidate in keyed:
        if len(chosen) == count:
            break
        if taken[candidate.symbol] < cap:
            taken[candidate.symbol] += 1
            chosen.append(candidate)
    return chosen


def _by_split_body_period(pool: Iterable[Candidate]) -> dict[tuple[str, str, str], list[Candidate]]:
    """The candidates grouped by (split, body, period), each group in pool order."""
    groups: dict[tuple[str, str, str], list[Candidate]] = defaultdict(list)
    for candidate in pool:
        groups[candidate.split, candidate.body, candidate.period].append(candidate)
    return groups


def draw_sample(pool: Iterable[Candidate], seed: int = SEED) -> list[Candidate]:
    """The stratified sample: ``POOL_SIZES`` per split, ``BODY_SHARES`` per body, periods by size."""
    rng = random.Random(seed)
    groups = _by_split_body_period(pool)
    sample: list[Candidate] = []
    for split, size in POOL_SIZES.items():
        taken: Counter[str] = Counter()
        for body, count in _shares(size, BODY_SHARES).items():
            periods = {p: len(g) for (s, b, p), g in sorted(groups.items()) if s == split and b == body}
            for period, share in _shares(count, periods).items():
                sample.extend(_draw(groups[split, body, period], share, rng, taken))
    return sample


@dataclass(frozen=True)
class Focus:
    """A family that a top-up draws from, and optionally what its paragraphs must mention."""

    family: str
    mention: re.Pattern[str] | None = None

    @classmethod
    def parse(cls, spec: str) -> Focus:
        """``FAMILY`` or ``FAMILY:PATTERN``; the family must be one of ``labels.json``."""
        family, _, pattern = spec.partition(":")
        if family not in load_labels().families:
            raise ValueError(f"unknown family {family!r} in top-up focus {spec!r}")
        return cls(family, re.compile(pattern, re.IGNORECASE) if pattern else None)

    def matches(self, candidate: Candidate) -> bool:
        """Whether the candidate's lead family is this one (and its text mentions the pattern)."""
        return candidate.family == self.family and (self.mention is None or bool(self.mention.search(candidate.text)))


def topup_sizes(size: int, test_size: int | None = None) -> dict[str, int]:
    """Split quotas of a top-up: ``test_size`` from test, the rest from train and validation by ``POOL_SIZES``.

    Without ``test_size`` all three splits share ``size`` by ``POOL_SIZES``.
    """
    if test_size is None:
        return _shares(size, POOL_SIZES)
    if not 0 <= test_size <= size:
        raise ValueError(f"test size {test_size} outside 0..{size}")
    return {**_shares(size - test_size, {s: n for s, n in POOL_SIZES.items() if s != "test"}), "test": test_size}


def _capped_shares(total: int, weights: dict[str, float], capacity: dict[str, int]) -> dict[str, int]:
    """``_shares`` that gives no key more than its capacity; what a full key cannot take goes to the others."""
    counts = dict.fromkeys(weights, 0)
    left, open_keys = total, [k for k in weights if capacity[k] > 0]
    while left and open_keys:
        for key, share in _shares(left, {k: weights[k] for k in open_keys}).items():
            added = min(share, capacity[key] - counts[key])
            counts[key] += added
            left -= added
        open_keys = [k for k in open_keys if counts[k] < capacity[k]]
    return counts


def _capacity(group: list[Candidate], cap: int) -> int:
    """How many of ``group`` a draw can take with at most ``cap`` per document."""
    return sum(min(n, cap) for n in Counter(c.symbol for c in group).values())


def focused(pool: Iterable[Candidate], focus: Sequence[Focus], exclude: Iterable[str] = ()) -> list[Candidate]:
    """The candidates that match one of ``focus`` and whose id is not in ``exclude``."""
    excluded = set(exclude)
    return [c for c in pool if c.id not in excluded and any(f.matches(c) for f in focus)]


def draw_topup(pool: Iterable[Candidate], sizes: dict[str, int], seed: int = SEED) -> list[Candidate]:
    """A top-up sample from a ``focused`` pool: ``sizes`` per split.

    Within a split, bodies by ``BODY_SHARES`` and periods by their size, each capped by what the
    pool holds (a body or period that runs short passes its quota on), at most
    ``TOPUP_PER_DOCUMENT`` per document, drawn as ``draw_sample`` draws.
    """
    rng = random.Random(seed)
    groups = _by_split_body_period(pool)
    sample: list[Candidate] = []
    for split, size in sizes.items():
        taken: Counter[str] = Counter()
        bodies = {
            body: {p: g for (s, b, p), g in sorted(groups.items()) if s == split and b == body} for body in BODY_SHARES
        }
        body_capacity = {b: sum(_capacity(g, TOPUP_PER_DOCUMENT) for g in ps.values()) for b, ps in bodies.items()}
        for body, count in _capped_shares(size, BODY_SHARES, body_capacity).items():
            periods = bodies[body]
            sizes_here = {p: float(len(g)) for p, g in periods.items()}
            capacity = {p: _capacity(g, TOPUP_PER_DOCUMENT) for p, g in periods.items()}
            for period, share in _capped_shares(count, sizes_here, capacity).items():
                sample.extend(_draw(periods[period], share, rng, taken, TOPUP_PER_DOCUMENT))
    return sample


def read_item_ids(paths: Iterable[Path]) -> set[str]:
    """The clause ids of batch files already drawn."""
    ids: set[str] = set()
    for path in paths:
        with path.open(encoding="utf-8") as stream:
            ids.update(json.loads(line)["id"] for line in stream if line.strip())
    return ids


def write_topup(sample: list[Candidate], out: Path, seed: int = SEED) -> None:
    """Write a top-up sample, shuffled, as one batch file ``out``."""
    order = sample[:]
    random.Random(seed + 1).shuffle(order)
    out.parent.mkdir(parents=True, exist_ok=True)
    _write_jsonl(out, (batch_item(c) for c in order))


def batch_item(candidate: Candidate) -> dict[str, object]:
    """One line of a batch file."""
    item: dict[str, object] = {
        "id": candidate.id,
        "symbol": candidate.symbol,
        "index": candidate.index,
        "hash": text_hash(candidate.text),
        "body": candidate.body,
        "split": candidate.split,
        "text": candidate.text,
    }
    if candidate.chapeau:
        item["chapeau"] = candidate.chapeau
    return item


def write_batches(sample: list[Candidate], out: Path, seed: int = SEED) -> dict[str, object]:
    """Shuffle the sample into ``BATCHES`` batch files and draw the agreement items; returns a manifest."""
    rng = random.Random(seed + 1)
    order = sample[:]
    rng.shuffle(order)
    batches = [order[i::BATCHES] for i in range(BATCHES)]
    out.mkdir(parents=True, exist_ok=True)
    agreement: list[Candidate] = []
    shares = _shares(AGREEMENT_SIZE, dict.fromkeys(range(BATCHES), 1.0))
    for number, batch in enumerate(batches, 1):
        _write_jsonl(out / f"batch_{number}.jsonl", (batch_item(c) for c in batch))
        agreement.extend(rng.sample(batch, min(shares[number - 1], len(batch))))
    rng.shuffle(agreement)
    _write_jsonl(
        out / "agreement.jsonl",
        ({k: v for k, v in batch_item(c).items() if k in {"id", "text", "chapeau"}} for c in agreement),
    )
    return {
        "seed": seed,
        "batches": {f"batch_{n}.jsonl": len(b) for n, b in enumerate(batches, 1)},
        "agreement": len(agreement),
        "agreement_ids": [c.id for c in agreement],
    }


def _write_jsonl(path: Path, rows: Iterable[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8") as stream:
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")


def summarise(sample: list[Candidate]) -> dict[str, dict[str, int]]:
    """Counts of the sample by split, body, body and split, period, family and hint."""
    views = {
        "split": lambda c: c.split,
        "body": lambda c: c.body,
        "body_split": lambda c: f"{c.body} {c.split}",
        "period": lambda c: f"{c.body} {c.period}",
        "family": lambda c: c.family,
        "hint": lambda c: c.hint or "none",
    }
    return {name: dict(Counter(view(c) for c in sample).most_common()) for name, view in views.items()}


def _focus(spec: str) -> Focus:
    try:
        return Focus.parse(spec)
    except (ValueError, re.error) as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def _main_topup(args: argparse.Namespace, sizes: dict[str, int]) -> int:
    """Draw a top-up batch; its manifest goes next to it as ``<name>.manifest.json``."""
    exclude = read_item_ids(args.exclude)
    pool = focused(candidates(read_resolutions(args.raw)), args.topup_families, exclude)
    sample = draw_topup(pool, sizes, args.seed)
    write_topup(sample, args.out, args.seed)
    manifest: dict[str, object] = {
        "seed": args.seed,
        "topup_families": [f.family + (f":{f.mention.pattern}" if f.mention else "") for f in args.topup_families],
        "exclude": [str(p) for p in args.exclude],
        "sizes": sizes,
        "pool": {"candidates": len(pool), **summarise(pool)},
        "sample": {"paragraphs": len(sample), **summarise(sample)},
        "items": [{k: v for k, v in asdict(c).items() if k not in {"text", "chapeau"}} for c in sample],
    }
    path = args.out.with_name(args.out.stem + ".manifest.json")
    path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    print(json.dumps(manifest["sample"], indent=1))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Draw the sample from the raw corpus and write the batch files, the agreement items and a manifest."""
    parser = argparse.ArgumentParser(prog="python -m resolute.training.sample_annotation")
    parser.add_argument("--raw", type=Path, default=None, help="raw corpus folder (default: $RESOLUTE_CORPUS)")
    parser.add_argument(
        "--out", type=Path, required=True, help="folder for the batch files (outside the repo); top-up: the batch file"
    )
    parser.add_argument("--seed", type=int, default=SEED)
    topup = parser.add_argument_group("top-up", "one focused batch instead of the whole sample")
    topup.add_argument(
        "--topup-families", nargs="+", type=_focus, metavar="FAMILY[:PATTERN]", help="families to draw from"
    )
    topup.add_argument("--exclude", nargs="*", type=Path, default=[], help="batch files whose items are left out")
    topup.add_argument("--size", type=int, default=140, help="paragraphs in the top-up batch")
    topup.add_argument("--test-size", type=int, default=None, help="of which from test (default: its POOL_SIZES share)")
    args = parser.parse_args(argv)
    if args.topup_families:
        try:
            sizes = topup_sizes(args.size, args.test_size)
        except ValueError as error:
            parser.error(str(error))
        return _main_topup(args, sizes)
    pool = list(candidates(read_resolutions(args.raw)))
    sample = draw_sample(pool, args.seed)
    manifest = write_batches(sample, args.out, args.seed)
    manifest["pool"] = {"candidates": len(pool), **summarise(pool)}
    manifest["sample"] = {"paragraphs": len(sample), **summarise(sample)}
    manifest["items"] = [{k: v for k, v in asdict(c).items() if k not in {"text", "chapeau"}} for c in sample]
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    print(json.dumps(manifest["sample"], indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
