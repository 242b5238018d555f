"""Shared fixtures: Word drafts built with python-docx inside the tests (never corpus text)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

import docx
import pytest
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

_MARKUP = re.compile(r"\*([^*]+)\*|\^([^^]+)\^|\[\^([^\]]+)\]")
_FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


class DocxDraft:
    """A Word draft assembled paragraph by paragraph.

    ``add`` takes a small markup: ``*words*`` in italics, ``^1^`` in superscript (a footnote mark
    typed as text) and ``[^note text]`` a real Word footnote whose text goes to footnotes.xml.
    """

    def __init__(self) -> None:
        self.document = docx.Document()
        self._numbering = self.document.part.numbering_part.element
        self._notes: list[str] = []
        self._next_id = 100

    def add(self, markup: str = "", style: str | None = None, num: int | None = None, level: int = 0) -> None:
        """Add a paragraph; ``num`` (from ``add_list``) numbers it automatically at ``level``."""
        paragraph = self.document.add_paragraph(style=style)
        position = 0
        for match in _MARKUP.finditer(markup):
            if match.start() > position:
                paragraph.add_run(markup[position : match.start()])
            italic, superscript, note = match.groups()
            if italic is not None:
                paragraph.add_run(italic).italic = True
            elif superscript is not None:
                paragraph.add_run(superscript).font.superscript = True
            else:
                self._add_note_reference(paragraph, note)
            position = match.end()
        if position < len(markup):
            paragraph.add_run(markup[position:])
        if num is not None:
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = level
            num_pr.get_or_add_numId().val = num

    def add_list(self, *levels: tuple[str, str], start: int = 1) -> int:
        """Define a list with ``(numFmt, lvlText)`` per level, e.g. ``("decimal", "%1.")``; its numId."""
        abstract_id, num_id = self._next_id, self._next_id
        self._next_id += 1
        lvls = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="{start if i == 0 else 1}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/></w:lvl>'
            for i, (fmt, text) in enumerate(levels or (("decimal", "%1."),))
        )
        abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>')
        first_num = self._numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self._numbering.append(abstract)
        return self._add_num(abstract_id, num_id, restart=None)

    def restart(self, num_id: int, at: int = 1) -> int:
        """A new numId on the same list as ``num_id`` that starts again at ``at`` (Word's "Restart")."""
        num = self._numbering.find(f"{qn('w:num')}[@{qn('w:numId')}='{num_id}']")
        abstract_id = int(num.find(qn("w:abstractNumId")).get(qn("w:val")))
        new_id = self._next_id
        self._next_id += 1
        return self._add_num(abstract_id, new_id, restart=at)

    def _add_num(self, abstract_id: int, num_id: int, restart: int | None) -> int:
        override = (
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{restart}"/></w:lvlOverride>'
            if restart is not None
            else ""
        )
        self._numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
            )
        )
        return num_id

    def _add_note_reference(self, paragraph: docx.text.paragraph.Paragraph, note: str) -> None:
        self._notes.append(note)
        run = paragraph.add_run()
        run.font.superscript = True
        reference = OxmlElement("w:footnoteReference")
        reference.set(qn("w:id"), str(len(self._notes)))
        run._r.append(reference)

    def to_bytes(self) -> bytes:
        """The .docx file; a footnotes part is added when the draft has footnotes."""
        stream = io.BytesIO()
        self.document.save(stream)
        return _with_footnotes(stream.getvalue(), self._notes) if self._notes else stream.getvalue()


def _with_footnotes(data: bytes, notes: list[str]) -> bytes:
    """Add word/footnotes.xml with ``notes`` (ids 1..n) to a saved .docx."""
    body = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {note}</w:t></w:r></w:p></w:footnote>'
        for i, note in enumerate(notes, start=1)
    )
    footnotes = f'<?xml version="1.0" encoding="UTF-8"?>\n<w:footnotes {nsdecls("w")}>{body}</w:footnotes>'
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                override = f'<Override PartName="/word/footnotes.xml" ContentType="{_FOOTNOTES_TYPE}"/>'
                content = content.replace(b"</Types>", override.encode() + b"</Types>")
            elif info.filename == "word/_rels/document.xml.rels":
                rel = f'<Relationship Id="rIdNotes" Type="{_FOOTNOTES_REL}" Target="footnotes.xml"/>'
                content = content.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            dst.writestr(info, content)
        dst.writestr("word/footnotes.xml", footnotes)
    return out.getvalue()


@pytest.fixture
def make_docx() -> Callable[[], DocxDraft]:
    """A factory of empty Word drafts: ``draft = make_docx(); draft.add("*Notes* ..."); draft.to_bytes()``."""
    return DocxDraft


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory):
    """A linear model trained on the tiny invented corpus of ``tests/tiny_corpus.py``."""
    from tests.tiny_corpus import train_tiny_model

    return train_tiny_model(tmp_path_factory.mktemp("tiny-model"))
