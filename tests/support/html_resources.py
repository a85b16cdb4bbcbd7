"""What a browser loads from a page (as opposed to links a reader may follow)."""
from __future__ import annotations

from html.parser import HTMLParser


class LoadedResources(HTMLParser):
    """Collect the URLs a browser would load (not plain links to follow)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and a.get("src"):
            self.urls.append(a["src"])
        if tag == "link" and a.get("href") and set((a.get("rel") or "").split()) & {
                "stylesheet", "icon", "manifest", "preload", "modulepreload", "prefetch", "apple-touch-icon"}:
            self.urls.append(a["href"])
        if tag == "object" and a.get("data"):
            self.urls.append(a["data"])
