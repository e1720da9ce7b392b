"""LP6: every REST method but OPTIONS declares an authorization type."""

from __future__ import annotations

import pytest
from aws_cdk import aws_apigateway as apigateway

LP6 = "LeastPrivilege-LP6"


def _api(scope, authorization: apigateway.AuthorizationType | None) -> apigateway.RestApi:
    options = apigateway.MethodOptions(authorization_type=authorization) if authorization else None
    api = apigateway.RestApi(
        scope,
        "Api",
        cloud_watch_role=False,
        default_method_options=options,
        default_cors_preflight_options=apigateway.CorsOptions(allow_origins=["https://example.com"]),
    )
    api.root.add_resource("items").add_method("GET", apigateway.MockIntegration())
    return api


@pytest.fixture(scope="module")
def report(nag_app, case_stack, synth):
    _api(case_stack("Signed"), apigateway.AuthorizationType.IAM)
    _api(case_stack("Open"), None)
    return synth(nag_app)


def test_methods_with_iam_authorization_pass(report):
    assert report.rule_findings_under("Signed", "LP6") == set()


def test_method_without_authorization_is_reported(report):
    assert (LP6, "Open/Api/Default/items/GET/Resource") in report.violations


def test_cors_preflight_without_authorization_passes(report):
    assert report.rule_findings_under("Open/Api/Default/items/OPTIONS", "LP6") == set()
