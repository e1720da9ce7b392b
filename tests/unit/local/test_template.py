"""Reading the synthesized stage: routes, integrations, CORS, stage variables, functions and tables."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from cloudformation import Resolver, StackEnvironment, TemplateError, find_stage_stack
from local.template.api import MappedHeader, MockIntegration, ProxyIntegration, read_api
from local.template.service import ServiceTemplate, read_function
from tests.unit.local.fixtures.service_app import HANDLER_ASSET

ENVIRONMENT = StackEnvironment(stack_name="fixture-dev", account="222222222222", region="us-east-1")


@pytest.fixture
def template(assembly: Path) -> dict[str, Any]:
    """A private copy of the synthesized service template, for tests that change it."""
    return copy.deepcopy(find_stage_stack(assembly, "dev")[1])


def _logical_id(template: dict[str, Any], kind: str) -> str:
    return next(key for key, value in template["Resources"].items() if value["Type"] == kind)


def _methods(template: dict[str, Any], http_method: str) -> list[dict[str, Any]]:
    return [
        resource["Properties"]
        for resource in template["Resources"].values()
        if resource["Type"] == "AWS::ApiGateway::Method" and resource["Properties"]["HttpMethod"] == http_method
    ]


def test_routes_are_the_full_paths_of_the_resource_tree(service: ServiceTemplate) -> None:
    assert set(service.api.routes) == {"/", "/items", "/items/{id}", "/search", "/public", "/public/{proxy+}"}


def test_methods_of_each_route_come_from_the_template(service: ServiceTemplate) -> None:
    assert set(service.api.routes["/items"]) == {"GET", "POST", "OPTIONS"}
    assert set(service.api.routes["/items/{id}"]) == {"GET", "PUT", "DELETE", "OPTIONS"}


def test_iam_methods_and_open_preflight(service: ServiceTemplate) -> None:
    methods = service.api.routes["/items"]

    assert methods["POST"].authorization == "AWS_IAM"
    assert methods["OPTIONS"].authorization == "NONE"


def test_proxy_integration_targets_the_function_through_the_stage_variable(service: ServiceTemplate) -> None:
    integration = service.api.routes["/items/{id}"]["GET"].integration

    assert isinstance(integration, ProxyIntegration)
    assert integration.function_id in service.functions
    assert integration.qualifier == "${stageVariables.lambdaAlias}"
    assert integration.resolved_qualifier(service.api.stage_variables) == "live"


def test_stage_variables_come_from_the_stage(service: ServiceTemplate) -> None:
    assert service.api.stage_variables == {"environment": "dev", "lambdaAlias": "live"}


def test_preflight_is_the_options_mock_integration(service: ServiceTemplate) -> None:
    preflight = service.api.routes["/items"]["OPTIONS"].integration

    assert isinstance(preflight, MockIntegration)
    assert preflight.status == 204
    assert MappedHeader("Access-Control-Allow-Origin", literal="*") in preflight.headers
    assert MappedHeader("Access-Control-Allow-Methods", literal="GET,POST,PUT,DELETE,OPTIONS") in preflight.headers


def test_gateway_responses_carry_their_headers(service: ServiceTemplate) -> None:
    default_4xx = service.api.gateway_responses["DEFAULT_4XX"]

    assert MappedHeader("Access-Control-Allow-Origin", literal="*") in default_4xx.headers


def test_validated_required_parameters_are_read(service: ServiceTemplate) -> None:
    assert service.api.routes["/search"]["GET"].required_parameters == ("querystring.q",)
    assert service.api.routes["/items"]["GET"].required_parameters == ()


def test_function_handler_timeout_and_memory(service: ServiceTemplate) -> None:
    (function,) = service.functions.values()

    assert function.handler == "fixture_api.handler.lambda_handler"
    assert (function.timeout_seconds, function.memory_mb) == (2, 256)
    assert function.name == f"fixture-dev-{function.logical_id}"


def test_function_code_is_the_asset_copied_into_the_assembly(service: ServiceTemplate, assembly: Path) -> None:
    (function,) = service.functions.values()

    assert function.code_dir.parent == assembly.resolve()
    assert function.code_dir.name.startswith("asset.")
    assert (function.code_dir / "fixture_api" / "handler.py").read_text() == (
        HANDLER_ASSET / "fixture_api" / "handler.py"
    ).read_text()


def test_function_environment_refs_resolve_to_local_table_names(service: ServiceTemplate) -> None:
    (function,) = service.functions.values()
    items_table = next(table for table in service.tables.values() if "Items" in table.logical_id)

    assert function.environment["TABLE_NAME"] == items_table.name
    assert function.environment["TABLE_ARN"] == f"arn:aws:dynamodb:us-east-1:222222222222:table/{items_table.name}"
    assert function.environment["ENVIRONMENT"] == "dev"


def test_tables_keep_key_schema_indexes_and_billing(service: ServiceTemplate) -> None:
    items = next(table for table in service.tables.values() if "Items" in table.logical_id)
    request = items.create_request

    assert request["KeySchema"] == [{"AttributeName": "itemId", "KeyType": "HASH"}]
    assert request["BillingMode"] == "PROVISIONED"
    assert request["ProvisionedThroughput"] == {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
    assert [index["IndexName"] for index in request["GlobalSecondaryIndexes"]] == ["byName"]


def test_on_demand_table_with_ttl(service: ServiceTemplate) -> None:
    idempotency = next(table for table in service.tables.values() if "Idempotency" in table.logical_id)

    assert idempotency.create_request["BillingMode"] == "PAY_PER_REQUEST"
    assert "ProvisionedThroughput" not in idempotency.create_request
    assert idempotency.ttl_attribute == "expiration"


def test_asset_is_found_from_the_s3_key_without_metadata(template: dict[str, Any], assembly: Path) -> None:
    function_id = _logical_id(template, "AWS::Lambda::Function")
    template["Resources"][function_id].pop("Metadata")
    template_dir = find_stage_stack(assembly, "dev")[0].directory

    function = read_function(Resolver(template, ENVIRONMENT), function_id, template_dir)

    assert (function.code_dir / "fixture_api").is_dir()


def test_unresolvable_environment_value_names_the_variable(template: dict[str, Any], assembly: Path) -> None:
    function_id = _logical_id(template, "AWS::Lambda::Function")
    template["Resources"][function_id]["Properties"]["Environment"]["Variables"]["SHARED"] = {"Fn::ImportValue": "x"}
    template_dir = find_stage_stack(assembly, "dev")[0].directory

    with pytest.raises(TemplateError, match=rf"Resources.{function_id}.Properties.Environment.Variables.SHARED"):
        read_function(Resolver(template, ENVIRONMENT), function_id, template_dir)


def test_integration_uri_through_an_alias_resource(template: dict[str, Any]) -> None:
    alias_id = _logical_id(template, "AWS::Lambda::Alias")
    for method in _methods(template, "POST"):
        method["Integration"]["Uri"] = {"Fn::Join": ["", ["arn:aws:apigateway:", {"Ref": alias_id}, "/invocations"]]}

    integration = read_api(Resolver(template, ENVIRONMENT), "dev").routes["/items"]["POST"].integration

    assert integration == ProxyIntegration(function_id=_logical_id(template, "AWS::Lambda::Function"), qualifier="live")


def test_integration_uri_without_a_function_is_an_error(template: dict[str, Any]) -> None:
    for method in _methods(template, "POST"):
        method["Integration"]["Uri"] = "arn:aws:apigateway:us-east-1:lambda:path/functions/arn:aws:lambda:x/invocations"

    with pytest.raises(TemplateError, match=r"Integration.Uri: does not point at a Lambda function of this stack"):
        read_api(Resolver(template, ENVIRONMENT), "dev")


def test_unknown_stage_variable_in_uri_is_an_error(template: dict[str, Any]) -> None:
    stage_id = _logical_id(template, "AWS::ApiGateway::Stage")
    del template["Resources"][stage_id]["Properties"]["Variables"]["lambdaAlias"]

    with pytest.raises(TemplateError, match="stage variable 'lambdaAlias'"):
        read_api(Resolver(template, ENVIRONMENT), "dev")


def test_http_integrations_are_refused_with_the_key(template: dict[str, Any]) -> None:
    for method in _methods(template, "DELETE"):
        method["Integration"] = {"Type": "HTTP_PROXY", "Uri": "https://example.com"}

    with pytest.raises(TemplateError, match=r"Integration.Type: HTTP_PROXY integrations are not served locally"):
        read_api(Resolver(template, ENVIRONMENT), "dev")


def test_preflight_with_several_origins_echoes_the_listed_ones(template: dict[str, Any]) -> None:
    vtl = (
        '#set($origin = $input.params().header.get("Origin"))\n#if($origin == "https://b.example")\n'
        "  #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)\n#end"
    )
    for method in _methods(template, "OPTIONS"):
        method["Integration"]["IntegrationResponses"][0]["ResponseTemplates"] = {"application/json": vtl}

    preflight = read_api(Resolver(template, ENVIRONMENT), "dev").routes["/items"]["OPTIONS"].integration

    assert isinstance(preflight, MockIntegration)
    assert preflight.echo_origins == ("https://b.example",)
    assert preflight.body == ""
