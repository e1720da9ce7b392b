"""Fixtures of the browser test: a local stack on a database the test can stop, the page on a second origin,
and one Chromium run through the page's steps, shared by every test of the module."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from apiclient.http import item_path
from local.database import Dynalite
from reliability.local_api import DEFAULT_ASSEMBLY, LOG_DIR, LocalApi
from tests.browser.browser_run import PROJECT_ROOT, BrowserRun, chromium_path
from tests.browser.page_server import PageServer

# `make browser-test` refreshes the README's picture; other runs keep theirs out of the work tree.
SCREENSHOT = Path(os.environ.get("BROWSER_SCREENSHOT") or PROJECT_ROOT / ".local" / "browser-test.png")


@dataclass(frozen=True)
class BrowserResults:
    """What the page read, step by step, and what a non-browser client sees for the same stale update."""

    steps: dict[str, dict[str, Any]]
    stale_etag_outside_the_browser: str | None
    screenshot: Path
    origins: tuple[str, str]


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        pytest.skip(
            "Chromium is not installed (no /usr/bin/chromium): `make browser-test` installs Debian's package "
            "with apt-get (as root), or set CHROMIUM_PATH"
        )
    return path


@pytest.fixture(scope="module")
def assembly() -> Path:
    if not (DEFAULT_ASSEMBLY / "manifest.json").is_file():
        pytest.fail(f"{DEFAULT_ASSEMBLY} holds no cloud assembly: run `make synth` first", pytrace=False)
    return DEFAULT_ASSEMBLY


def _stale_update_etag(api: LocalApi) -> str | None:
    """The ETag header of a 412 as a client without CORS sees it (None while the API sends none)."""
    with api.session() as session:
        created = session.post("/items", json={"name": "stale outside the browser"})
        path = item_path(created.json()["itemId"])
        session.put(path, json={"price": 1}, headers={"If-Match": created.headers["ETag"]})
        stale = session.put(path, json={"price": 2}, headers={"If-Match": created.headers["ETag"]})
        session.delete(path)
    assert stale.status_code == 412, stale.text
    return stale.headers.get("ETag")


@pytest.fixture(scope="module")
def browser(chromium: str, assembly: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserResults]:
    data_dir = tmp_path_factory.mktemp("browser-data")
    database = Dynalite(path=data_dir / "dynalite", state_change_ms=0).start()
    try:
        api = LocalApi(assembly, data_dir, log_path=LOG_DIR / "browser.log", database=database.endpoint)
        with api, PageServer() as page:
            query = {"api": api.base_url, "region": api.region}
            query |= {"accessKey": api.credentials.access_key, "secretKey": api.credentials.secret_key}
            run = BrowserRun(f"{page.origin}/index.html?{urlencode(query)}", SCREENSHOT, chromium)
            try:
                main = run.phase("main")
                stale_etag = _stale_update_etag(api)
                database.stop()  # the next step meets the database down
                run.proceed()
                steps = run.phase("outage")
                run.finish()
            finally:
                run.kill()
            origins = (page.origin, api.base_url)
    finally:
        database.stop()
    assert len(steps) == len(main) + 1, steps
    yield BrowserResults({step["step"]: step for step in steps}, stale_etag, SCREENSHOT, origins)
