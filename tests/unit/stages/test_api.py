"""The REST API: routes, SigV4, CORS, stage settings, the alias integration and the test role."""

from __future__ import annotations

import json

import pytest
from aws_cdk.assertions import Match, Template
from items_api import names


def _methods(template: Template) -> list[dict]:
    return [m["Properties"] for m in template.find_resources("AWS::ApiGateway::Method").values()]


def _stage(template: Template) -> dict:
    return next(iter(template.find_resources("AWS::ApiGateway::Stage").values()))["Properties"]


def test_api_is_regional(templates, env_name):
    templates[env_name].has_resource_properties(
        "AWS::ApiGateway::RestApi", {"EndpointConfiguration": {"Types": ["REGIONAL"]}}
    )


def test_routes_are_items_get_post_and_item_get_put_delete(templates, env_name):
    methods = sorted(m["HttpMethod"] for m in _methods(templates[env_name]) if m["HttpMethod"] != "OPTIONS")
    assert methods == ["DELETE", "GET", "GET", "POST", "PUT"]
    paths = {
        r["Properties"]["PathPart"] for r in templates[env_name].find_resources("AWS::ApiGateway::Resource").values()
    }
    assert paths == {"items", "{id}"}


def test_every_method_but_options_requires_sigv4(templates, env_name):
    for method in _methods(templates[env_name]):
        expected = "NONE" if method["HttpMethod"] == "OPTIONS" else "AWS_IAM"
        assert method["AuthorizationType"] == expected


def test_methods_invoke_the_alias_named_by_the_stage_variable(templates, env_name):
    for method in _methods(templates[env_name]):
        if method["HttpMethod"] == "OPTIONS":
            continue
        integration = method["Integration"]
        assert integration["Type"] == "AWS_PROXY"
        assert ":${stageVariables.lambdaAlias}/invocations" in json.dumps(integration["Uri"])


def test_api_gateway_validates_request_parameters(templates, env_name):
    templates[env_name].has_resource_properties(
        "AWS::ApiGateway::RequestValidator", {"ValidateRequestParameters": True}
    )
    item_methods = [m for m in _methods(templates[env_name]) if m["HttpMethod"] in ("GET", "PUT", "DELETE")]
    assert any(m.get("RequestParameters", {}).get("method.request.path.id") is True for m in item_methods)


def test_preflight_allows_any_origin_the_methods_and_the_headers(templates, env_name):
    options = [m for m in _methods(templates[env_name]) if m["HttpMethod"] == "OPTIONS"]
    assert len(options) == 3  # root, /items, /items/{id}
    headers = options[0]["Integration"]["IntegrationResponses"][0]["ResponseParameters"]
    assert headers["method.response.header.Access-Control-Allow-Origin"] == "'*'"
    for method in names.CORS_ALLOW_METHODS:
        assert method in headers["method.response.header.Access-Control-Allow-Methods"]
    for header in names.CORS_ALLOW_HEADERS:
        assert header in headers["method.response.header.Access-Control-Allow-Headers"]


BROWSER_SIGNER_HEADERS = ("X-Amz-Content-Sha256", "X-Amz-User-Agent", "X-Amz-Date", "Authorization")
READABLE_RESPONSE_HEADERS = {"etag", "location", "retry-after", "x-amzn-requestid"}


def _header_list(value: str) -> set[str]:
    """A literal CloudFormation header value (`'A,B'`) as a set of lower-cased names."""
    return {name.strip().lower() for name in value.strip("'").split(",")}


def _preflights(template: Template) -> list[dict]:
    return [
        m["Integration"]["IntegrationResponses"][0]["ResponseParameters"]
        for m in _methods(template)
        if m["HttpMethod"] == "OPTIONS"
    ]


def test_preflight_allows_the_headers_browser_signers_add(templates, env_name):
    for headers in _preflights(templates[env_name]):
        allowed = _header_list(headers["method.response.header.Access-Control-Allow-Headers"])
        assert {name.lower() for name in BROWSER_SIGNER_HEADERS} <= allowed


def test_every_preflight_is_cached_for_two_hours_the_most_chromium_honours(templates, env_name):
    max_ages = [
        headers.get("method.response.header.Access-Control-Max-Age") for headers in _preflights(templates[env_name])
    ]
    assert max_ages == ["'7200'"] * 3


