"""Read one REST API stage from a template: routes, methods and their integrations, CORS preflight, gateway responses.

Only what the local gateway can reproduce faithfully is accepted (AWS_PROXY to a function of the same stack,
MOCK responses, NONE and AWS_IAM authorization); anything else stops with a TemplateError naming the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from cloudformation import Resolver, TemplateError, sub_pieces, target_of

STAGE_VARIABLE = re.compile(r"^\$\{stageVariables\.([A-Za-z0-9_]+)\}$")
CDK_PREFLIGHT_ORIGIN = re.compile(r'\$origin == "([^"]*)"')
ORIGIN_OVERRIDE = "responseOverride.header.Access-Control-Allow-Origin"
SUPPORTED_AUTHORIZATION = ("NONE", "AWS_IAM")
LAMBDA_TARGETS = ("AWS::Lambda::Function", "AWS::Lambda::Alias", "AWS::Lambda::Version")
ROOT = "/"


@dataclass(frozen=True)
class MappedHeader:
    """A response header whose value is a literal (`'value'`) or copied from a request header."""

    name: str
    literal: str | None = None
    request_header: str | None = None


@dataclass(frozen=True)
class ProxyIntegration:
    """AWS_PROXY to a function of the stack; `qualifier` is an alias name or `${stageVariables.x}`."""

    function_id: str
    qualifier: str | None = None

    def resolved_qualifier(self, stage_variables: dict[str, str]) -> str | None:
        match = STAGE_VARIABLE.match(self.qualifier or "")
        return stage_variables.get(match.group(1)) if match else self.qualifier


@dataclass(frozen=True)
class MockIntegration:
    """A MOCK integration's fixed answer; `echo_origins` are the extra origins of CDK's preflight template."""

    status: int
    headers: tuple[MappedHeader, ...]
    body: str = ""
    echo_origins: tuple[str, ...] = ()


@dataclass(frozen=True)
class Method:
    logical_id: str
    http_method: str
    resource_path: str
    authorization: str
    integration: ProxyIntegration | MockIntegration
    required_parameters: tuple[str, ...] = ()
    """`querystring.x`, `header.x`, `path.x` that a request validator requires."""


@dataclass(frozen=True)
class GatewayResponse:
    response_type: str
    status: int | None
    headers: tuple[MappedHeader, ...]
    template: str | None


@dataclass(frozen=True)
class RestApiStage:
    """Everything the local gateway serves for one stage."""

    logical_id: str
    api_id: str
    name: str
    stage_name: str
    stage_variables: dict[str, str]
    routes: dict[str, dict[str, Method]]
    gateway_responses: dict[str, GatewayResponse] = field(default_factory=dict)
    binary_media_types: tuple[str, ...] = ()


def _of_api(resolver: Resolver, kind: str, api_id: str) -> dict[str, dict[str, Any]]:
    return {
        logical_id: resource.get("Properties", {})
        for logical_id, resource in resolver.resources.items()
        if resource.get("Type") == kind and target_of(resource.get("Properties", {}).get("RestApiId")) == api_id
    }


def _resource_paths(resolver: Resolver, api_id: str) -> dict[str, str]:
    """Logical id of each API resource (and of the API itself, the root) -> full path template."""
    resources = _of_api(resolver, "AWS::ApiGateway::Resource", api_id)
    paths: dict[str, str] = {api_id: ROOT}

    def path_of(logical_id: str, seen: tuple[str, ...] = ()) -> str:
        if logical_id in paths:
            return paths[logical_id]
        if logical_id not in resources or logical_id in seen:
            raise TemplateError(f"Resources.{logical_id}", "is not a resource of the API (or its parents form a cycle)")
        properties = resources[logical_id]
        parent = path_of(target_of(properties.get("ParentId")) or "", (*seen, logical_id))
        paths[logical_id] = parent.rstrip("/") + "/" + str(properties["PathPart"])
        return paths[logical_id]

    for logical_id in resources:
        path_of(logical_id)
    return paths


def _uri_parts(uri: Any) -> list[Any]:
    """Flatten an integration Uri (string, Fn::Join, Fn::Sub) into literal strings and Ref/GetAtt parts."""
    if isinstance(uri, str):
        return [uri]
    if isinstance(uri, dict) and "Fn::Join" in uri:
        return [part for item in uri["Fn::Join"][1] for part in _uri_parts(item)]
    if isinstance(uri, dict) and "Fn::Sub" in uri:
        return sub_pieces(uri["Fn::Sub"])
    return [uri]


def _proxy_integration(
    resolver: Resolver, method_id: str, uri: Any, stage_variables: dict[str, str]
) -> ProxyIntegration:
    where = f"Resources.{method_id}.Properties.Integration.Uri"
    parts = _uri_parts(uri)
    for index, part in enumerate(parts):
        target = target_of(part)
        if target is None or resolver.resources.get(target, {}).get("Type") not in LAMBDA_TARGETS:
            continue
        suffix = "".join(item for item in parts[index + 1 :] if isinstance(item, str)).split("/invocations")[0]
        qualifier = suffix.removeprefix(":") or None
        kind = resolver.resources[target]["Type"]
        if kind != "AWS::Lambda::Function":
            alias = resolver.properties(target)
            function_id = target_of(alias.get("FunctionName"))
            if function_id is None or resolver.resources.get(function_id, {}).get("Type") != "AWS::Lambda::Function":
                raise TemplateError(where, f"{target} ({kind}) does not name a function of this stack")
            qualifier = str(resolver.resolve(alias["Name"], where)) if kind == "AWS::Lambda::Alias" else None
            target = function_id
        variable = STAGE_VARIABLE.match(qualifier or "")
        if variable and variable.group(1) not in stage_variables:
            raise TemplateError(where, f"uses stage variable {variable.group(1)!r}, which the stage does not define")
        return ProxyIntegration(function_id=target, qualifier=qualifier)
    raise TemplateError(where, "does not point at a Lambda function of this stack")


def _mapped_headers(parameters: dict[str, Any], prefix: str) -> tuple[MappedHeader, ...]:
    headers = []
    for key, value in parameters.items():
        if not key.startswith(prefix) or not isinstance(value, str):
            continue
        name = key.removeprefix(prefix)
        if len(value) >= 2 and value.startswith("'") and value.endswith("'"):
            headers.append(MappedHeader(name, literal=value[1:-1]))
        elif value.startswith("method.request.header."):
            headers.append(MappedHeader(name, request_header=value.removeprefix("method.request.header.")))
    return tuple(headers)


def _mock_integration(method_id: str, integration: dict[str, Any]) -> MockIntegration:
    responses = integration.get("IntegrationResponses") or [{"StatusCode": "200"}]
    response = next((item for item in responses if not item.get("SelectionPattern")), responses[0])
    template = (response.get("ResponseTemplates") or {}).get("application/json") or ""
    origins: tuple[str, ...] = ()
    if ORIGIN_OVERRIDE in template:
        origins, template = tuple(CDK_PREFLIGHT_ORIGIN.findall(template)), ""
    elif "$" in template or "#" in template:
        raise TemplateError(
            f"Resources.{method_id}.Properties.Integration.IntegrationResponses",
            "mapping templates are not served locally",
        )
    headers = _mapped_headers(response.get("ResponseParameters") or {}, "method.response.header.")
    return MockIntegration(status=int(response["StatusCode"]), headers=headers, body=template, echo_origins=origins)


def _method(resolver: Resolver, method_id: str, path: str, stage_variables: dict[str, str]) -> Method:
    properties = resolver.properties(method_id)
    where = f"Resources.{method_id}.Properties"
    authorization = properties.get("AuthorizationType", "NONE")
    if authorization not in SUPPORTED_AUTHORIZATION:
        raise TemplateError(
            f"{where}.AuthorizationType", f"{authorization} is not served locally (only NONE and AWS_IAM)"
        )
    integration = properties.get("Integration") or {}
    kind = integration.get("Type")
    if kind == "AWS_PROXY":
        target: ProxyIntegration | MockIntegration = _proxy_integration(
            resolver, method_id, integration.get("Uri"), stage_variables
        )
    elif kind == "MOCK":
        target = _mock_integration(method_id, integration)
    else:
        raise TemplateError(
            f"{where}.Integration.Type", f"{kind} integrations are not served locally (only AWS_PROXY and MOCK)"
        )
    return Method(
        method_id,
        str(properties["HttpMethod"]).upper(),
        path,
        authorization,
        target,
        _required_parameters(resolver, properties),
    )


def _required_parameters(resolver: Resolver, method: dict[str, Any]) -> tuple[str, ...]:
    """Parameters API Gateway rejects the request without, when the method's validator checks parameters."""
    validator = target_of(method.get("RequestValidatorId"))
    if validator is None or not resolver.properties(validator).get("ValidateRequestParameters"):
        return ()
    parameters = method.get("RequestParameters") or {}
    return tuple(name.removeprefix("method.request.") for name, required in parameters.items() if required is True)


