"""The runtime's generated files match what the pinned models, fastjsonschema and botocore give, and the trimmed
endpoint data resolves DynamoDB exactly as botocore's full data does, in every region of every partition."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import botocore
import pytest
from botocore.regions import EndpointResolver

from configuration.paths import PROJECT_ROOT
from tools import runtime_data


def test_every_generated_file_is_current() -> None:
    stale = [
        str(path.relative_to(PROJECT_ROOT))
        for path, text in runtime_data.expected_files().items()
        if not path.exists() or path.read_text() != text
    ]

    assert stale == [], "stale generated files: run `make generate`"


def test_the_check_fails_on_a_stale_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = runtime_data.expected_files()
    copies = {tmp_path / path.name: text for path, text in expected.items()}
    for path, text in copies.items():
        path.write_text(text)
    (tmp_path / "endpoints.json").write_text("{}\n")  # as if botocore's pin moved on
    monkeypatch.setattr(runtime_data, "expected_files", lambda: copies)
    monkeypatch.setattr(runtime_data, "PROJECT_ROOT", tmp_path)

    assert runtime_data.main(["--check"]) == 1


def _resolvers() -> tuple[EndpointResolver, EndpointResolver]:
    full = json.loads((Path(botocore.__file__).parent / "data" / "endpoints.json").read_text())
    trimmed = json.loads((runtime_data.AWS_DATA / "endpoints.json").read_text())
    return EndpointResolver(full), EndpointResolver(trimmed)


@pytest.mark.parametrize("service", runtime_data.SERVICES)
def test_the_trimmed_data_resolves_every_region_as_the_full_data(service: str) -> None:
    full, trimmed = _resolvers()
    partitions = full.get_available_partitions()

    assert trimmed.get_available_partitions() == partitions
    for partition in partitions:
        regions = full.get_available_endpoints(service, partition)
        assert trimmed.get_available_endpoints(service, partition) == regions
        for region in regions:
            assert trimmed.construct_endpoint(service, region) == full.construct_endpoint(service, region)


def test_the_function_client_reads_the_trimmed_data(monkeypatch: pytest.MonkeyPatch) -> None:
    from items_api import store  # noqa: PLC0415

    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    store.dynamodb_client.cache_clear()
    try:
        client: Any = store.dynamodb_client()  # its botocore internals: the loader it reads endpoints with
        loader = client._loader
        _, path = loader.load_data_with_path("endpoints")
    finally:
        store.dynamodb_client.cache_clear()

    assert Path(path).parent == runtime_data.AWS_DATA
