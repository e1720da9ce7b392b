"""cdk-nag findings on the service stack that code cannot fix, each acknowledged on its construct with its reason.

Ids are exactly as the synth report prints them; several embed the account or a logical id, so they
are built from the stack rather than written out.
"""

from __future__ import annotations

from aws_cdk import Acknowledgment, Stack, Validations
from constructs import IConstruct
from items_api import names

from configuration import EnvironmentConfig
from stages.constructs.api import ItemsApi, execute_api_path
from stages.constructs.function import ItemsFunction

AWS_SOLUTIONS = "AwsSolutions::AwsSolutions-"


def _acknowledge(construct: IConstruct, rule: str, reason: str) -> None:
    Validations.of(construct).acknowledge(Acknowledgment(id=f"{AWS_SOLUTIONS}{rule}", reason=reason))


def acknowledge_service_findings(
    stack: Stack, *, compute: ItemsFunction, api: ItemsApi, environment: EnvironmentConfig
) -> None:
    """Acknowledge the service stack's remaining AwsSolutions findings, one finding at a time."""
    _acknowledge(
        compute.role.node.find_child("DefaultPolicy"),
        "IAM5[Resource::*]",
        "Only xray:PutTraceSegments and xray:PutTelemetryRecords use Resource '*': X-Ray has no resource-level "
        "permissions for them. Every DynamoDB and Logs action is scoped to this stage's tables and log group.",
    )
    _acknowledge(
        api.api.node.default_child,
        "APIG2",
        "API Gateway validates the request parameters (RequestValidator 'Parameters'); body validation lives in the "
        "function so the API has one error contract (400/413/415/422 with one JSON shape) locally and deployed.",
    )
    if not environment.waf_enabled:
        _acknowledge(
            api.api.deployment_stage.node.default_child,
            "APIG3",
            f"wafEnabled is false for {environment.name} in cdk.json: every method but OPTIONS requires SigV4 "
            "(AWS_IAM) and the stage is throttled, but no web ACL limits floods per client IP.",
        )
    for method in api.methods:
        _acknowledge(
            method.node.default_child,
            "COG4",
            "Callers are AWS principals authorized with SigV4 (AWS_IAM), not Cognito users.",
        )
    _acknowledge_test_role(stack, api)


def _acknowledge_test_role(stack: Stack, api: ItemsApi) -> None:
    """The test role's ARNs end in `*` only where the route has a path parameter ({id})."""
    api_id = stack.get_logical_id(api.api.node.default_child)
    role = stack.node.find_child("ApiTestRole")
    for path, methods in names.ROUTES.items():
        if "{" not in path:
            continue
        for method in methods:
            route = f"{api.stage_name}/{method}{execute_api_path(path)}"
            arn = f"arn:aws:execute-api:{stack.region}:{stack.account}:<{api_id}>/{route}"
            _acknowledge(
                role.node.find_child("DefaultPolicy"),
                f"IAM5[Resource::{arn}]",
                f"{method} {path} of this API and stage only: the trailing '*' stands for the item id path parameter.",
            )
