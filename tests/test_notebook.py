"""The error-analysis notebook runs end to end on a small sample of the test split."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = Path(os.environ.get("RESOLUTE_CORPUS", ROOT.parent / "shared" / "corpus" / "raw"))
NOTEBOOK = ROOT / "notebooks" / "error_analysis.ipynb"


@pytest.mark.skipif(not RAW.is_dir(), reason="the raw corpus is not present")
def test_error_analysis_notebook_executes(monkeypatch: pytest.MonkeyPatch) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    monkeypatch.setenv("RESOLUTE_CORPUS", str(RAW))
    monkeypatch.setenv("RESOLUTE_NOTEBOOK_SAMPLE", "2")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(notebook, timeout=300, resources={"metadata": {"path": str(ROOT)}}).execute()
    printed = "".join(
        output.get("text", "") for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs
    )
    assert "family disagreements" in printed
    assert "typo: error rate" in printed
