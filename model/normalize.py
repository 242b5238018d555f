"""Text normalisation shared by the readers and the segmenter."""

from __future__ import annotations


def fold(text: str) -> str:
    """Fold runs of white space into single spaces and strip the ends."""
    return " ".join(text.split())
