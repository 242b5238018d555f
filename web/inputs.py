"""Request bodies read in memory, bounded: a JSON object or a multipart form, and the draft they carry.

Nothing is written to disk: the body is read up to ``MAX_UPLOAD`` (plus a little for the multipart
envelope) and parsed from memory; an uploaded file's name is used only for its extension and as the
document's name, never opened.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import FormParser, MultiPartException, MultiPartParser
from starlette.requests import Request

MAX_UPLOAD = 10 * 1024 * 1024  # the largest draft accepted, in bytes
_ENVELOPE = 64 * 1024  # room for the multipart boundaries and the other form fields
MAX_BODY = MAX_UPLOAD + _ENVELOPE
TEXT_SOURCE = "<text>"  # the source of a draft sent as text
FORMATS = {"txt": "text", "xml": "akn"}  # the JSON ``format`` -> reader kind
SUFFIXES = {"text": ".txt", "akn": ".xml", "docx": ".docx"}


class TooLarge(Exception):
    """The request is over the size limit (413)."""


class Malformed(Exception):
    """The request is not one the endpoint understands (422); the message says why."""


@dataclass(frozen=True)
class Draft:
    """A draft as sent: its bytes, the name it goes by, and the reader kind (None: by the name's extension)."""

    data: bytes
    name: str
    kind: str | None = None

    @property
    def suffix(self) -> str:
        """The file extension of the draft's format (".txt", ".docx", ".xml")."""
        if self.kind is not None:
            return SUFFIXES[self.kind]
        return PurePosixPath(self.name.lower()).suffix


def file_name(name: str | None) -> str:
    """The last part of a client's file name (folders dropped; both kinds of slash), for display and extension."""
    return PureWindowsPath(PurePosixPath(name or "").name).name.strip() or "upload"


async def read_body(request: Request, limit: int = MAX_BODY) -> bytes:
    """The request body, refused with ``TooLarge`` when Content-Length or the bytes read pass ``limit``."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise TooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


class _InMemoryParser(MultiPartParser):
    """Starlette's multipart parser with files kept in memory up to the body limit."""

    spool_max_size = MAX_BODY + 1


async def parse_form(request: Request, body: bytes) -> FormData:
    """The form of ``body`` (already read and bounded; multipart or URL-encoded), parsed in memory."""

    async def stream() -> AsyncIterator[bytes]:
        yield body

    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/x-www-form-urlencoded":
        return await FormParser(request.headers, stream()).parse()
    if content_type != "multipart/form-data":
        raise Malformed("send a form (multipart/form-data or application/x-www-form-urlencoded)")
    parser = _InMemoryParser(request.headers, stream(), max_files=1, max_fields=16, max_part_size=MAX_BODY)
    try:
        return await parser.parse()
    except MultiPartException as error:
        raise Malformed(f"malformed multipart body: {error.message}") from None


async def upload_draft(upload: UploadFile) -> Draft:
    """The draft of an uploaded file (already in memory), refused over ``MAX_UPLOAD``."""
    data = await upload.read()
    if len(data) > MAX_UPLOAD:
        raise TooLarge
    return Draft(data, file_name(upload.filename))


def json_object(body: bytes) -> dict:
    """The JSON object of a body; ``Malformed`` when it is not one."""
    try:
        value = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise Malformed(f"the body is not JSON ({error})") from None
    if not isinstance(value, dict):
        raise Malformed("the body must be a JSON object")
    return value


def text_draft(text: object, fmt: object = None) -> Draft:
    """The draft of a JSON ``{"text": ..., "format": ...}``."""
    if not isinstance(text, str):
        raise Malformed('"text" must be a string')
    fmt = "txt" if fmt is None else fmt
    if fmt not in FORMATS:
        raise Malformed(f'"format" must be one of {", ".join(FORMATS)}')
    data = text.encode("utf-8")
    if len(data) > MAX_UPLOAD:
        raise TooLarge
    return Draft(data, TEXT_SOURCE, FORMATS[fmt])


async def request_input(request: Request, fields: tuple[str, ...] = ()) -> tuple[Draft | None, dict]:
    """The draft of an API request (JSON ``text``/``format``, or multipart ``file``) and its other ``fields``.

    Returns (None, {field: value}) when the request carries one of ``fields`` instead of a draft.
    """
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await read_body(request)
    if content_type == "application/json":
        value = json_object(body)
        unknown = set(value) - {"text", "format", *fields}
        if unknown:
            raise Malformed(f"unknown field {sorted(unknown)[0]!r}")
        given = {f: value[f] for f in fields if f in value}
        if "text" in value and given:
            raise Malformed(f'give "text" or {", ".join(repr(f) for f in fields)}, not both')
        if "text" in value:
            return text_draft(value["text"], value.get("format")), {}
        if given:
            return None, given
        raise Malformed('the JSON object needs "text"' + "".join(f' or "{f}"' for f in fields))
    if content_type == "multipart/form-data":
        form = await parse_form(request, body)
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise Malformed('the multipart form needs a file in the field "file"')
        return await upload_draft(upload), {}
    raise Malformed("send application/json or multipart/form-data")
