"""LP3: no AWS managed policy attached to a role."""

from __future__ import annotations

import re

from cloudformation import as_list, render
from guardrails.rule import Rule, Verdict, findings_verdict
from guardrails.template import ResourceView

_AWS_MANAGED = re.compile(r":iam::aws:policy/(?P<name>.+)$")


def _check(view: ResourceView) -> Verdict:
    rendered = (render(arn) for arn in as_list(view.properties.get("ManagedPolicyArns")))
    return findings_verdict(f"Policy::{match['name']}" for arn in rendered if (match := _AWS_MANAGED.search(arn)))


AWS_MANAGED_POLICY = Rule(
    rule_id="LP3",
    info="The role has an AWS managed policy attached (arn:...:iam::aws:policy/...).",
    explanation=(
        "AWS managed policies are written for every customer: they grant more than one function needs "
        "(AWSLambdaBasicExecutionRole allows logs on every log group) and AWS can widen them at any time. "
        "Give the role an inline or customer managed policy scoped to its own resources."
    ),
    resource_types=frozenset({"AWS::IAM::Role"}),
    check=_check,
)
