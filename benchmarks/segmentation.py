"""Segmentation benchmark: render held-out corpus documents as raw text, read them back, score clauses.

For each document of the split (read with the AKN reader, whose paragraphs are the gold clauses) and
each style of ``resolute.training.render`` (ods, pdf, draft), the rendered text goes through
``read_text`` and ``split_clauses``, and the predicted clauses are compared with the gold ones.

Metric (per style, micro-averaged over all clauses of all documents):

* A predicted clause *matches* a gold clause of the same document when their normalized texts are
  equal. Normalization lower-cases the text and keeps only letters and digits, so white space,
  punctuation and hyphenation do not count, but a missed or extra boundary, a leftover number
  ("OP3"), a footnote mark or a running head left in the text do. Texts are compared in Unicode NFC
  (the reader composes "n" + combining tilde into "ñ"). Matching is one-to-one (the i-th
  occurrence of a text pairs with the i-th occurrence on the other side).
* Boundary precision = matches / predicted clauses, recall = matches / gold clauses, F1 their
  harmonic mean.
* Section accuracy and number accuracy are measured on matched pairs (number: the operative number
  as written, None for preambular clauses and unnumbered drafts).
* Exact text: share of matched pairs whose white-space-folded texts are identical.

Usage: ``python benchmarks/segmentation.py [--raw PATH] [--split test|validation] [--show N]``.
Targets (issue 2): F1 >= 0.99 for ods and draft, >= 0.98 for pdf.
"""

from __future__ import annotations

import argparse
import gzip
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from resolute.model.readers.akn import read_akn
from resolute.model.readers.text import read_text
from resolute.model.records import Clause, Document, ReadError
from resolute.model.segment import guess_lead, split_clauses
from resolute.training.render import STYLES, GoldClause, render

SPLITS = {
    "test": {
        "GA": "UNxml__GAresolutions/79session/English",
        "SC": "UNxml__SCresolutions/2024/English",
        "HRC": "UNxml__HRCresolutions/58session/English",
    },
    "validation": {
        "GA": "UNxml__GAresolutions/78session/English",
        "SC": "UNxml__SCresolutions/2023/English",
        "HRC": "UNxml__HRCresolutions/57session/English",
    },
}
TARGETS = {"ods": 0.99, "draft": 0.99, "pdf": 0.98}


def normalize(text: str) -> str:
    """The matching key of a clause text: lower-case letters and digits only (Unicode NFC)."""
    return "".join(ch for ch in unicodedata.normalize("NFC", text).lower() if ch.isalnum())


@dataclass
class Score:
    """Counts for one style."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    section_ok: int = 0
    number_ok: int = 0
    exact: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def add(self, gold: tuple[GoldClause, ...], predicted: list[Clause]) -> list[str]:
        """Count one document; returns descriptions of its unmatched clauses."""
        self.gold += len(gold)
        self.predicted += len(predicted)
        pool: dict[str, list[Clause]] = defaultdict(list)
        for clause in predicted:
            pool[normalize(clause.text)].append(clause)
        misses = []
        for clause in gold:
            candidates = pool.get(normalize(clause.text))
            if not candidates:
                misses.append(f"  missed {clause.section[:3]} {clause.number}: {clause.text[:110]}")
                continue
            found = candidates.pop(0)
            self.matched += 1
            self.section_ok += found.section == clause.section
            self.number_ok += found.number == clause.number
            self.exact += found.text == clause.text
        misses += [f"  extra  {c.section[:3]} {c.number}: {c.text[:110]}" for cs in pool.values() for c in cs]
        return misses

    def row(self, style: str) -> str:
        precision = self.matched / self.predicted if self.predicted else 0.0
        recall = self.matched / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        m = max(self.matched, 1)
        speed = self.predicted / self.seconds if self.seconds else 0.0
        verdict = "ok" if f1 >= TARGETS[style] else f"BELOW {TARGETS[style]}"
        return (
            f"{style:6} {self.gold:7d} {self.predicted:7d} {precision:7.4f} {recall:7.4f} {f1:7.4f}"
            f" {self.section_ok / m:8.4f} {self.number_ok / m:7.4f} {self.exact / m:6.3f}"
            f" {speed:9.0f}  {verdict}"
        )


def load_documents(raw: Path, split: str) -> list[Document]:
    """The AKN documents of ``split`` (GA session, SC year, HRC session folders)."""
    documents = []
    for folder in SPLITS[split].values():
        for path in sorted((raw / folder).glob("*.xml*")):
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            try:
                documents.append(read_akn(data, str(path)))
            except ReadError as error:
                print(f"skipped {error}")
    return documents


def lead_agreement(documents: list[Document]) -> tuple[int, int]:
    """How often guess_lead gives the italic lead of the markup (paragraphs that have one)."""
    total = same = 0
    for document in documents:
        for paragraph in document.paragraphs:
            if paragraph.lead:
                total += 1
                same += guess_lead(paragraph.text).lower() == paragraph.lead.lower()
    return same, total


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=root / ".." / "shared" / "corpus" / "raw")
    parser.add_argument("--split", choices=sorted(SPLITS), default="test")
    parser.add_argument("--styles", nargs="*", choices=STYLES, default=list(STYLES))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--show", type=int, default=0, help="print the unmatched clauses of N documents")
    args = parser.parse_args()

    started = time.perf_counter()
    documents = load_documents(args.raw, args.split)
    print(f"{len(documents)} documents of the {args.split} split read in {time.perf_counter() - started:.1f} s")
    print(
        f"{'style':6} {'gold':>7} {'pred':>7} {'prec':>7} {'recall':>7} {'F1':>7} {'section':>8}"
        f" {'number':>7} {'exact':>6} {'clauses/s':>9}"
    )
    for style in args.styles:
        score = Score()
        shown = 0
        for document in documents:
            rendered = render(document, style, seed=args.seed)
            data = rendered.text.encode("utf-8")
            tick = time.perf_counter()
            try:
                predicted = split_clauses(read_text(data, document.source))
            except ReadError:
                predicted = []
            score.seconds += time.perf_counter() - tick
            misses = score.add(rendered.clauses, predicted)
            if misses and shown < args.show:
                shown += 1
                print(f"{style} {document.symbol} ({len(misses)} unmatched)", *misses[:12], sep="\n")
        print(score.row(style))
    same, total = lead_agreement(documents)
    print(f"guess_lead equals the markup's italic lead on {same}/{total} paragraphs ({same / max(total, 1):.3f})")
    print(f"total time {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
