"""``resolute serve``: the page for drafters and the JSON API on a local web server."""

from __future__ import annotations

from pathlib import Path

import typer

from resolute.cli.app import app


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="The address to listen on (only this machine by default)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="The port to listen on."),
    model: Path | None = typer.Option(None, "--model", "-m", help="Model folder. Default: the shipped model."),
) -> None:
    """Serve the page (paste or upload a draft; clauses, findings, fixes, suggestions, downloads) and the API
    (POST /api/tag, /api/check, /api/suggest; documented at /docs). The model is loaded once, at start.
    """
    try:
        import uvicorn

        from resolute.web import create_app
    except ImportError as error:
        raise typer.BadParameter(f"needs the serve extra: pip install 'resolute[serve]' ({error})") from None
    from resolute.model.artifact import ModelError

    if model is not None and not model.is_dir():
        raise typer.BadParameter(f"{model}: no such model folder", param_hint="'--model'")
    try:
        web_app = create_app(model)
    except ModelError as error:
        raise typer.BadParameter(str(error), param_hint="'--model'") from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"warning: listening on {host}: other machines can reach this server", err=True)
    typer.echo(f"resolute serve: http://{host}:{port}/ (API documentation at /docs); Ctrl-C stops it", err=True)
    uvicorn.run(web_app, host=host, port=port, log_level="warning")