def _gateway_responses(resolver: Resolver, api_id: str) -> dict[str, GatewayResponse]:
    responses = {}
    for properties in _of_api(resolver, "AWS::ApiGateway::GatewayResponse", api_id).values():
        kind = str(properties["ResponseType"])
        status = properties.get("StatusCode")
        responses[kind] = GatewayResponse(
            response_type=kind,
            status=int(status) if status is not None else None,
            headers=_mapped_headers(properties.get("ResponseParameters") or {}, "gatewayresponse.header."),
            template=(properties.get("ResponseTemplates") or {}).get("application/json"),
        )
    return responses


def _stage(resolver: Resolver, stage_name: str) -> tuple[str, dict[str, Any]]:
    for logical_id, resource in resolver.resources.items():
        properties = resource.get("Properties", {})
        if resource.get("Type") == "AWS::ApiGateway::Stage" and properties.get("StageName") == stage_name:
            return logical_id, properties
    raise TemplateError("Resources", f"no AWS::ApiGateway::Stage named {stage_name!r}")


def read_api(resolver: Resolver, stage_name: str) -> RestApiStage:
    """The REST API stage called `stage_name`, with its routes and responses."""
    stage_id, stage = _stage(resolver, stage_name)
    api_id = target_of(stage.get("RestApiId"))
    if api_id is None or resolver.resources.get(api_id, {}).get("Type") != "AWS::ApiGateway::RestApi":
        raise TemplateError(f"Resources.{stage_id}.Properties.RestApiId", "does not refer to a RestApi of this stack")
    api = resolver.properties(api_id)
    if "Body" in api or "BodyS3Location" in api:
        raise TemplateError(
            f"Resources.{api_id}.Properties.Body", "APIs defined by an OpenAPI body are not served locally"
        )
    variables = {
        key: str(value)
        for key, value in resolver.resolve(
            stage.get("Variables") or {}, f"Resources.{stage_id}.Properties.Variables"
        ).items()
    }
    paths = _resource_paths(resolver, api_id)
    routes: dict[str, dict[str, Method]] = {}
    for method_id, properties in _of_api(resolver, "AWS::ApiGateway::Method", api_id).items():
        path = paths.get(target_of(properties.get("ResourceId")) or "")
        if path is None:
            raise TemplateError(f"Resources.{method_id}.Properties.ResourceId", "is not a resource of the API")
        method = _method(resolver, method_id, path, variables)
        routes.setdefault(path, {})[method.http_method] = method
    return RestApiStage(
        logical_id=api_id,
        api_id=resolver.api_id(api_id),
        name=str(api.get("Name", api_id)),
        stage_name=stage_name,
        stage_variables=variables,
        routes=routes,
        gateway_responses=_gateway_responses(resolver, api_id),
        binary_media_types=tuple(api.get("BinaryMediaTypes") or ()),
    )
