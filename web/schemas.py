"""The shapes of the API's requests and answers, for the OpenAPI page (answers are built by the library)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class TextInput(BaseModel):
    """A draft sent as text."""

    text: str = Field(description="The draft's text.")
    format: Literal["txt", "xml"] = Field("txt", description="txt: plain text; xml: Akoma Ntoso markup.")


class SuggestInput(BaseModel):
    """A draft sent as text, or a single clause."""

    text: str | None = Field(None, description="A whole draft: suggestions for each of its clauses.")
    format: Literal["txt", "xml"] = "txt"
    clause: str | None = Field(None, description="One clause, e.g. 'Asks the Secretary-General to report ...'.")


class Upload(BaseModel):
    """A draft uploaded as a file (.txt, .docx, .xml); the name's extension picks the reader."""

    file: bytes = Field(json_schema_extra={"format": "binary"})


class TaggedClauseOut(BaseModel):
    """One clause as in the tagging contract (output.md)."""

    document: str
    source: str
    index: int
    section: Literal["preambular", "operative"]
    number: str | None
    lead: str
    family: str
    intents: list[str]
    text: str
    scores: dict[str, object]
    source_hash: str


class TagOut(BaseModel):
    """The answer of /api/tag."""

    document: str
    clauses: list[TaggedClauseOut]


class FindingOut(BaseModel):
    """One finding as in ``resolute check --format json``."""

    code: str
    severity: Literal["error", "warning", "info"]
    index: int | None
    number: str | None
    message: str
    fix: str | None


class CheckOut(BaseModel):
    """The answer of /api/check: the object of ``resolute check --format json``."""

    document: str
    source: str
    findings: list[FindingOut]


class PrecedentOut(BaseModel):
    """A corpus paragraph like the clause."""

    symbol: str
    index: int
    section: str
    number: str | None
    family: str
    score: float
    copies: int
    link: str
    text: str | None
    paragraph: str


class TemplateOut(BaseModel):
    """A formula mined from the corpus."""

    pattern: str
    section: str
    family: str
    intent: str | None
    count: int
    documents: int


class SuggestionOut(BaseModel):
    """The answer of /api/suggest for one clause (as ``resolute suggest --format json``)."""

    text: str
    lead: str
    section: str
    family: str
    intents: list[str]
    scores: dict[str, object]
    standard_leads: list[str]
    precedents: list[PrecedentOut]
    templates: list[TemplateOut]
    corpus: bool


class ClauseSuggestionOut(SuggestionOut):
    """The suggestions for one clause of a draft, with its place."""

    index: int
    number: str | None


class DraftSuggestionsOut(BaseModel):
    """The answer of /api/suggest for a whole draft."""

    document: str
    clauses: list[ClauseSuggestionOut]


class ErrorOut(BaseModel):
    """An error: one line."""

    error: str


def request_body(json_model: type[BaseModel]) -> dict:
    """The OpenAPI request body of an endpoint that takes JSON or a multipart upload."""
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": json_model.model_json_schema()},
                "multipart/form-data": {"schema": Upload.model_json_schema()},
            },
        }
    }


ERRORS = {
    400: {"model": ErrorOut, "description": "The draft cannot be read (the reader's one-line message)."},
    413: {"model": ErrorOut, "description": "The draft is over 10 MB."},
    422: {"model": ErrorOut, "description": "The request is malformed."},
}
