"""``resolute serve``: the web page for drafters and the JSON API, on the library of ``resolute.model``."""

from resolute.web.app import create_app

__all__ = ["create_app"]
