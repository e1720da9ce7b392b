"""The browser test's page, served from its own origin (another port than the API's), with the pinned signer."""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGE_DIR = Path(__file__).parent / "page"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
SIGNER = PROJECT_ROOT / "node_modules" / "aws4fetch" / "dist" / "aws4fetch.esm.mjs"
SIGNER_PATH = "/vendor/aws4fetch.mjs"


class _PageHandler(SimpleHTTPRequestHandler):
    """The page's files, and the signer from node_modules under /vendor/ (module scripts need a JS MIME type)."""

    def translate_path(self, path: str) -> str:
        if path.split("?", 1)[0] == SIGNER_PATH:
            return str(SIGNER)
        return super().translate_path(path)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the test reports what matters


class PageServer:
    """Serves the page on 127.0.0.1 from a background thread."""

    def __init__(self) -> None:
        if not SIGNER.is_file():
            raise FileNotFoundError(f"{SIGNER} is missing: run `make install` (npm ci) first")
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_PageHandler, directory=str(PAGE_DIR)))
        self._thread = threading.Thread(target=self._server.serve_forever, name="browser-page", daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> PageServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
