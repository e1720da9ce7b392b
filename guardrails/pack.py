"""The LeastPrivilege NagPack: this project's own rules, run by cdk-nag 3 as a CDK validation plugin.

Register it once, on the App, beside AwsSolutions:
`Validations.of(app).add_plugins(AwsSolutionsChecks(app), LeastPrivilegeChecks(app))`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from functools import cache

import jsii
from aws_cdk import CfnResource
from cdk_nag import IApplyRule, NagMessageLevel, NagPack, NagRuleCompliance
from constructs import IConstruct

from guardrails.rule import Rule, Verdict
from guardrails.rules import rules
from guardrails.rules.dynamodb_tables import DEFAULT_PRODUCTION
from guardrails.template import ResourceView, view_of

PACK_NAME = "LeastPrivilege"


@jsii.implements(IApplyRule)
class _RuleApplication:
    """One rule's outcome on one resource, handed to cdk-nag, which names, acknowledges and reports it.

    jsii reads the interface's members from the class, so they are properties, not instance attributes.
    """

    def __init__(self, rule: Rule, node: CfnResource, outcome: Verdict | Exception) -> None:
        self._rule = rule
        self._node = node
        self._outcome = outcome

    @property
    def rule_suffix_override(self) -> str:
        return self._rule.rule_id

    @property
    def info(self) -> str:
        return self._rule.info

    @property
    def explanation(self) -> str:
        return self._rule.explanation

    @property
    def level(self) -> NagMessageLevel:
        return NagMessageLevel.ERROR

    @property
    def node(self) -> CfnResource:
        return self._node

    def rule(self, _node: CfnResource) -> Verdict:
        if isinstance(self._outcome, Exception):
            raise self._outcome  # cdk-nag reports the bare rule id: a rule that cannot read a resource fails closed
        return self._outcome


class LeastPrivilegeChecks(NagPack):
    """Rule ids read `LeastPrivilege-LP<n>` or `LeastPrivilege-LP<n>[<finding>]`.

    The validation report prefixes the plugin name: `LeastPrivilege::LeastPrivilege-LP1[Action::s3:*]`.
    `production_environments` are the Environment tag values whose tables LP7 holds to production's rules.
    """

    def __init__(
        self,
        scope: IConstruct | None = None,
        *,
        production_environments: Collection[str] = DEFAULT_PRODUCTION,
        verbose: bool | None = None,
        write_suppressions_to_cloud_formation: bool | None = None,
    ) -> None:
        super().__init__(
            scope, verbose=verbose, write_suppressions_to_cloud_formation=write_suppressions_to_cloud_formation
        )
        self._pack_name = PACK_NAME
        self._rules_by_type = _index(rules(production_environments))

    @property
    def name(self) -> str:
        return PACK_NAME

    def _check_resource(self, node: CfnResource) -> None:
        rules = self._rules_by_type.get(node.cfn_resource_type, ())
        if not rules:
            return
        view = cache(lambda: view_of(node))  # read the template once, and only for resources a rule reads
        for rule in rules:
            outcome = _evaluate(rule, view)
            # Only findings cross into cdk-nag: every jsii callback costs, and a pass needs no report.
            if _reportable(outcome):
                # jsii declares IApplyRule's members settable; cdk-nag only reads them, and jsii needs them as
                # properties of the class (see _RuleApplication).
                self._apply_rule(_RuleApplication(rule, node, outcome))  # type: ignore[arg-type]


def _evaluate(rule: Rule, view: Callable[[], ResourceView]) -> Verdict | Exception:
    try:
        return rule.check(view())
    except Exception as error:  # handed to cdk-nag, which reports it as a finding
        return error


def _reportable(outcome: Verdict | Exception) -> bool:
    if isinstance(outcome, Exception):
        return True
    if isinstance(outcome, list):
        return bool(outcome)
    return outcome == NagRuleCompliance.NON_COMPLIANT


def _index(rules: Sequence[Rule]) -> Mapping[str, tuple[Rule, ...]]:
    by_type: dict[str, list[Rule]] = defaultdict(list)
    for rule in rules:
        for resource_type in rule.resource_types:
            by_type[resource_type].append(rule)
    return {resource_type: tuple(found) for resource_type, found in by_type.items()}
