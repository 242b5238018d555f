"""Check benchmark: inject each rule's error into test-split documents rendered as drafts; score the findings.

For every adopted test-split resolution (GA 79, SC 2024, HRC 58) the AKN document is rendered as a typed
draft (``resolute.training.render.render(document, "draft", seed)``), checked once as it is (the baseline:
the renderer's own noise, such as misspelt leads, gives findings of its own), and then once per rule with
one error of that rule injected into the draft text. Only findings that the baseline does not have count:

* a true positive is an injection whose rule code is found at the injected paragraph (or for the document,
  for S001 and S005);
* a false positive of code X is any other new finding of code X, in any injected run;
* recall = detected injections / injections, precision = TP / (TP + FP), per rule code.

L004 (italic lead) is measured on Word drafts built from the rendered clauses (leads in italics; the
injection sets one lead upright). Drafts with no operative numbering are left out of injections (in an
unnumbered draft a wrong-form lead also moves the paragraph's section).

False alarms: findings on the untouched adopted AKN documents, per document (errors and warnings; info
suggestions reported apart). Speed: the wall and CPU time of ``resolute check`` (a new process, so start-up
included) on a 60-paragraph draft, clean and with findings that need the model.

Usage: ``python benchmarks/check_eval.py [--raw PATH] [--limit N] [--seed S]``.
Targets (issue 6): precision and recall >= 0.95 per code; false alarms < 1 per document; check < 1 s.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from resolute.model.check import CODES, ERROR, INFO, WARNING, CheckReport, check_document
from resolute.model.classify import load_classifier
from resolute.model.labels import load_labels
from resolute.model.readers import read_bytes
from resolute.model.readers.text import read_text
from resolute.model.records import OPERATIVE, PREAMBULAR, Document, ReadError
from resolute.model.segment import guess_lead
from resolute.training.corpus import iter_corpus_documents
from resolute.training.render import render

Target = tuple[str, str | None]  # (code, key prefix of the injected clause, or None for the document)


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def _pattern(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"\s+".join(re.escape(w) for w in words))


@dataclass
class Span:
    """Where a gold clause sits in the rendered text."""

    section: str
    number: str | None
    text: str
    start: int
    end: int
    line_start: int
    line_end: int


@dataclass
class Draft:
    """A rendered draft with its clauses located."""

    text: str
    spans: list[Span]
    body: str | None
    flagged: set[str | None]  # keys of the clauses with findings in the baseline

    def splice(self, start: int, end: int, new: str) -> str:
        return self.text[:start] + new + self.text[end:]


def locate(text: str, clauses) -> list[Span] | None:
    """The spans of the gold clauses in the rendered text, in order; None when one cannot be found."""
    spans, pos = [], 0
    for clause in clauses:
        words = clause.text.split()
        start = _pattern(words[:6]).search(text, pos)
        if start is None:
            return None
        end = _pattern(words[-4:]).search(text, start.start())
        if end is None:
            return None
        line_start = text.rfind("\n", 0, start.start()) + 1
        line_end = text.find("\n", end.end())
        line_end = len(text) if line_end < 0 else line_end
        spans.append(Span(clause.section, clause.number, clause.text, start.start(), end.end(), line_start, line_end))
        pos = end.end()
    return spans


# ---------------------------------------------------------------------------- injections
# Each takes a draft and a random generator and returns (new text, target key or None) or None when
# the draft offers no place for the error.

Injection = Callable[[Draft, random.Random], tuple[str, str | None] | None]
_MARK_AT_END = re.compile(r"[,;:.]$")


def _at(text: str, start: int) -> tuple[str, str]:
    """The new text and the key of the clause that starts at ``start`` in it."""
    return text, _key(text[start : start + 200])[:30]


def _pick(items: list, rng: random.Random):
    return rng.choice(items) if items else None


def _set_end(draft: Draft, span: Span, new: str) -> str:
    text = draft.text[span.start : span.end]
    stripped = _MARK_AT_END.sub("", text)
    return draft.splice(span.start, span.end, stripped + new)


def inject_s001(draft: Draft, rng: random.Random):
    match = re.search(
        r"^[ \t]*(?:The|THE) (?:General Assembly|Security Council|Human Rights Council|GENERAL ASSEMBLY|"
        r"SECURITY COUNCIL|HUMAN RIGHTS COUNCIL),?[ \t]*$",
        draft.text,
        re.MULTILINE,
    )
    if match is None:
        return None
    if rng.random() < 0.5:
        return draft.splice(match.start(), match.end() + 1, ""), None
    return draft.splice(match.start(), match.end(), match.group().rstrip(" \t,")), None


def inject_s002(draft: Draft, rng: random.Random):
    operative = [i for i, s in enumerate(draft.spans) if s.section == OPERATIVE]
    if len(operative) < 2:
        return None
    pre = [s for s in draft.spans[1 : operative[0]] if s.section == PREAMBULAR]
    span = pre[-1] if pre else None  # the last one: a later "Noting also" keeps its "Noting"
    if span is None:
        return None
    first = draft.spans[operative[0]]
    block = draft.text[span.line_start : span.line_end]
    block = re.sub(r"^\s*(?:PP|P\.P\.|Pp)\s*\.?\s*\d+\s*[.):\-]?\s*", "", block)
    text = draft.text[: first.line_end] + "\n\n" + block + "\n\n" + draft.text[first.line_end :]
    text = text[: span.line_start] + text[span.line_end :]
    return text, _key(span.text)[:30]


def inject_s003(draft: Draft, rng: random.Random):
    numbered = [s for s in draft.spans if s.section == OPERATIVE and s.number and s.number.isdigit()]
    span = _pick(numbered[1:], rng)
    if span is None:
        return None
    label = draft.text[span.line_start : span.start]
    match = re.search(rf"(?<!\d){span.number}(?!\d)", label)
    if match is None:
        return None
    new = str(int(span.number) + 1) if rng.random() < 0.5 else str(int(span.number) - 1)
    at = span.line_start + match.start()
    return draft.splice(at, at + len(span.number), new), _key(span.text)[:30]


def inject_s004(draft: Draft, rng: random.Random):
    with_subs = [s for s in draft.spans if re.search(r"(?:^|\n)\s*\(b\) ", draft.text[s.start : s.end])]
    span = _pick(with_subs, rng)
    if span is None:
        return None
    inner = draft.text[span.start : span.end]
    match = re.search(r"(?:^|\n)\s*\((b)\) ", inner)
    at = span.start + match.start(1) - 1
    return draft.splice(at, at + 3, rng.choice(("(2)", "(c)", "b)"))), _key(span.text)[:30]


def inject_s005(draft: Draft, rng: random.Random):
    operative = [s for s in draft.spans if s.section == OPERATIVE]
    if not operative:
        return None
    return draft.text[: operative[0].line_start], None


def _end_injection(section: str, which: str, choices: tuple[str, ...]) -> Injection:
    def inject(draft: Draft, rng: random.Random):
        spans = [s for s in draft.spans if s.section == section]
        if section == OPERATIVE:
            spans = spans[-1:] if which == "last" else spans[:-1]
        spans = [s for s in spans if _MARK_AT_END.search(draft.text[s.start : s.end])]
        span = _pick(spans, rng)
        if span is None:
            return None
        return _set_end(draft, span, rng.choice(choices)), _key(span.text)[:30]

    return inject


def inject_p004(draft: Draft, rng: random.Random):
    with_subs = [s for s in draft.spans if re.search(r":\s+\(a\) ", draft.text[s.start : s.end])]
    span = _pick(with_subs, rng)
    if span is None:
        return None
    inner = draft.text[span.start : span.end]
    match = re.search(r":(\s+\(a\) )", inner)
    return draft.splice(span.start + match.start(), span.start + match.start() + 1, ""), _key(span.text)[:30]


_LABELS = load_labels()


def _wrong_forms() -> dict[str, str]:
    """Standard leads -> the form of the same verb for the other section ("Recalling" -> "Recalls")."""
    out = {}
    for by_section in _LABELS.forms.values():
        pre, op = by_section.get(PREAMBULAR, ()), by_section.get(OPERATIVE, ())
        for a in pre:
            for b in op:
                if len(a.split()) == len(b.split()) == 1 and a[:4] == b[:4] and a.endswith("ing"):
                    out[a], out[b] = b, a
    return out


_WRONG = _wrong_forms()


def _lead_injection(change: Callable[[str, str, random.Random], str | None]) -> Injection:
    def inject(draft: Draft, rng: random.Random):
        places = []
        for span in draft.spans:
            word = span.text.split()[0]
            new = change(word, span.section, rng)
            if new:
                places.append((span, word, new))
        if not places:
            return None
        span, word, new = rng.choice(places)
        return _at(draft.splice(span.start, span.start + len(word), new), span.start)

    return inject


def _wrong_form(word: str, section: str, rng: random.Random) -> str | None:
    return _WRONG.get(word)


_SYNONYMS = {"Requests": "Asks", "Recalling": "Remembering", "Notes": "Remarks", "Urges": "Pushes"}


def _misspelt(word: str, section: str, rng: random.Random) -> str | None:
    if word in _SYNONYMS and rng.random() < 0.3:
        return _SYNONYMS[word]
    if not word.isalpha() or len(word) < 6 or word.lower() not in _KNOWN_HEADS:
        return None
    i = rng.randrange(2, len(word) - 1)
    if rng.random() < 0.5:
        return word[:i] + word[i + 1 :]  # a dropped letter
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :] if word[i] != word[i + 1] else None


_KNOWN_HEADS = {p.split()[0].lower() for f in _LABELS.forms.values() for ps in f.values() for p in ps}


def inject_l003(draft: Draft, rng: random.Random):
    seen: set[tuple[str, str | None]] = set()
    places = []
    for span in draft.spans:
        word = span.text.split()[0]
        family = _LABELS.family_of_lead(guess_lead(span.text))
        first_of_family = span.section == OPERATIVE and family and (span.section, family) not in seen
        if first_of_family and word in _KNOWN_CAPITALIZED and word.lower() not in ("also", "further"):
            places.append(span)
        seen.add((span.section, family))
    span = _pick(places, rng)
    if span is None:
        return None
    word = span.text.split()[0]
    new = f"{rng.choice(('Also', 'Further'))} {word.lower()}"
    return _at(draft.splice(span.start, span.start + len(word), new), span.start)


_KNOWN_CAPITALIZED = {p.split()[0] for f in _LABELS.forms.values() for p in f.get(OPERATIVE, ())}


def inject_l005(draft: Draft, rng: random.Random):
    if draft.body not in ("GA", "HRC"):
        return None
    places = [s for s in draft.spans if s.section == OPERATIVE and s.text.split()[0] in ("Calls", "Urges")]
    span = _pick(places, rng)
    if span is None:
        return None
    match = re.compile(r"Calls\s+(?:upon|on)\b|Urges\b").match(draft.text, span.start)
    if match is None:
        return None
    return _at(draft.splice(match.start(), match.end(), "Demands"), span.start)


_R001 = (
    (re.compile(r"\bresolution (\d{2}/\d{1,3})\b"), lambda m: f"resolution A/RES/{m.group(1)}"),
    (re.compile(r"\bresolution (\d{2}/\d{1,3})\b"), lambda m: f"res. {m.group(1)}"),
    (re.compile(r"\bresolution (\d{3,4}) \((\d{4})\)"), lambda m: f"resolution {m.group(1)}({m.group(2)})"),
    (re.compile(r"\b(A/\d{2}/\d+)\b"), lambda m: m.group(1).replace("/", " / ", 1)),
    (re.compile(r"\b(A/\d{2}/\d+)\b"), lambda m: m.group(1).lower()),
)
_R002 = (
    (re.compile(r"\bSecretary-General\b"), lambda m: rng_choice(("Secretary General", "Secretary-general"))),
    (re.compile(r"\bMember States\b"), lambda m: rng_choice(("Member states", "member states"))),
    (
        re.compile(r"\b(recogni|organi|emphasi|prioriti|mobili|reali)z(e|es|ed|ing|ation)\b"),
        lambda m: f"{m.group(1)}s{m.group(2)}",
    ),
)
_RNG = random.Random(0)


def rng_choice(options: tuple[str, ...]) -> str:
    return _RNG.choice(options)


def _text_injection(table, operative_only: bool = False) -> Injection:
    def inject(draft: Draft, rng: random.Random):
        places = []
        for span in draft.spans:
            if operative_only and span.section != OPERATIVE:
                continue
            inner = draft.text[span.start : span.end]
            for n, (pattern, _) in enumerate(table):
                for match in pattern.finditer(inner):
                    places.append((span, n, match))
        if not places:
            return None
        span, n, match = rng.choice(places)
        new = table[n][1](match)
        return _at(draft.splice(span.start + match.start(), span.start + match.end(), new), span.start)

    return inject


def inject_r002(draft: Draft, rng: random.Random):
    result = _text_injection(_R002)(draft, rng)
    if result is None:
        operative = [s for s in draft.spans if s.section == OPERATIVE and "United Nations" in s.text]
        span = _pick(operative, rng)
        if span is None:
            return None
        at = draft.text.find("United Nations", span.start)
        if at < 0 or at > span.end:
            return None
        return _at(draft.splice(at, at + len("United Nations"), "UN"), span.start)
    return result


def inject_r003(draft: Draft, rng: random.Random):
    pre = [
        s
        for s in draft.spans
        if s.section == PREAMBULAR and len(s.text) > 40 and _key(s.text)[:30] not in draft.flagged
    ]
    span = _pick(pre, rng)
    if span is None:
        return None
    block = draft.text[span.line_start : span.line_end]
    if re.match(r"^\s*(?:PP|P\.P\.|Pp)", block):
        return None
    text = draft.text[: span.line_end] + "\n\n" + block + draft.text[span.line_end :]
    return text, _key(span.text)[:30]


INJECTIONS: dict[str, Injection] = {
    "S001": inject_s001,
    "S002": inject_s002,
    "S003": inject_s003,
    "S004": inject_s004,
    "S005": inject_s005,
    "P001": _end_injection(PREAMBULAR, "", (";", ".", "")),
    "P002": _end_injection(OPERATIVE, "notlast", (",", ".", "")),
    "P003": _end_injection(OPERATIVE, "last", (";", ",")),
    "P004": inject_p004,
    "L001": _lead_injection(_wrong_form),
    "L002": _lead_injection(_misspelt),
    "L003": inject_l003,
    "L005": inject_l005,
    "R001": _text_injection(_R001),
    "R002": inject_r002,
    "R003": inject_r003,
}


# ---------------------------------------------------------------------------- scoring


@dataclass
class Found:
    """The findings of one check: (code, severity, message) counts, and the clauses each sits at."""

    counts: Counter
    where: dict[tuple[str, str, str], list[str | None]]


def finding_keys(report: CheckReport) -> Found:
    """Findings keyed by what they say, so that runs where clauses moved or changed still compare."""
    counts: Counter = Counter()
    where: dict[tuple[str, str, str], list[str | None]] = defaultdict(list)
    by_index = {c.index: c for c in report.clauses}
    for f in report.findings:
        clause = by_index.get(f.index)
        key = (f.code, f.severity, f.message)
        counts[key] += 1
        where[key].append(_key(clause.text)[:30] if clause else None)
    return Found(counts, where)


class Tally:
    """True positives, false negatives and false positives per code."""

    def __init__(self) -> None:
        self.tp: Counter = Counter()
        self.fn: Counter = Counter()
        self.fp: Counter = Counter()
        self.misses: dict[str, list[str]] = defaultdict(list)
        self.false: dict[str, list[str]] = defaultdict(list)

    def score(self, code: str, target: str | None, baseline: Found, injected: Found, where: str) -> None:
        new = injected.counts - baseline.counts
        hit = False
        for (found, severity, message), count in new.items():
            if severity == INFO:
                continue
            places = injected.where[(found, severity, message)]
            at_target = (target is None and None in places) or (target is not None and target in places)
            if found == code and at_target and not hit:
                hit = True
                count -= 1
            if count:
                self.fp[found] += count
                self.false[found].append(f"{where} [{code} injected] {message}")
        if hit:
            self.tp[code] += 1
        else:
            self.fn[code] += 1
            self.misses[code].append(where)


def _docx_of(draft_clauses, formula: str, italic: bool, upright: int | None) -> bytes:
    """A Word draft of the clauses: leads in italics (the ``upright`` one not), operative numbers typed."""
    import docx

    document = docx.Document()
    document.add_paragraph(formula)
    for i, clause in enumerate(draft_clauses):
        paragraph = document.add_paragraph()
        if clause.number:
            paragraph.add_run(f"{clause.number}.\t")
        lead = guess_lead(clause.text)
        rest = clause.text[len(lead) :] if clause.text.startswith(lead) else clause.text
        if lead and clause.text.startswith(lead):
            paragraph.add_run(lead).italic = italic and i != upright
        paragraph.add_run(rest)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def evaluate(documents: list[Document], seed: int, model) -> tuple[Tally, Counter, int]:
    tally, skipped = Tally(), Counter()
    loader = lambda: model  # noqa: E731 - the model is loaded once; checks call it when a rule needs it
    for document in documents:
        rendered = render(document, "draft", seed)
        spans = locate(rendered.text, rendered.clauses)
        if spans is None:
            skipped["clauses not located"] += 1
            continue
        if not any(s.number for s in spans if s.section == OPERATIVE):
            skipped["operative paragraphs unnumbered"] += 1
            continue
        base = check_document(read_text(rendered.text.encode(), "draft.txt"), loader)
        baseline = finding_keys(base)
        draft = Draft(rendered.text, spans, base.document.body, {k for keys in baseline.where.values() for k in keys})
        rng = random.Random(f"{seed}:{document.symbol}")
        for code, inject in INJECTIONS.items():
            result = inject(draft, rng)
            if result is None:
                skipped[code] += 1
                continue
            text, target = result
            if any(k[0] == code and target in baseline.where[k] for k in baseline.counts):
                skipped[code] += 1
                continue
            try:
                report = check_document(read_text(text.encode(), "draft.txt"), loader)
            except ReadError:
                skipped[code] += 1  # nothing left to read (S005 on a text with no preamble)
                continue
            tally.score(code, target, baseline, finding_keys(report), document.symbol or document.source)
        # L004 on a Word draft built from the rendered clauses
        formula = (
            f"The {dict(GA='General Assembly', SC='Security Council', HRC='Human Rights Council')[document.body]},"
        )
        with_leads = [i for i, c in enumerate(rendered.clauses) if c.text[:1].isupper()]
        if with_leads:
            clean = _docx_of(rendered.clauses, formula, True, None)
            upright = rng.choice(with_leads)
            dirty = _docx_of(rendered.clauses, formula, True, upright)
            base_docx = finding_keys(check_document(read_bytes(clean, "draft.docx"), loader))
            report = check_document(read_bytes(dirty, "draft.docx"), loader)
            target = _key(rendered.clauses[upright].text)[:30]
            tally.score("L004", target, base_docx, finding_keys(report), document.symbol or document.source)
    return tally, skipped, len(documents)


def false_alarms(documents: list[Document], model) -> tuple[Counter, Counter, list[str]]:
    by_code, by_severity, examples = Counter(), Counter(), []
    for document in documents:
        report = check_document(document, lambda: model)
        for f in report.findings:
            by_code[f.code, f.severity] += 1
            by_severity[f.severity] += 1
            if len(examples) < 12 and f.severity == ERROR:
                examples.append(f"{document.symbol} #{f.index} {f.code} {f.message}")
    return by_code, by_severity, examples


def speed(documents: list[Document], model_dir: str | None) -> dict[str, tuple[float, float]]:
    """Wall and CPU time of ``resolute check`` in a new process on a 60-paragraph draft (best of 5).

    The clean draft is the adopted text typed out (standard leads: the model is not needed); the draft
    with findings is the rendered draft (misspelt leads: the model is loaded to name their family).
    CPU time (user + system of the process) is what the machine's load does not inflate.
    """
    document = min((d for d in documents if d.body == "GA"), key=lambda d: abs(len(d.paragraphs) - 60))
    clean = "\n\n".join(["The General Assembly,"] + [_numbered(p) for p in document.paragraphs]) + "\n"
    rendered = render(document, "draft", 1)
    times = {}
    with tempfile.TemporaryDirectory() as folder:
        paths = {"clean draft": Path(folder, "clean.txt"), "draft with findings": Path(folder, "dirty.txt")}
        paths["clean draft"].write_text(clean, encoding="utf-8")
        paths["draft with findings"].write_text(rendered.text, encoding="utf-8")
        for name, path in paths.items():
            for fmt in ("json", "text"):
                command = [sys.executable, "-m", "resolute.cli", "check", str(path), "--format", fmt]
                if model_dir:
                    command += ["--model", model_dir]
                best_wall, best_cpu = float("inf"), float("inf")
                for _ in range(5):
                    before = resource.getrusage(resource.RUSAGE_CHILDREN)
                    started = time.perf_counter()
                    subprocess.run(command, capture_output=True, check=False)
                    wall = time.perf_counter() - started
                    after = resource.getrusage(resource.RUSAGE_CHILDREN)
                    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
                    best_wall, best_cpu = min(best_wall, wall), min(best_cpu, cpu)
                times[f"{name} ({len(document.paragraphs)} paragraphs), --format {fmt}"] = (best_wall, best_cpu)
    return times


def _numbered(paragraph) -> str:
    return f"{paragraph.number}. {paragraph.text}" if paragraph.number else paragraph.text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--raw", type=Path, default=None, help="raw corpus folder")
    parser.add_argument("--limit", type=int, default=0, help="documents at most (0: all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--model", default=None, help="model folder (default: the shipped model)")
    args = parser.parse_args()

    started = time.perf_counter()
    documents = [d for d, info in iter_corpus_documents(args.raw) if info.split == "test" and info.adopted]
    if args.limit:
        documents = random.Random(args.seed).sample(documents, min(args.limit, len(documents)))
    model = load_classifier(args.model)
    print(f"{len(documents)} adopted test-split documents ({Counter(d.body for d in documents)})")

    by_code, by_severity, examples = false_alarms(documents, model)
    n = len(documents)
    print("\nFalse alarms on the untouched adopted resolutions")
    print(
        f"  errors + warnings per document: {(by_severity[ERROR] + by_severity[WARNING]) / n:.3f}"
        f"  (errors {by_severity[ERROR] / n:.3f}, warnings {by_severity[WARNING] / n:.3f},"
        f" info {by_severity[INFO] / n:.3f})"
    )
    print("  by code: " + ", ".join(f"{c}/{s[0]} {k}" for (c, s), k in sorted(by_code.items())))
    for line in examples:
        print(f"    {line}")

    tally, skipped, _ = evaluate(documents, args.seed, model)
    print("\nInjected errors (drafts rendered from the test split; new findings over each draft's baseline)")
    print(f"{'code':6} {'injected':>8} {'TP':>5} {'FN':>5} {'FP':>5} {'precision':>9} {'recall':>7}")
    for code in CODES:
        tp, fn, fp = tally.tp[code], tally.fn[code], tally.fp[code]
        injected = tp + fn
        precision = tp / (tp + fp) if tp + fp else float("nan")
        recall = tp / injected if injected else float("nan")
        print(f"{code:6} {injected:8} {tp:5} {fn:5} {fp:5} {precision:9.3f} {recall:7.3f}")
    print(
        "  not injected (no place in the draft, or the baseline already had it): "
        + ", ".join(f"{k} {v}" for k, v in sorted(skipped.items()))
    )
    for code in CODES:
        for line in tally.misses[code][:3]:
            print(f"    missed {code}: {line}")
        for line in tally.false[code][:3]:
            print(f"    false {code}: {line}")

    print(f"\nTime of `resolute check` (new process, start-up included, best of 5; load {os.getloadavg()[0]:.1f})")
    for name, (wall, cpu) in speed(documents, args.model).items():
        print(f"  {name}: wall {wall:.3f} s, CPU {cpu:.3f} s")
    print(f"\nbenchmark took {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
