"""What the web app does with a draft: read, tag, check, fix and suggest, with the model loaded once."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from resolute.model.check import CheckReport, check_document
from resolute.model.fix import FIX_SUFFIXES, FixResult, fixed_copy
from resolute.model.readers import read_bytes
from resolute.model.records import Clause, Document, ReadError
from resolute.model.suggest import Suggester, Suggestion
from resolute.model.tagging import TaggedClause, Tagger, document_name, source_hash
from resolute.web.inputs import Draft

PRECEDENTS = 5  # precedents per suggestion


@dataclass
class Review:
    """A draft read, tagged and checked: what the page shows."""

    draft: Draft
    name: str
    tagged: list[TaggedClause]
    report: CheckReport

    @property
    def fixable(self) -> bool:
        """Whether the draft's format takes fixes (.txt, .docx) and a finding has a safe fix."""
        return self.draft.suffix in FIX_SUFFIXES and any(f.edit is not None for f in self.report.findings)


class Engine:
    """The model (classifier, precedent index, formulas) loaded once; every method is safe to call from threads."""

    def __init__(self, model: str | Path | None = None) -> None:
        self.suggester = Suggester.load(model)
        self.tagger = Tagger(self.suggester.classifier, model)

    def read(self, draft: Draft) -> Document:
        """The document of a draft; raises ReadError with a one-line message, for a reader's bug too."""
        try:
            return read_bytes(draft.data, draft.name, draft.kind)
        except ReadError:
            raise
        except Exception as failure:  # a reader bug on a strange file is still the client's bad input
            raise ReadError(draft.name, f"unexpected error ({type(failure).__name__}: {failure})") from failure

    def tag(self, draft: Draft, document: Document) -> list[TaggedClause]:
        """The tagged clauses of a document (the fields of the tagging contract)."""
        return self.tagger.tag_document(document, source_hash(draft.data))

    def check(self, document: Document) -> CheckReport:
        """The findings of a document; the model runs only when a rule needs it."""
        classifier = self.suggester.classifier
        return check_document(document, lambda: classifier)

    def review(self, draft: Draft) -> Review:
        """Read, tag and check a draft."""
        document = self.read(draft)
        return Review(draft, document_name(document), self.tag(draft, document), self.check(document))

    def fix(self, review: Review, finding: int | None = None) -> tuple[Draft, FixResult]:
        """The draft with all safe fixes (or only the finding numbered ``finding``) applied; raises FixError."""
        report = review.report
        if finding is not None:
            report = replace(report, findings=[report.findings[finding]])
        data, result = fixed_copy(review.draft.data, review.draft.suffix, report)
        return replace(review.draft, data=data), result

    def suggest(self, clause: str | Clause, k: int = PRECEDENTS) -> Suggestion:
        """Labels, standard leads, precedents and formulas for one clause."""
        return self.suggester.suggest(clause, k=k)
