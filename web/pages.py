"""The page for drafters: paste or upload a draft, see its clauses and findings, apply fixes, download.

The server keeps nothing between requests: the page carries the draft (base64) in its forms, and each
action (apply fixes, download) sends it back.
"""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path, PurePosixPath

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from resolute.model.fix import FixError
from resolute.model.records import OPERATIVE, Clause, ReadError
from resolute.web.engine import Engine, Review
from resolute.web.inputs import MAX_UPLOAD, Draft, Malformed, TooLarge, file_name, parse_form, read_body, upload_draft

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
PASTED = "draft.txt"  # the name of a pasted draft
# the page loads only its own script and style sheet; precedent links open undocs.org in a new tab
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_MEDIA = {
    ".txt": "text/plain; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xml": "application/xml",
}


def _form_draft(form: FormData) -> Draft | None:
    """The draft a form carries back (base64 ``draft`` with its ``name``), or None."""
    encoded = form.get("draft")
    if not isinstance(encoded, str) or not encoded:
        return None
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise Malformed("the draft field is not base64") from None
    if len(data) > MAX_UPLOAD:
        raise TooLarge
    return Draft(data, file_name(str(form.get("name") or PASTED)))


async def _new_draft(form: FormData) -> Draft | None:
    """The draft of the input form: an uploaded file, else the pasted text."""
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        return await upload_draft(upload)
    text = form.get("text")
    if isinstance(text, str) and text.strip():
        data = text.replace("\r\n", "\n").encode("utf-8")
        if len(data) > MAX_UPLOAD:
            raise TooLarge
        return Draft(data, PASTED)
    return None


def _fixed_name(name: str) -> str:
    path = PurePosixPath(name)
    return name if path.stem.endswith("-fixed") else f"{path.stem}-fixed{path.suffix}"


def _attachment(name: str) -> str:
    """A Content-Disposition header with a safe ASCII file name."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "draft"
    return f'attachment; filename="{safe}"'


def page_routes(engine: Engine) -> APIRouter:
    """The routes of the page, on ``engine``."""
    router = APIRouter(include_in_schema=False)

    def render(request: Request, status: int = 200, **context: object) -> HTMLResponse:
        return TEMPLATES.TemplateResponse(request, "page.html", context, status_code=status, headers=HEADERS)

    async def form_of(request: Request) -> FormData:
        return await parse_form(request, await read_body(request))

    @router.get("/", response_class=HTMLResponse)
    async def home(request: Request) -> HTMLResponse:
        return render(request)

    @router.post("/review", response_class=HTMLResponse)
    async def review(request: Request) -> HTMLResponse:
        try:
            form = await form_of(request)
            draft = await _new_draft(form) or _form_draft(form)
        except TooLarge:
            return render(request, 413, error=f"The draft is over {MAX_UPLOAD // 2**20} MB.")
        if draft is None:
            return render(request, 422, error="Paste a draft or choose a file.")
        apply = form.get("apply")

        def work() -> tuple[Review, str | None]:
            checked = engine.review(draft)
            if not isinstance(apply, str) or not apply:
                return checked, None
            finding = None if apply == "all" else int(apply) if apply.isdigit() else -1
            if finding is not None and not 0 <= finding < len(checked.report.findings):
                raise Malformed("no such finding")
            fixed, result = engine.fix(checked, finding)
            notice = f"Applied {len(result.applied)} fix{'es' if len(result.applied) != 1 else ''}"
            if result.skipped:
                notice += f"; {len(result.skipped)} left to do by hand"
            fixed = Draft(fixed.data, _fixed_name(fixed.name), fixed.kind)
            return engine.review(fixed), notice + "."

        try:
            checked, notice = await run_in_threadpool(work)
        except ReadError as failure:
            return render(request, 400, error=str(failure))
        except (FixError, Malformed) as failure:
            return render(request, 422, error=str(failure))
        return render(request, review=_view(checked), notice=notice)

    @router.post("/download")
    async def download(request: Request) -> Response:
        form = await form_of(request)
        draft = _form_draft(form)
        if draft is None:
            raise Malformed("no draft to download")
        what = form.get("what")
        if what == "draft":
            media = _MEDIA.get(draft.suffix, "application/octet-stream")
            return Response(draft.data, media_type=media, headers={"Content-Disposition": _attachment(draft.name)})
        if what not in ("jsonl", "csv"):
            raise Malformed("what must be draft, jsonl or csv")
        from resolute.cli.writers import CSV_HEADER, encode_csv, encode_jsonl

        def work() -> bytes:
            tagged = engine.tag(draft, engine.read(draft))
            return encode_jsonl(tagged) if what == "jsonl" else CSV_HEADER + encode_csv(tagged)

        try:
            data = await run_in_threadpool(work)
        except ReadError as failure:
            return Response(str(failure), status_code=400, media_type="text/plain; charset=utf-8")
        name = f"{PurePosixPath(draft.name).stem}-tags.{what}"
        media = "application/x-ndjson" if what == "jsonl" else "text/csv; charset=utf-8"
        return Response(data, media_type=media, headers={"Content-Disposition": _attachment(name)})

    @router.post("/suggestions", response_class=HTMLResponse)
    async def suggestions(request: Request) -> HTMLResponse:
        form = await form_of(request)
        text = form.get("clause")
        if not isinstance(text, str) or not text.strip():
            raise Malformed("no clause")
        section = form.get("section")
        lead = form.get("lead")
        clause: str | Clause = text
        if section in ("preambular", "operative") and isinstance(lead, str):
            clause = Clause(0, str(section), text, lead)
        result = await run_in_threadpool(engine.suggest, clause)
        return TEMPLATES.TemplateResponse(request, "suggestions.html", {"s": result})

    return router


def _view(review: Review) -> dict:
    """What the template shows of a review: clauses with their findings, document findings, counts, the draft."""
    findings = list(enumerate(review.report.findings))
    by_index: dict[int | None, list] = {}
    for number, finding in findings:
        by_index.setdefault(finding.index, []).append((number, finding))
    clauses = [
        {"tag": tag, "findings": by_index.get(tag.index, []), "label": _label(tag.section, tag.number, tag.index)}
        for tag in review.tagged
    ]
    severities = ("error", "warning", "info")
    return {
        "name": review.name,
        "file": review.draft.name,
        "draft": base64.b64encode(review.draft.data).decode("ascii"),
        "fixable": review.fixable,
        "fix_format": review.draft.suffix,
        "clauses": clauses,
        "general": by_index.get(None, []),
        "counts": {s: sum(f.severity == s for f in review.report.findings) for s in severities},
    }


def _label(section: str, number: str | None, index: int) -> str:
    if section == OPERATIVE:
        return f"OP {number}" if number else "OP"
    return f"PP {index + 1}"
