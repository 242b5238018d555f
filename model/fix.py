"""Apply the safe fixes of a check to a copy of the draft: plain text line by line, Word run by run.

The safe fixes are the findings' ``Edit`` records: terminal punctuation, the lead's form for its
section, operative numbering, the spelling of standard terms and the stripping of PP/OP labels. Each
clause is found again in the file (its first and last line or Word paragraph), and only the characters
an edit names change there; in Word the runs keep their formatting (the new text takes the format of
the run where the old text began). The input is never written.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from resolute.model.check import CheckReport, Edit, Finding
from resolute.model.records import Clause
from resolute.model.segment import NUMBERED, PRE_NUMBERED, SUB_LABEL

_TRAILING = "\"'”’»)]} \t\u200e\u200f\r\n"
_MARKS = ",;:."
_OP_LABEL = re.compile(r"^(\s*)(?:OP|O\.P\.|Op)\s*\.?\s*(\d{1,3})\s*[.):\-]?\s*")
FIX_SUFFIXES = (".txt", ".docx")  # the formats that fixes can be written to
_PP_LABEL = re.compile(r"^(\s*)(?:PP|P\.P\.|Pp)\s*\.?\s*\d{1,3}\s*[.):\-]?\s*")


class FixError(Exception):
    """A fixed copy cannot be written (same file as the input, unsupported format)."""


def _key(text: str) -> str:
    """Letters and digits in lower case: how clause texts are matched against lines."""
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def _body(text: str) -> str:
    """A line without its number, PP/OP label or sub-paragraph label."""
    text = text.strip()
    for pattern in (NUMBERED, PRE_NUMBERED, _OP_LABEL, _PP_LABEL):
        match = pattern.match(text)
        if match:
            return text[match.end() :]
    return text


class _Unit:
    """A line of a text file or a paragraph of a Word file, edited by character offsets."""

    def __init__(self, text: str) -> None:
        self.text = text

    def replace(self, start: int, end: int, new: str) -> None:
        self.text = self.text[:start] + new + self.text[end:]

    @property
    def automatic_number(self) -> bool:
        return False


class _WordUnit(_Unit):
    """A Word paragraph: edits go into its runs so that their formatting stays."""

    def __init__(self, paragraph) -> None:
        self.paragraph = paragraph
        super().__init__("".join(run.text for run in paragraph.runs))

    def replace(self, start: int, end: int, new: str) -> None:
        position, placed = 0, False
        runs = list(self.paragraph.runs)
        for run in runs:
            text = run.text
            run_start, run_end = position, position + len(text)
            position = run_end
            if run_end < start or run_start > end or (run_end == start and start != end and text):
                continue
            a, b = max(start, run_start) - run_start, min(end, run_end) - run_start
            if not placed:
                run.text = text[:a] + new + text[b:]
                placed = True
            elif b > a:
                run.text = text[:a] + text[b:]
        if not placed and runs:
            runs[-1].text += new
        elif not placed:
            self.paragraph.add_run(new)
        self.text = "".join(run.text for run in self.paragraph.runs)

    @property
    def automatic_number(self) -> bool:
        p_pr = self.paragraph._p.pPr
        return p_pr is not None and p_pr.numPr is not None


@dataclass
class FixResult:
    """What ``write_fixed`` did: the findings whose fixes were applied and those that could not be placed."""

    applied: list[Finding]
    skipped: list[Finding]


def _spans(clauses: Sequence[Clause], units: Sequence[_Unit]) -> dict[int, tuple[int, int]]:
    """The first and last unit of each clause found in ``units``, in order."""
    keys = [_key(_body(unit.text)) for unit in units]
    starts: list[tuple[int, int]] = []
    pointer = 0
    for clause in clauses:
        head = _key(clause.text)[:24]
        for u in range(pointer, len(units)):
            key = keys[u]
            if head and key and (key.startswith(head) or (head.startswith(key) and len(key) >= min(8, len(head)))):
                starts.append((clause.index, u))
                pointer = u + 1
                break
    by_index = {c.index: c for c in clauses}
    spans: dict[int, tuple[int, int]] = {}
    for n, (index, start) in enumerate(starts):
        limit = starts[n + 1][1] - 1 if n + 1 < len(starts) else len(units) - 1
        tail = _key(by_index[index].text)[-12:]
        end = start
        for u in range(limit, start - 1, -1):
            key = _key(units[u].text)
            if key and (key.endswith(tail) or tail.endswith(key[-12:])):
                end = u
                break
        spans[index] = (start, end)
    return spans


def _last_mark(text: str) -> int:
    """The offset just after the last character of ``text`` that is not a closing quote, bracket or space."""
    end = len(text)
    while end > 0 and text[end - 1] in _TRAILING:
        end -= 1
    return end


def _apply(edit: Edit, units: Sequence[_Unit], span: tuple[int, int]) -> bool:
    """Apply one edit to the units of its clause (``span``: first and last unit); False when it cannot be placed."""
    start, end = span
    if edit.kind == "end":
        unit = units[end]
        at = _last_mark(unit.text)
        if at == 0:
            return False
        if unit.text[at - 1] in _MARKS:
            unit.replace(at - 1, at, edit.new)
        else:
            unit.replace(at, at, edit.new)
        return True
    if edit.kind == "lead":
        unit = units[start]
        offset = len(unit.text) - len(unit.text.lstrip())
        body_at = unit.text.find(_body(unit.text)[:10], offset) if _body(unit.text) else -1
        at = unit.text.find(edit.old, max(body_at, 0))
        if at < 0:
            at = unit.text.lower().find(edit.old.lower(), max(body_at, 0))
        if at < 0:
            return False
        unit.replace(at, at + len(edit.old), edit.new)
        return True
    if edit.kind == "number":
        unit = units[start]
        if unit.automatic_number:
            return False  # Word numbers the list itself
        indent = len(unit.text) - len(unit.text.lstrip())
        label = _OP_LABEL.match(unit.text) or NUMBERED.match(unit.text.lstrip())
        if edit.old and label:
            match = re.search(re.escape(edit.old), unit.text[indent:])
            if match is None:
                return False
            unit.replace(indent + match.start(), indent + match.end(), edit.new)
        else:
            unit.replace(indent, indent, f"{edit.new}. ")
        return True
    if edit.kind == "spelling":
        changed = False
        pattern = re.compile(rf"(?<!\w){re.escape(edit.old)}(?!\w)")
        for unit in units[start : end + 1]:
            for match in reversed(list(pattern.finditer(unit.text))):
                unit.replace(match.start(), match.end(), edit.new)
                changed = True
        return changed
    return False


def _strip_labels(units: Iterable[_Unit]) -> bool:
    """PP1 -> nothing, OP3 -> "3." at the start of each unit."""
    changed = False
    for unit in units:
        match = _OP_LABEL.match(unit.text)
        if match:
            unit.replace(match.start(), match.end(), f"{match.group(1)}{match.group(2)}. ")
            changed = True
            continue
        match = _PP_LABEL.match(unit.text)
        if match and not SUB_LABEL.match(unit.text.strip()):
            unit.replace(match.start(), match.end(), match.group(1))
            changed = True
    return changed


def apply_fixes(report: CheckReport, units: Sequence[_Unit]) -> FixResult:
    """Apply the fixable findings of ``report`` to ``units`` (edited in place)."""
    spans = _spans(report.clauses, units)
    applied, skipped = [], []
    fixable = [f for f in report.findings if f.edit is not None]
    # number and lead edits first (they sit at the start), end marks after, labels last
    order = {"number": 0, "lead": 1, "spelling": 2, "end": 3, "labels": 4}
    for finding in sorted(fixable, key=lambda f: order[f.edit.kind]):
        if finding.edit.kind == "labels":
            (applied if _strip_labels(units) else skipped).append(finding)
            continue
        span = spans.get(finding.index) if finding.index is not None else None
        if span is None or not _apply(finding.edit, units, span):
            skipped.append(finding)
        else:
            applied.append(finding)
    return FixResult(applied, skipped)


def write_fixed(data: bytes, source: str, report: CheckReport, output: str | Path) -> FixResult:
    """Write a copy of the draft ``data`` (read from ``source``) with the safe fixes applied to ``output``.

    ``.txt`` keeps every line and its line ending; ``.docx`` keeps styles, runs and numbering.
    Raises FixError when ``output`` is the input or the format has no fixer.
    """
    output = Path(output)
    if source != "-" and output.exists() and output.resolve() == Path(source).resolve():
        raise FixError(f"{output}: the fixed copy must not overwrite the input")
    kind = output.suffix.lower()
    if kind != Path(source).suffix.lower() and source != "-":
        raise FixError(f"{output}: the copy must have the input's format ({Path(source).suffix or 'none'})")
    if kind not in FIX_SUFFIXES:
        raise FixError(f"{output}: fixes are written to .txt and .docx files only")
    fixed, result = fixed_copy(data, kind, report)
    output.write_bytes(fixed)
    return result


def fixed_copy(data: bytes, kind: str, report: CheckReport) -> tuple[bytes, FixResult]:
    """The draft ``data`` with the safe fixes of ``report`` applied, in memory; ``kind`` is ".txt" or ".docx"."""
    if kind == ".txt":
        text = data.decode("utf-8-sig", errors="replace")
        units = [_Unit(line) for line in text.splitlines(keepends=True)]
        result = apply_fixes(report, units)
        return "".join(u.text for u in units).encode("utf-8"), result
    if kind == ".docx":
        import docx

        document = docx.Document(io.BytesIO(data))
        units = [_WordUnit(p) for p in document.paragraphs]
        result = apply_fixes(report, units)
        stream = io.BytesIO()
        document.save(stream)
        return stream.getvalue(), result
    raise FixError(f"fixes are written to .txt and .docx files only, not {kind or 'a file without extension'}")
