"""Acceptance check: on the test split, every clause is read with the section and number of the AKN markup.

Counts clauses straight from the markup with lxml, independently of resolute's reader, and compares the
sequence of (section, number) per document with what ``read_akn`` gives (as the corpus holds it).

The markup definition of a clause:
  * preambular: ``preamble/container``, and ``mainBody/crossHeading[@refersTo='#preamble']``;
  * operative: a ``mainBody`` paragraph (not nested in another paragraph) whose ``num`` is a number,
    with that number;
and two rules that the reader applies on purpose and this count follows:
  * a ``paragraph`` without ``num`` whose text opens with an italic span is an operative clause without
    a number (the lone operative paragraph of a one-paragraph resolution is not numbered);
  * the paragraphs of a ``mainBody`` that another ``preamble`` follows are preambular (a few files split
    the preamble in two with a stray mainBody between the parts).
Sub-items ("(a)", bullets, unnumbered continuations) and headings are not clauses in either count.

Usage: python benchmarks/akn_markup.py [--raw PATH] [--split test] [--show 10]
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import re
import sys
import time
from pathlib import Path

from lxml import etree

from resolute.training.corpus import iter_corpus_documents
from resolute.training.corpus_sources import default_raw_root, iter_raw_files

NS = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
PARSER = etree.XMLParser(recover=True, huge_tree=True, resolve_entities=False, no_network=True)
NUMBER = re.compile(r"^\s*(\d+)\s*\.?\s*$")
SKIPPED = (NS + "num", NS + "authorialNote")

Clause = tuple[str, "str | None"]


def _opens_with_italic(paragraph: etree._Element) -> bool:
    """True when the first text of the paragraph (its num and footnotes aside) is inside an italic span."""

    def first(node: etree._Element, italic: bool) -> bool | None:
        if (node.text or "").strip():
            return italic
        for child in node:
            if isinstance(child.tag, str) and child.tag not in SKIPPED:
                found = first(child, italic or ("italic" in (child.get("class") or "") and child.tag == NS + "span"))
                if found is not None:
                    return found
            if (child.tail or "").strip():
                return italic
        return None

    return bool(first(paragraph, False))


def markup_clauses(data: bytes) -> list[Clause]:
    """(section, number) of every clause of an AKN file, by the definition above."""
    root = etree.fromstring(data, PARSER)
    clauses: list[Clause] = []
    for statement in root.iter(NS + "statement"):
        parts = [p for p in statement if p.tag in (NS + "preamble", NS + "mainBody")]
        if not any(p.tag == NS + "mainBody" for p in parts):
            continue
        for position, part in enumerate(parts):
            if part.tag == NS + "preamble":
                clauses.extend(("preambular", None) for _ in part.findall(NS + "container"))
                continue
            stray = any(p.tag == NS + "preamble" for p in parts[position + 1 :])
            for node in part.iter(NS + "crossHeading", NS + "paragraph"):
                if node.tag == NS + "crossHeading":
                    if (node.get("refersTo") or "").lstrip("#") == "preamble":
                        clauses.append(("preambular", None))
                    continue
                if any(a.tag == NS + "paragraph" for a in node.iterancestors()):
                    continue
                num = node.find(NS + "num")
                match = NUMBER.match("".join(num.itertext())) if num is not None else None
                if stray and (match or (num is None and _opens_with_italic(node))):
                    clauses.append(("preambular", None))
                elif match:
                    clauses.append(("operative", match.group(1)))
                elif num is None and _opens_with_italic(node):
                    clauses.append(("operative", None))
    return clauses


def compare(expected: list[Clause], found: list[Clause]) -> list[tuple[list[Clause], list[Clause]]]:
    """The differing stretches of two clause sequences (empty when they are equal)."""
    matcher = difflib.SequenceMatcher(a=expected, b=found, autojunk=False)
    return [(expected[i1:i2], found[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=None, help="raw corpus folder (default: $RESOLUTE_CORPUS)")
    parser.add_argument("--split", default="test", choices=("train", "validation", "test"))
    parser.add_argument("--show", type=int, default=10, help="mismatching stretches to print")
    args = parser.parse_args(argv)
    raw = args.raw or default_raw_root()
    if not raw.is_dir():
        print(f"{raw}: raw corpus not found", file=sys.stderr)
        return 2
    started = time.perf_counter()
    files = {f.source: f for f in iter_raw_files(raw)}
    documents = markup_total = read_total = mismatches = 0
    shown: list[str] = []
    for document, info in iter_corpus_documents(raw):
        if info.split != args.split:
            continue
        data = files[info.source].read()
        expected = markup_clauses(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)
        found = [(p.section, p.number) for p in document.paragraphs]
        documents += 1
        markup_total += len(expected)
        read_total += len(found)
        for want, got in compare(expected, found):
            mismatches += max(len(want), len(got))
            if len(shown) < args.show:
                shown.append(f"  {info.symbol}: markup {want[:4]} / reader {got[:4]}")
    print(f"split: {args.split}  documents: {documents}")
    print(f"clauses in the markup: {markup_total}  clauses read: {read_total}")
    print(f"mismatches (section or number): {mismatches}")
    print("\n".join(shown))
    print(f"time: {time.perf_counter() - started:.1f} s")
    return 0 if mismatches == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
