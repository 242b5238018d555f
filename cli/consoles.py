"""Rich consoles for the commands, made on first use.

Importing rich costs about 20 ms, which a command that writes plain lines (``resolute tag`` into a
file) need not pay; the consoles follow ``sys.stdout`` and ``sys.stderr`` as they are when printing.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


@cache
def console(stderr: bool = False, highlight: bool = True, soft_wrap: bool = False) -> Console:
    """The console for standard output (or ``stderr``) with these options."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=highlight, soft_wrap=soft_wrap)
