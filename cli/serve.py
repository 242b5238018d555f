"""``resolute serve``: the page for drafters and the JSON API on a local web server."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from resolute.cli.app import app

# The standard asyncio loop: with uvloop a new connection waited up to a second for its first answer while
# the open ones kept the server busy (benchmarks/serve_load.py). The HTTP parser is httptools (the serve
# extra; h11 when it is missing). No access log.
SERVER_OPTIONS = {"loop": "asyncio", "log_level": "warning", "access_log": False}


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="The address to listen on (only this machine by default)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="The port to listen on."),
    model: Path | None = typer.Option(None, "--model", "-m", help="Model folder. Default: the shipped model."),
    workers: int = typer.Option(
        1,
        "--workers",
        min=1,
        max=64,
        help="Server processes, each loading the model once (more than one pays only with cores to spare).",
    ),
) -> None:
    """Serve the page (paste or upload a draft; clauses, findings, fixes, suggestions, downloads) and the API
    (POST /api/tag, /api/check, /api/suggest; documented at /docs). The model is loaded once, at start.
    """
    try:
        import uvicorn

        from resolute.web import create_app
        from resolute.web.app import MODEL_ENV
    except ImportError as error:
        raise typer.BadParameter(f"needs the serve extra: pip install 'resolute[serve]' ({error})") from None
    from resolute.model.artifact import ModelError

    if model is not None and not model.is_dir():
        raise typer.BadParameter(f"{model}: no such model folder", param_hint="'--model'")
    try:
        web_app = create_app(model)  # with several workers: a check that the model loads, before they start
    except ModelError as error:
        raise typer.BadParameter(str(error), param_hint="'--model'") from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"warning: listening on {host}: other machines can reach this server", err=True)
    typer.echo(f"resolute serve: http://{host}:{port}/ (API documentation at /docs); Ctrl-C stops it", err=True)
    if workers == 1:
        uvicorn.run(web_app, host=host, port=port, **SERVER_OPTIONS)
        return
    del web_app  # each worker process loads its own copy
    os.environ[MODEL_ENV] = str(model.resolve()) if model is not None else ""
    uvicorn.run(
        "resolute.web.app:create_app_from_env",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        **SERVER_OPTIONS,
    )
