"""The rules of the LeastPrivilege pack, in id order."""

from guardrails.rules.api_authorization import METHOD_AUTHORIZATION
from guardrails.rules.dynamodb_tables import TABLE_RECOVERY
from guardrails.rules.iam_actions import WILDCARD_ACTIONS
from guardrails.rules.iam_resources import RESOURCE_WILDCARD
from guardrails.rules.managed_policies import AWS_MANAGED_POLICY
from guardrails.rules.pass_role import UNBOUNDED_PASS_ROLE
from guardrails.rules.ssl_only import SSL_REQUESTS_ONLY
from guardrails.rules.stage_boundary import OWN_STAGE_RESOURCES

RULES = (
    WILDCARD_ACTIONS,
    RESOURCE_WILDCARD,
    AWS_MANAGED_POLICY,
    OWN_STAGE_RESOURCES,
    UNBOUNDED_PASS_ROLE,
    METHOD_AUTHORIZATION,
    TABLE_RECOVERY,
    SSL_REQUESTS_ONLY,
)

__all__ = ["RULES"]
