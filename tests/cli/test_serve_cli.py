"""``resolute serve``: binds to 127.0.0.1 by default, loads the model once at start, refuses a missing model."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from resolute.cli.app import app


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    import uvicorn

    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda web_app, **options: calls.append({"app": web_app, **options}))
    return calls


def test_serve_binds_to_loopback_by_default(runs: list[dict], tiny_model: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--model", str(tiny_model)])
    assert result.exit_code == 0, result.output
    assert (runs[0]["host"], runs[0]["port"]) == ("127.0.0.1", 8000)
    assert runs[0]["app"].state.engine.suggester.classifier is not None  # loaded before serving
    assert "warning" not in result.output


def test_serve_warns_when_other_machines_can_reach_it(runs: list[dict], tiny_model: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--port", "9001", "--model", str(tiny_model)])
    assert result.exit_code == 0
    assert (runs[0]["host"], runs[0]["port"]) == ("0.0.0.0", 9001)
    assert "other machines can reach this server" in result.output


def test_serve_refuses_a_missing_model(runs: list[dict], tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--model", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "no such model folder" in " ".join(result.output.replace("│", " ").split())
    assert runs == []


def test_serve_workers_run_processes_that_each_load_the_model(
    runs: list[dict], tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import resolute.web.app as web_app

    monkeypatch.setenv(web_app.MODEL_ENV, "restored after the test")
    result = CliRunner().invoke(app, ["serve", "--workers", "2", "--model", str(tiny_model)])
    assert result.exit_code == 0, result.output
    assert runs[0]["app"] == "resolute.web.app:create_app_from_env"
    assert (runs[0]["factory"], runs[0]["workers"], runs[0]["host"]) == (True, 2, "127.0.0.1")
    monkeypatch.setattr(web_app, "create_app", lambda model: model)  # what a worker process would load
    assert web_app.create_app_from_env() == str(tiny_model.resolve())
    monkeypatch.setenv(web_app.MODEL_ENV, "")
    assert web_app.create_app_from_env() is None  # the shipped model


def test_serve_checks_the_model_before_starting_workers(runs: list[dict], tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--workers", "2", "--model", str(tmp_path)])
    assert result.exit_code == 2 and "not a resolute model" in " ".join(result.output.replace("│", " ").split())
    assert runs == []
    assert CliRunner().invoke(app, ["serve", "--workers", "0"]).exit_code == 2
