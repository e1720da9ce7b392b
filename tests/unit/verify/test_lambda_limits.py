"""Lambda limits: code size unzipped, environment size, resource-policy size."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from verify.assembly import DeployedStack
from verify.checks import lambda_limits
from verify.checks.lambda_limits import check_templates

StackOf = Callable[..., DeployedStack]


def _function(**extra: Any) -> dict[str, Any]:
    properties = {"Code": {"ZipFile": "x"}, "Role": "r", "Runtime": "python3.14", "Handler": "a.b"}
    return {"Type": "AWS::Lambda::Function", "Properties": {**properties, **extra}}


def test_the_synthesized_functions_fit(stacks: dict[str, DeployedStack]) -> None:
    result = check_templates(list(stacks.values()))
    assert result.findings == ()
    assert result.checked > 0


def test_an_environment_over_4_kb_fails(stack_of: StackOf) -> None:
    variables = {f"SETTING_{n}": "x" * 100 for n in range(40)}
    [finding] = check_templates([stack_of({"Fn": _function(Environment={"Variables": variables})})]).findings
    assert "environment" in finding.problem and "4,096" in finding.problem


def test_too_many_permissions_on_one_alias_fail(stack_of: StackOf) -> None:
    source = "arn:aws:execute-api:us-east-1:222222222222:abcdefghij/*/GET/items/" + "x" * 80
    grant = {"Action": "lambda:InvokeFunction", "FunctionName": {"Ref": "Fn"}, "Principal": "apigateway.amazonaws.com"}
    permission = {"Type": "AWS::Lambda::Permission", "Properties": {**grant, "SourceArn": source}}
    resources = {"Fn": _function(), **{f"Permission{n}": permission for n in range(60)}}
    [finding] = check_templates([stack_of(resources)]).findings
    assert "resource policy" in finding.problem


def test_code_over_250_mb_unzipped_fails(stack_of: StackOf, tmp_path: Path, monkeypatch) -> None:
    stack = stack_of({"Fn": {**_function(), "Metadata": {"aws:asset:path": "asset.big"}}})
    (stack.template_path.parent / "asset.big").mkdir()
    (stack.template_path.parent / "asset.big" / "module.py").write_text("x")
    monkeypatch.setattr(lambda_limits, "UNZIPPED_CODE_BYTES", 0)  # a one-byte bundle over a zero-byte quota
    [finding] = check_templates([stack]).findings
    assert "unzipped" in finding.problem
