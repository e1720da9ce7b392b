"""The OpenAPI document describes the API as clients meet it through API Gateway, and Spectral's `spectral:oas`
ruleset finds nothing in it (the npm package is pinned in package.json)."""

import json
import subprocess
from pathlib import Path

import pytest
from items_api import openapi

ROOT = Path(__file__).resolve().parents[3]
RULESET = ROOT / ".spectral.yaml"
SPECTRAL = ROOT / "node_modules" / ".bin" / "spectral"
OPERATIONS = [("/items", "get"), ("/items", "post"), ("/items/{id}", "get"), ("/items/{id}", "put"),
              ("/items/{id}", "delete")]  # fmt: skip


@pytest.fixture(scope="module")
def document() -> dict:
    return json.loads(openapi.document())


def _operation(document: dict, path: str, method: str) -> dict:
    return document["paths"][path][method]


def test_every_operation_requires_sigv4_in_api_gateways_terms(document):
    scheme = document["components"]["securitySchemes"]["sigv4"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
    assert scheme["x-amazon-apigateway-authtype"] == "awsSigv4"
    assert document["security"] == [{"sigv4": []}]
    assert all("security" not in _operation(document, *key) for key in OPERATIONS)  # none overrides it


@pytest.mark.parametrize("key", OPERATIONS)
@pytest.mark.parametrize("status", ["403", "429", "502", "504"])
def test_every_operation_documents_the_gateways_own_answers(document, key, status):
    response = _operation(document, *key)["responses"][status]
    assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}


@pytest.mark.parametrize("key", OPERATIONS)
def test_every_operation_takes_the_conditional_headers(document, key):
    names = {(parameter["in"], parameter["name"]) for parameter in _operation(document, *key)["parameters"]}
    assert {("header", "If-Match"), ("header", "If-None-Match")} <= names


def test_every_server_url_carries_the_stage(document):
    assert all("/{stage}" in server["url"] and "stage" in server["variables"] for server in document["servers"])


def test_schemas_are_named_for_the_domain_and_all_used(document):
    schemas = document["components"]["schemas"]
    text = json.dumps({"paths": document["paths"], "schemas": schemas})
    assert set(schemas) == {"ErrorBody", "ErrorDetail", "Item", "ItemCreate", "ItemPage", "ItemUpdate"}
    assert all(f'"#/components/schemas/{name}"' in text for name in schemas)


def _spectral(path: Path) -> list[dict]:
    if not SPECTRAL.exists():
        pytest.fail("Spectral is not installed: run `make install` (npm ci installs @stoplight/spectral-cli)")
    completed = subprocess.run(
        [
            str(SPECTRAL),
            "lint",
            str(path),
            "--ruleset",
            str(RULESET),
            "--format",
            "json",
            "--quiet",
            "--fail-severity",
            "hint",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return json.loads(completed.stdout or "[]")


@pytest.mark.component  # runs spectral
def test_spectral_oas_finds_nothing_in_the_committed_document():
    findings = _spectral(ROOT / "docs" / "openapi.json")
    assert [(finding["code"], ".".join(map(str, finding["path"]))) for finding in findings] == []


@pytest.mark.component  # runs spectral
def test_spectral_reports_an_unused_component(tmp_path, document):
    broken = {**document, "components": {**document["components"], "schemas": {
        **document["components"]["schemas"], "Orphan": {"type": "object"}}}}  # fmt: skip
    (tmp_path / "openapi.json").write_text(json.dumps(broken), encoding="utf-8")
    assert "oas3-unused-component" in {finding["code"] for finding in _spectral(tmp_path / "openapi.json")}


def test_browsers_may_send_every_header_the_document_declares(document):
    from items_api import names  # noqa: PLC0415

    declared = {
        parameter["name"].lower()
        for path in document["paths"].values()
        for operation in path.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "header"
    }
    assert declared <= {header.lower() for header in names.CORS_ALLOW_HEADERS}
