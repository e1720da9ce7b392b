"""LP6: every API Gateway REST method other than OPTIONS declares an authorization type."""

from __future__ import annotations

from cdk_nag import NagRuleCompliance

from cloudformation import render
from guardrails.rule import Rule, Verdict
from guardrails.template import ResourceView


def _check(view: ResourceView) -> Verdict:
    if render(view.properties.get("HttpMethod", "")).upper() == "OPTIONS":
        return NagRuleCompliance.NOT_APPLICABLE  # CORS preflight carries no credentials by design
    authorization = view.properties.get("AuthorizationType")
    if authorization is None or render(authorization).upper() == "NONE":
        return NagRuleCompliance.NON_COMPLIANT
    return NagRuleCompliance.COMPLIANT


METHOD_AUTHORIZATION = Rule(
    rule_id="LP6",
    info="The API method has no authorization type (missing or NONE); only OPTIONS may be open.",
    explanation=(
        "An open method lets anyone on the internet call the function and reach its data. Set "
        "AWS_IAM, COGNITO_USER_POOLS or CUSTOM on every method (default_method_options on the RestApi); an "
        "API key alone is not authorization."
    ),
    resource_types=frozenset({"AWS::ApiGateway::Method"}),
    check=_check,
)
