"""IAM as AWS publishes it: the action matcher every policy reader uses and the service authorization catalog.

No CDK import: the cdk-nag rules (guardrails/) and the offline gate (verify/) both read policies through it.
"""

from iam.actions import action_matches, matches_any
from iam.catalog import Action, IamCatalog, ResourceType, bundled_catalog

__all__ = ["Action", "IamCatalog", "ResourceType", "action_matches", "bundled_catalog", "matches_any"]