@pytest.mark.parametrize("response_type", ["DEFAULT_4XX", "DEFAULT_5XX"])
def test_gateway_errors_carry_cors_headers(templates, env_name, response_type):
    templates[env_name].has_resource_properties(
        "AWS::ApiGateway::GatewayResponse",
        {
            "ResponseType": response_type,
            "ResponseParameters": Match.object_like({"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"}),
        },
    )


@pytest.mark.parametrize("response_type", ["DEFAULT_4XX", "DEFAULT_5XX"])
def test_gateway_errors_expose_the_headers_browsers_must_read(templates, env_name, response_type):
    responses = templates[env_name].find_resources(
        "AWS::ApiGateway::GatewayResponse", {"Properties": {"ResponseType": response_type}}
    )
    (response,) = responses.values()
    exposed = response["Properties"]["ResponseParameters"]["gatewayresponse.header.Access-Control-Expose-Headers"]
    assert _header_list(exposed) >= READABLE_RESPONSE_HEADERS


def test_stage_is_named_after_the_environment_with_its_variables(templates, env_name):
    stage = _stage(templates[env_name])
    assert stage["StageName"] == env_name
    assert stage["Variables"] == {"environment": env_name, "lambdaAlias": "live"}


def test_stage_has_json_access_logs_tracing_and_detailed_metrics(templates, env_name):
    stage = _stage(templates[env_name])
    assert "DestinationArn" in stage["AccessLogSetting"]
    assert json.loads(stage["AccessLogSetting"]["Format"])["requestId"] == "$context.requestId"
    assert stage["TracingEnabled"] is True
    assert stage["MethodSettings"][0]["MetricsEnabled"] is True


def test_execution_logging_and_data_trace_per_environment(templates):
    expected = {"dev": ("INFO", True), "prod": ("ERROR", False)}
    for env_name, (level, data_trace) in expected.items():
        settings = _stage(templates[env_name])["MethodSettings"][0]
        assert settings["LoggingLevel"] == level
        assert settings["DataTraceEnabled"] is data_trace


def test_throttling_per_environment(templates, config):
    expected = {name: (env.api_rate_limit, env.api_burst_limit) for name, env in config.environments.items()}
    for env_name, (rate, burst) in expected.items():
        settings = _stage(templates[env_name])["MethodSettings"][0]
        assert (settings["ThrottlingRateLimit"], settings["ThrottlingBurstLimit"]) == (rate, burst)


def test_the_account_wide_api_gateway_logging_role_is_left_to_bootstrap(templates, env_name):
    # AWS::ApiGateway::Account is one setting per account and region: a stack that owns it overwrites it and,
    # when deleted, leaves it pointing at a deleted role. make bootstrap sets it once, retained.
    templates[env_name].resource_count_is("AWS::ApiGateway::Account", 0)
    stage = next(iter(templates[env_name].find_resources("AWS::ApiGateway::Stage").values()))
    assert "AccessLogSetting" in stage["Properties"]


def test_api_test_role_trusts_only_the_pipeline_test_runner_and_invokes_only_this_api(templates, config, env_name):
    template = templates[env_name]
    role_name = f"{config.project}-{env_name}-api-test"
    runner = f"{config.project}-{env_name}-api-test-runner"
    roles = template.find_resources("AWS::IAM::Role", {"Properties": {"RoleName": role_name}})
    assert len(roles) == 1
    role_id, role = next(iter(roles.items()))
    trust = json.dumps(role["Properties"]["AssumeRolePolicyDocument"])
    assert config.pipeline_account in trust
    assert f"role/{runner}" in trust
    assert "aws:PrincipalArn" in trust
    policies = [
        p for p in template.find_resources("AWS::IAM::Policy").values() if {"Ref": role_id} in p["Properties"]["Roles"]
    ]
    statements = [s for p in policies for s in p["Properties"]["PolicyDocument"]["Statement"]]
    assert [s["Action"] for s in statements] == ["execute-api:Invoke"]
    resources = json.dumps(statements[0]["Resource"])
    assert f"/{env_name}/GET/items" in resources
    assert "/*/*" not in resources


def test_a_throttled_function_is_a_503_with_retry_after_not_a_500(templates, env_name):
    templates[env_name].has_resource_properties(
        "AWS::ApiGateway::GatewayResponse",
        {
            "ResponseType": "INTEGRATION_FAILURE",
            "StatusCode": "503",
            "ResponseParameters": Match.object_like({"gatewayresponse.header.Retry-After": "'1'"}),
        },
    )
