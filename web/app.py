"""The FastAPI app: the JSON API (/api/tag, /api/check, /api/suggest), the page, and the offline OpenAPI page."""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from resolute.model.records import ReadError
from resolute.model.segment import split_clauses
from resolute.model.tagging import document_name
from resolute.web import schemas
from resolute.web.engine import Engine
from resolute.web.inputs import MAX_UPLOAD, Malformed, TooLarge, request_input

STATIC = Path(__file__).parent / "static"
MODEL_ENV = "RESOLUTE_SERVE_MODEL"  # the model folder of the worker processes (create_app_from_env)
# Tagging or checking a draft up to this size (a long resolution) runs on the event loop: a few milliseconds
# of CPU, and the hand-off to a thread and back costs more under load (the GIL serialises the work anyway).
# A larger draft, and the suggestions for a whole draft (about a second), go to a thread, so that they do not
# hold up the other requests.
INLINE_MAX = 32 * 1024


def error(status: int, message: str) -> JSONResponse:
    """An error answer: ``{"error": "one line"}``."""
    return JSONResponse({"error": " ".join(message.split())}, status_code=status)


def create_app(model: str | Path | None = None) -> FastAPI:
    """The app with the model in ``model`` (default: the shipped model), loaded now, once."""
    import swagger_ui_bundle

    engine = Engine(model)
    app = FastAPI(
        title="resolute",
        summary="Label the clauses of a UN draft, check its drafting conventions, suggest standard phrasing.",
        version=version("resolute"),
        docs_url=None,
        redoc_url=None,
    )
    app.state.engine = engine
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/docs-assets", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="docs-assets")

    @app.exception_handler(TooLarge)
    async def too_large(request: Request, exc: TooLarge) -> JSONResponse:
        return error(413, f"the draft is over {MAX_UPLOAD // 2**20} MB")

    @app.exception_handler(Malformed)
    async def malformed(request: Request, exc: Malformed) -> JSONResponse:
        return error(422, str(exc))

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="resolute API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/docs-assets/favicon-32x32.png",
        )

    @app.post(
        "/api/tag",
        tags=["api"],
        openapi_extra=schemas.request_body(schemas.TextInput),
        responses={200: {"model": schemas.TagOut}, **schemas.ERRORS},
    )
    async def api_tag(request: Request) -> JSONResponse:
        """Label every clause of the draft: the records of the tagging contract (as ``resolute tag``)."""
        draft, _ = await request_input(request)

        def work() -> dict:
            document = engine.read(draft)
            tagged = engine.tag(draft, document)
            return {"document": document_name(document), "clauses": [c.to_record() for c in tagged]}

        return await _answer(work, inline=len(draft.data) <= INLINE_MAX)

    @app.post(
        "/api/check",
        tags=["api"],
        openapi_extra=schemas.request_body(schemas.TextInput),
        responses={200: {"model": schemas.CheckOut}, **schemas.ERRORS},
    )
    async def api_check(request: Request) -> JSONResponse:
        """The findings of the drafting conventions (as ``resolute check --format json``)."""
        draft, _ = await request_input(request)

        def work() -> dict:
            document = engine.read(draft)
            report = engine.check(document)
            return {
                "document": document_name(document),
                "source": draft.name,
                "findings": [f.to_record() for f in report.findings],
            }

        return await _answer(work, inline=len(draft.data) <= INLINE_MAX)

    @app.post(
        "/api/suggest",
        tags=["api"],
        openapi_extra=schemas.request_body(schemas.SuggestInput),
        responses={200: {"model": schemas.SuggestionOut | schemas.DraftSuggestionsOut}, **schemas.ERRORS},
    )
    async def api_suggest(request: Request) -> JSONResponse:
        """Family, intents, standard leads, precedents and formulas: of one ``clause``, or of each clause of a draft."""
        draft, fields = await request_input(request, ("clause",))
        if draft is None:
            clause = fields["clause"]
            if not isinstance(clause, str) or not clause.strip():
                raise Malformed('"clause" must be a non-empty string')
            return JSONResponse((await run_in_threadpool(engine.suggest, clause)).to_record())

        def work() -> dict:
            document = engine.read(draft)
            clauses = [
                {"index": c.index, "number": c.number, **engine.suggest(c).to_record()} for c in split_clauses(document)
            ]
            return {"document": document_name(document), "clauses": clauses}

        return await _answer(work, inline=False)

    from resolute.web.pages import page_routes

    app.include_router(page_routes(engine))
    return app


def create_app_from_env() -> FastAPI:
    """The app of a server worker process: the model folder in ``$RESOLUTE_SERVE_MODEL`` (unset: the shipped one)."""
    return create_app(os.environ.get(MODEL_ENV) or None)


async def _answer(work: Callable[[], dict], inline: bool) -> JSONResponse:
    """Run ``work`` on the event loop (``inline``) or in a thread; a draft that cannot be read gives 400 with the
    reader's one-line message."""
    try:
        return JSONResponse(work() if inline else await run_in_threadpool(work))
    except ReadError as failure:
        return error(400, str(failure))
