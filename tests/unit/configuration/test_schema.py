"""cdk.schema.json: generated from the model, committed, and what cdk.json and the example waves validate against."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from configuration import CDK_JSON
from configuration.schema import SCHEMA_PATH, cdk_json_schema, main, rendered

EXAMPLE_WAVES = CDK_JSON.parent / "examples" / "three-waves.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture
def cdk_json() -> dict:
    return json.loads(CDK_JSON.read_text())


def _problems(validator: jsonschema.Draft202012Validator, document: dict) -> list[str]:
    return [error.message for error in validator.iter_errors(document)]


def test_the_committed_schema_is_what_the_model_generates() -> None:
    assert SCHEMA_PATH.read_text() == rendered(), "cdk.schema.json drifted from configuration/: run `make schema`"


def test_the_drift_check_fails_when_the_committed_schema_differs(tmp_path, monkeypatch) -> None:
    stale = tmp_path / "cdk.schema.json"
    stale.write_text(rendered().replace('"apiRateLimit"', '"apiRateLimitOld"'))
    monkeypatch.setattr("configuration.schema.SCHEMA_PATH", stale)

    assert main(["--check"]) == 1


def test_cdk_json_names_the_schema_and_validates_against_it(validator, cdk_json: dict) -> None:
    assert cdk_json["$schema"] == f"./{SCHEMA_PATH.name}"
    assert _problems(validator, cdk_json) == []


def test_the_example_waves_validate(validator, cdk_json: dict) -> None:
    cdk_json["context"]["waves"] = json.loads(EXAMPLE_WAVES.read_text())

    assert _problems(validator, cdk_json) == []


def test_the_schema_refuses_a_misspelt_key_and_a_missing_setting(validator, cdk_json: dict) -> None:
    broken = copy.deepcopy(cdk_json)
    broken["context"]["waves"][1]["aproval"] = True
    del broken["context"]["waves"][0]["environments"][0]["settings"]["snapStart"]

    assert sorted(_problems(validator, broken)) == [
        "'snapStart' is a required property",
        "Additional properties are not allowed ('aproval' was unexpected)",
    ]


def test_the_schema_leaves_the_cdks_own_context_keys_open(validator, cdk_json: dict) -> None:
    cdk_json["context"]["@aws-cdk/core:someFutureFlag"] = True
    cdk_json["context"]["aws:cdk:enable-path-metadata"] = True

    assert _problems(validator, cdk_json) == []


def test_the_schema_offers_the_regions_aws_publishes() -> None:
    region = cdk_json_schema()["properties"]["context"]["properties"]["region"]

    assert "us-east-1" in region["enum"] and "eu-west-1" in region["enum"]
