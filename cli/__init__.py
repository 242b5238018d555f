"""resolute.cli: the typer app."""
