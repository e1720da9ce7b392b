"""The rules of the LeastPrivilege pack, in id order."""

from __future__ import annotations

from collections.abc import Collection

from guardrails.rule import Rule
from guardrails.rules.api_authorization import METHOD_AUTHORIZATION
from guardrails.rules.dynamodb_tables import DEFAULT_PRODUCTION, table_recovery
from guardrails.rules.iam_actions import WILDCARD_ACTIONS
from guardrails.rules.iam_resources import RESOURCE_WILDCARD
from guardrails.rules.managed_policies import AWS_MANAGED_POLICY
from guardrails.rules.pass_role import UNBOUNDED_PASS_ROLE
from guardrails.rules.ssl_only import SSL_REQUESTS_ONLY
from guardrails.rules.stage_boundary import OWN_STAGE_RESOURCES


def rules(production: Collection[str] = DEFAULT_PRODUCTION) -> tuple[Rule, ...]:
    """Every rule; `production` names the environments whose tables must also be protected from deletion."""
    return (
        WILDCARD_ACTIONS,
        RESOURCE_WILDCARD,
        AWS_MANAGED_POLICY,
        OWN_STAGE_RESOURCES,
        UNBOUNDED_PASS_ROLE,
        METHOD_AUTHORIZATION,
        table_recovery(production),
        SSL_REQUESTS_ONLY,
    )


RULES = rules()

__all__ = ["RULES", "rules"]
