"""The Node driver (`drive.mjs`, playwright-core) as a child process the test talks to, one JSON line per phase."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

DRIVER = Path(__file__).parent / "drive.mjs"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
PLAYWRIGHT = PROJECT_ROOT / "node_modules" / "playwright-core"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
PHASE_TIMEOUT_SECONDS = 120.0


class BrowserRunError(RuntimeError):
    """The driver ended or said nothing in time; the message carries its error output."""


def chromium_path() -> str | None:
    """The system's Chromium (Debian's `chromium` package), or None when it is not installed."""
    configured = os.environ.get("CHROMIUM_PATH")
    return next((path for path in (configured, *CHROMIUM_CANDIDATES) if path and shutil.which(path)), None)


class BrowserRun:
    """One Chromium session running the page's steps: `phase()` returns what the page printed for each phase."""

    def __init__(self, page_url: str, screenshot: Path, chromium: str) -> None:
        if not PLAYWRIGHT.is_dir():
            raise BrowserRunError(f"{PLAYWRIGHT} is missing: run `make install` (npm ci) first")
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        self._process = subprocess.Popen(
            ["node", str(DRIVER), page_url, str(screenshot)],
            cwd=PROJECT_ROOT,
            env={**os.environ, "CHROMIUM_PATH": chromium},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._lines: queue.Queue[str] = queue.Queue()
        self._errors: list[str] = []
        threading.Thread(target=self._pump, args=(self._process.stdout, self._lines.put), daemon=True).start()
        threading.Thread(target=self._pump, args=(self._process.stderr, self._errors.append), daemon=True).start()

    @staticmethod
    def _pump(stream: Any, sink: Any) -> None:
        for line in stream:
            sink(line)

    def phase(self, name: str, timeout: float = PHASE_TIMEOUT_SECONDS) -> list[dict[str, Any]]:
        try:
            message = json.loads(self._lines.get(timeout=timeout))
        except queue.Empty:
            raise BrowserRunError(f"no {name!r} results within {timeout:.0f} s: {self.errors}") from None
        if message.get("phase") != name:
            raise BrowserRunError(f"expected phase {name!r}, got {message.get('phase')!r}")
        return message["results"]

    def proceed(self) -> None:
        """Let the driver run its next phase."""
        assert self._process.stdin is not None
        self._process.stdin.write("next\n")
        self._process.stdin.flush()

    def finish(self, timeout: float = PHASE_TIMEOUT_SECONDS) -> None:
        try:
            code = self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise BrowserRunError(f"the driver did not exit within {timeout:.0f} s: {self.errors}") from None
        if code != 0:
            raise BrowserRunError(f"the driver exited with {code}: {self.errors}")

    def kill(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()

    @property
    def errors(self) -> str:
        return "".join(self._errors)[-2000:] or "no error output"
