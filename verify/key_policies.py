"""What a key's own policy lets the CloudFormation execution role do, without the account's IAM policies.

The execution policy holds no key administration on `*`: each project key names the execution role in its key
policy (stages/least_privilege.py). A statement for the account root only delegates to IAM policies, so it is
left out here; a key whose policy does not name the role is administered by nothing the deploy may use.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cloudformation import as_list
from configuration.aws_names import bootstrap_role_name
from verify.names import StackNames
from verify.policy import Principal, statements

KEY = "AWS::KMS::Key"


def execution_role(names: StackNames) -> Principal:
    env = names.environment
    name = bootstrap_role_name("cfn-exec", env.account, env.region)
    return Principal("AWS", f"arn:{env.partition}:iam::{env.account}:role/{name}")


def _delegates_to_iam(statement: Mapping[str, Any]) -> bool:
    principal = statement.get("Principal")
    named = as_list(principal.get("AWS")) if isinstance(principal, Mapping) else [principal]
    return any(str(name).endswith(":root") or str(name).isdigit() or name == "*" for name in named)


def key_policy_for_deployments(names: StackNames, logical_id: str) -> tuple[Mapping[str, Any], ...]:
    """The key's resolved policy statements that name principals directly (the root delegation left out)."""
    if names.resources[logical_id]["Type"] != KEY:
        return ()
    document = names.resolve(names.properties(logical_id).get("KeyPolicy") or {}, logical_id)
    return tuple(statement for statement in statements([document]) if not _delegates_to_iam(statement))
