"""The bootstrap templates (`bootstrap/`) resolved for one target environment, as `make bootstrap` deploys them."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from configuration import role_boundary_name
from verify.assembly import DeployedStack
from verify.names import StackNames
from verify.roles import role_of, role_permissions

BOOTSTRAP_DIR = Path(__file__).resolve().parent.parent / "bootstrap"
EXECUTION_POLICY_TEMPLATE = BOOTSTRAP_DIR / "cfn-execution-policy.json"
BOUNDARY_TEMPLATE = BOOTSTRAP_DIR / "role-boundary.json"
READER_TEMPLATE = BOOTSTRAP_DIR / "stack-reader-role.json"
DRIFT_READER_TEMPLATE = BOOTSTRAP_DIR / "drift-reader-role.json"


def bootstrap_stack(template_path: Path, *, stack_name: str, account: str, region: str) -> DeployedStack:
    return DeployedStack(
        artifact_id=template_path.stem,
        stack_name=stack_name,
        account=account,
        region=region,
        template_path=template_path,
        template=json.loads(template_path.read_text()),
    )


def resolved_documents(
    stack: DeployedStack, resource_type: str, parameters: Mapping[str, str]
) -> list[tuple[str, dict[str, Any]]]:
    """(logical id, PolicyDocument) of every resource of `resource_type`, every intrinsic resolved."""
    names = StackNames(stack, parameters)
    return [
        (logical_id, names.resolve(definition["Properties"]["PolicyDocument"], logical_id))
        for logical_id, definition in stack.resources.items()
        if definition["Type"] == resource_type
    ]


def execution_policy(
    project: str, account: str, region: str, template: Path = EXECUTION_POLICY_TEMPLATE
) -> list[dict[str, Any]]:
    """The statements of the CloudFormation execution policy as deployed into one account and region."""
    stack = bootstrap_stack(template, stack_name=f"{project}-cfn-exec-policy", account=account, region=region)
    documents = resolved_documents(stack, "AWS::IAM::ManagedPolicy", {"Project": project})
    return [statement for _, document in documents for statement in document.get("Statement", [])]


def role_boundary(project: str, account: str, region: str, template: Path = BOUNDARY_TEMPLATE) -> list[dict[str, Any]]:
    """The statements of the project's permissions boundary as deployed into one account and region."""
    stack = bootstrap_stack(template, stack_name=f"{project}-role-boundary", account=account, region=region)
    documents = resolved_documents(stack, "AWS::IAM::ManagedPolicy", {"Project": project})
    return [statement for _, document in documents for statement in document.get("Statement", [])]


def drift_reader_policy(
    project: str, pipeline_account: str, account: str, region: str, template: Path = DRIFT_READER_TEMPLATE
) -> list[Mapping[str, Any]]:
    """The permissions of the drift reader role as deployed into one account and region."""
    stack = bootstrap_stack(template, stack_name=f"{project}-drift-reader", account=account, region=region)
    names = StackNames(stack, {"Project": project, "PipelineAccount": pipeline_account})
    return list(role_permissions(names, "DriftReaderRole").permissions)


def stack_reader_policy(
    project: str, pipeline_account: str, account: str, region: str, template: Path = READER_TEMPLATE
) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]:
    """The permissions and the trust of the stack reader role as deployed into one account and region."""
    stack = bootstrap_stack(template, stack_name=f"{project}-stack-reader", account=account, region=region)
    names = StackNames(stack, {"Project": project, "PipelineAccount": pipeline_account})
    role = role_permissions(names, "StackReaderRole")
    return list(role.permissions), list(role.trust)


def role_boundary_arn(project: str, account: str, region: str) -> str:
    return f"arn:aws:iam::{account}:policy/{role_boundary_name(project, region)}"


APIGATEWAY_LOGGING_TEMPLATE = BOOTSTRAP_DIR / "apigateway-cloudwatch-role.json"


@dataclass(frozen=True)
class LoggingRole:
    """API Gateway's account-level CloudWatch Logs role in one account and region, and where it is defined."""

    source: str
    arn: str
    permissions: tuple[Mapping[str, Any], ...]
    trust: tuple[Mapping[str, Any], ...]


def _account_role(stack: DeployedStack, parameters: Mapping[str, str], source: str) -> LoggingRole | None:
    names = StackNames(stack, parameters)
    for definition in stack.resources.values():
        if definition["Type"] != "AWS::ApiGateway::Account":
            continue
        role_id = role_of(names, definition["Properties"].get("CloudWatchRoleArn"))
        if role_id is None:
            return None
        role = role_permissions(names, role_id)
        return LoggingRole(f"{source} role {role_id}", names.role_arn(role_id), role.permissions, role.trust)
    return None


def apigateway_logging_role(
    stack: DeployedStack, project: str, template: Path = APIGATEWAY_LOGGING_TEMPLATE
) -> LoggingRole | None:
    """The role API Gateway logs with where `stack` deploys: set by the stack itself, else by `make bootstrap`."""
    own = _account_role(stack, {}, stack.stack_name)
    if own is not None or not template.is_file():
        return own
    setting = bootstrap_stack(
        template, stack_name=f"{project}-apigateway-logs", account=stack.account, region=stack.region
    )
    return _account_role(setting, {"Project": project}, f"bootstrap/{template.name}")
