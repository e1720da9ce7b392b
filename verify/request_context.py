"""Condition keys the calls for a resource carry that its own properties decide: the boundary a role is created
and changed with, the principal a function permission admits, a subscription's protocol and endpoint, and the tags
an API Gateway child inherits.

API Gateway documents that the children of a REST API (resources, methods, stages, deployments, ...) inherit its
tags for attribute-based access control, so their calls carry the API's tags as aws:ResourceTag.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from cloudformation import as_list, referenced_ids
from verify.names import StackNames

Context = dict[str, tuple[str, ...]]


def _strings(names: StackNames, raw: Any, where: str) -> tuple[str, ...]:
    return tuple(str(value) for value in as_list(names.resolve(raw, where)) if value is not None)


def _role_boundary(names: StackNames, logical_id: str) -> Context:
    """iam:PermissionsBoundary: the boundary the role is created with and keeps (absent without one)."""
    boundary = names.properties(logical_id).get("PermissionsBoundary")
    return {"iam:PermissionsBoundary": _strings(names, boundary, logical_id)} if boundary else {}


def _policy_roles_boundary(names: StackNames, logical_id: str) -> Context:
    """iam:PermissionsBoundary of the roles an inline policy is put on (PutRolePolicy checks the role's)."""
    found: list[str] = []
    for role in referenced_ids(names.properties(logical_id).get("Roles")):
        if names.resources.get(role, {}).get("Type") == "AWS::IAM::Role":
            found += _role_boundary(names, role).get("iam:PermissionsBoundary", ())
    return {"iam:PermissionsBoundary": tuple(dict.fromkeys(found))} if found else {}


def _function_permission(names: StackNames, logical_id: str) -> Context:
    """lambda:Principal and lambda:FunctionUrlAuthType of an AddPermission call, from the permission's properties."""
    properties = names.properties(logical_id)
    context = {"lambda:Principal": _strings(names, properties.get("Principal"), logical_id)}
    if "FunctionUrlAuthType" in properties:
        context["lambda:FunctionUrlAuthType"] = _strings(names, properties["FunctionUrlAuthType"], logical_id)
    return context


def _subscription(names: StackNames, logical_id: str) -> Context:
    """sns:Protocol and sns:Endpoint of a Subscribe call, from the subscription's properties."""
    properties = names.properties(logical_id)
    return {
        f"sns:{key}": _strings(names, properties[key], logical_id)
        for key in ("Protocol", "Endpoint")
        if key in properties
    }


def _rest_api_of(names: StackNames, logical_id: str) -> str | None:
    """The template's REST API a resource belongs to: through RestApiId, or through the stage a ResourceArn names."""
    properties = names.properties(logical_id)
    for raw in (properties.get("RestApiId"), properties.get("ResourceArn")):
        for ref in referenced_ids(raw):
            kind = names.resources.get(ref, {}).get("Type")
            if kind == "AWS::ApiGateway::RestApi":
                return ref
            if kind == "AWS::ApiGateway::Stage":
                return _rest_api_of(names, ref)
    return None


def _tags(names: StackNames, logical_id: str) -> Iterator[tuple[str, str]]:
    for tag in as_list(names.properties(logical_id).get("Tags")):
        if isinstance(tag, dict) and "Key" in tag:
            yield str(tag["Key"]), str(names.resolve(tag.get("Value"), logical_id))


def _inherited_api_tags(names: StackNames, logical_id: str) -> Context:
    """aws:ResourceTag/<key> of the REST API whose child this is (API Gateway's tag inheritance)."""
    api = _rest_api_of(names, logical_id)
    return {} if api is None else {f"aws:ResourceTag/{key}": (value,) for key, value in _tags(names, api)}


API_CHILDREN = (
    "AWS::ApiGateway::Resource", "AWS::ApiGateway::Method", "AWS::ApiGateway::Deployment",
    "AWS::ApiGateway::Stage", "AWS::ApiGateway::RequestValidator", "AWS::ApiGateway::GatewayResponse",
    "AWS::ApiGateway::Model", "AWS::ApiGateway::Authorizer", "AWS::WAFv2::WebACLAssociation",
)  # fmt: skip
PROPERTY_CONTEXT: dict[str, Callable[[StackNames, str], Context]] = {
    "AWS::IAM::Role": _role_boundary,
    "AWS::IAM::Policy": _policy_roles_boundary,
    "AWS::Lambda::Permission": _function_permission,
    "AWS::SNS::Subscription": _subscription,
    **dict.fromkeys(API_CHILDREN, _inherited_api_tags),
}
