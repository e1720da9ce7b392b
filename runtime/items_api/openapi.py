"""The OpenAPI document, generated from the routes: `python -m items_api.openapi [PATH]` writes it."""

from __future__ import annotations

import sys
from pathlib import Path

from items_api.documented_api import app

TITLE = "Items API"
VERSION = "1.0.0"
DEFAULT_PATH = Path("docs/openapi.json")


def document() -> str:
    """The document's exact text (what the committed docs/openapi.json must contain)."""
    text = app.get_openapi_json_schema(
        title=TITLE,
        version=VERSION,
        description="Items: JSON objects with a server-issued itemId, timestamps and a version used as ETag.",
    )
    return text + "\n"


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DEFAULT_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(document(), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
