"""The committed OpenAPI document is the one the code generates."""

import json
from pathlib import Path

import pytest
from items_api import openapi

COMMITTED = Path(__file__).resolve().parents[3] / "docs" / "openapi.json"


@pytest.fixture(scope="module")
def document() -> str:
    return openapi.document()


def test_committed_document_matches_the_code(document):
    assert COMMITTED.read_text(encoding="utf-8") == document, (
        "docs/openapi.json is stale: run `PYTHONPATH=runtime .venv/bin/python -m items_api.openapi`"
    )


def test_document_lists_every_route_with_its_status_codes(document):
    paths = json.loads(document)["paths"]
    statuses = {
        (path, method): sorted(operation["responses"])
        for path, ops in paths.items()
        for method, operation in ops.items()
    }
    gateway = ["403", "429", "502", "504"]
    assert statuses == {
        key: sorted([*codes, *gateway])
        for key, codes in {
            ("/items", "get"): ["200", "304", "400", "412", "500", "503"],
            ("/items", "post"): ["201", "400", "409", "412", "413", "415", "422", "500", "503"],
            ("/items/{id}", "get"): ["200", "304", "400", "404", "412", "500", "503"],
            ("/items/{id}", "put"): ["200", "400", "404", "409", "412", "413", "415", "422", "500", "503"],
            ("/items/{id}", "delete"): ["204", "400", "404", "412", "500", "503"],
        }.items()
    }


def test_document_describes_the_request_bodies(document):
    parsed = json.loads(document)
    reference = parsed["paths"]["/items"]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = parsed["components"]["schemas"][reference.rsplit("/", 1)[1]]
    assert (schema["required"], schema["maxProperties"]) == (["name"], 50)


@pytest.mark.parametrize(
    ("path", "method"), [("/items/{id}", "get"), ("/items/{id}", "put"), ("/items/{id}", "delete")]
)
def test_document_says_a_412_carries_the_current_etag(document, path, method):
    response = json.loads(document)["paths"][path][method]["responses"]["412"]
    assert response["headers"]["ETag"]["required"] is True
