"""Records that flow through resolute: documents, their paragraphs, and clauses."""

from __future__ import annotations

from dataclasses import dataclass, field

PREAMBULAR = "preambular"
OPERATIVE = "operative"


@dataclass(frozen=True)
class Paragraph:
    """One paragraph as a reader found it, before segmentation.

    Readers of structured formats (AKN, Word) fill in what the markup tells: the section, the
    number and the italic lead. The plain-text reader leaves them empty for the segmenter.
    """

    text: str
    section: str | None = None
    number: str | None = None
    lead: str | None = None
    subparagraphs: tuple[str, ...] = ()


@dataclass
class Document:
    """A resolution or draft as read from one file."""

    source: str
    paragraphs: list[Paragraph]
    symbol: str | None = None
    body: str | None = None  # "GA", "SC", "HRC" when known
    date: str | None = None  # ISO date of adoption when known
    title: str | None = None
    opening: str | None = None  # the enacting formula, "The General Assembly,"
    structured: bool = False  # True when paragraphs carry section and number from markup, text folded
    meta: dict[str, object] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The symbol when known, else the source."""
        return self.symbol or self.source


@dataclass(frozen=True)
class Clause:
    """One preambular or operative clause of a document."""

    index: int
    section: str
    text: str
    lead: str
    number: str | None = None
    subparagraphs: tuple[str, ...] = ()


class ReadError(Exception):
    """A file that cannot be read as a resolution; the message is one line naming the file."""

    def __init__(self, source: str, reason: str) -> None:
        reason = " ".join(reason.split())  # parser messages may hold line breaks
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
