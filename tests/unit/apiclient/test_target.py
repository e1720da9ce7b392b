"""Which region the test client signs for: the API's, whatever region the caller runs in."""

from __future__ import annotations

import pytest
import requests

from apiclient.target import TargetConfigError, deployed_target, region_for

EU_URL = "https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod-eu"


@pytest.fixture
def pipeline_region(monkeypatch: pytest.MonkeyPatch) -> None:
    """CodeBuild in the pipeline's region sets these for every step."""
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    monkeypatch.delenv("API_ROLE_ARN", raising=False)
    monkeypatch.delenv("API_REGION", raising=False)


@pytest.mark.usefixtures("pipeline_region")
def test_a_client_in_us_east_1_signs_an_eu_west_1_api_for_eu_west_1() -> None:
    target = deployed_target(EU_URL)
    assert target.region == "eu-west-1"
    assert target.auth.region == "eu-west-1"


@pytest.mark.usefixtures("pipeline_region")
def test_a_signed_request_is_scoped_to_the_apis_region() -> None:
    request = requests.Request("GET", f"{EU_URL}/items").prepare()
    signed = deployed_target(EU_URL).auth(request)
    assert "/eu-west-1/execute-api/aws4_request" in signed.headers["Authorization"]


@pytest.mark.usefixtures("pipeline_region")
def test_a_custom_domain_takes_api_region_before_the_callers_region(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("API_REGION", "eu-west-1")
    assert region_for("https://items.example.com/prod") == "eu-west-1"
    monkeypatch.delenv("API_REGION")
    assert region_for("https://items.example.com/prod") == "us-east-1"


def test_a_custom_domain_without_any_region_is_an_error_naming_api_region(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("API_REGION", "AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(TargetConfigError, match="API_REGION"):
        region_for("https://items.example.com/prod")
