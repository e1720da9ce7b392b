"""The OpenAPI document, generated from the routes: `python -m items_api.openapi [PATH]` writes it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from aws_lambda_powertools.event_handler.openapi.models import Contact, Tag

from items_api.api import TAG, app
from items_api.openapi_contract import as_clients_meet_it

TITLE = "Items API"
VERSION = "1.0.0"
DEFAULT_PATH = Path("docs/openapi.json")


def document() -> str:
    """The document's exact text (what the committed docs/openapi.json must contain)."""
    generated = app.get_openapi_schema(
        title=TITLE,
        version=VERSION,
        description="Items: JSON objects with a server-issued itemId, timestamps and a version used as ETag.",
        tags=[Tag(name=TAG, description="Items and their collection")],
        contact=Contact(name="Items API maintainers"),
    )
    raw = json.loads(generated.model_dump_json(by_alias=True, exclude_none=True))
    return json.dumps(as_clients_meet_it(raw), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DEFAULT_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(document(), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
