"""The cases the emulator's, the verifier's and the rules' own walkers once disagreed on, read by the one walker.

Each case is checked three ways: what the value refers to (`references`, the verifier's and the rules' question),
how it renders (the rules' finding ids), and what it resolves to (`Resolver`, the emulator's and verifier's values).
"""

from __future__ import annotations

from typing import Any

import pytest

from cloudformation import Resolver, StackEnvironment, referenced_ids, references, render, sub_pieces, target_of

TEMPLATE = {
    "Parameters": {"Suffix": {"Type": "String", "Default": "blue"}},
    "Resources": {
        "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "items"}},
        "Handler": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "handler"}},
    },
}
ENVIRONMENT = StackEnvironment(stack_name="stack", account="111111111111", region="eu-west-1")
TABLE_ARN = "arn:aws:dynamodb:eu-west-1:111111111111:table/items"
HANDLER_ARN = "arn:aws:lambda:eu-west-1:111111111111:function:handler"

# value, what it refers to, how it renders, what it resolves to
CASES: dict[str, tuple[Any, set[str], str, Any]] = {
    "sub with a logical id": ({"Fn::Sub": "${Table}-x"}, {"Table"}, "${Table}-x", "items-x"),
    "sub with an attribute": (
        {"Fn::Sub": "${Table.Arn}/index/*"},
        {"Table"},
        "${Table.Arn}/index/*",
        f"{TABLE_ARN}/index/*",
    ),
    "sub list form with its own variables": (
        {"Fn::Sub": ["${Fn}:${Stage}:${Suffix}", {"Fn": {"Fn::GetAtt": ["Handler", "Arn"]}, "Stage": "live"}]},
        {"Handler", "Suffix"},
        "${Handler.Arn}:live:${Suffix}",
        f"{HANDLER_ARN}:live:blue",
    ),
    "sub with an escaped literal": ({"Fn::Sub": "${!Table}"}, set(), "${Table}", "${Table}"),
    "ref to a pseudo parameter": ({"Ref": "AWS::Region"}, set(), "${AWS::Region}", "eu-west-1"),
    "sub with a pseudo parameter": ({"Fn::Sub": "${AWS::AccountId}"}, set(), "${AWS::AccountId}", "111111111111"),
    "get_att string form": ({"Fn::GetAtt": "Table.Arn"}, {"Table"}, "${Table.Arn}", TABLE_ARN),
    "get_att list form": ({"Fn::GetAtt": ["Table", "Arn"]}, {"Table"}, "${Table.Arn}", TABLE_ARN),
    "nested": (
        {"Fn::Join": [",", [{"Fn::Sub": "${Handler.Arn}"}, {"Fn::Select": [0, [{"Ref": "Table"}]]}]]},
        {"Handler", "Table"},
        "${Handler.Arn},${Table}",
        f"{HANDLER_ARN},items",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_references_of(case: str) -> None:
    value, expected, _, _ = CASES[case]

    assert references(value) == expected


@pytest.mark.parametrize("case", CASES)
def test_render_of(case: str) -> None:
    value, _, expected, _ = CASES[case]

    assert render(value) == expected


@pytest.mark.parametrize("case", CASES)
def test_resolve_of(case: str) -> None:
    value, _, _, expected = CASES[case]

    assert Resolver(TEMPLATE, ENVIRONMENT).resolve(value, "case") == expected


def test_referenced_ids_keep_template_order_and_repeats() -> None:
    value = [{"Ref": "Handler"}, {"Fn::Sub": "${Table.Arn}"}, {"Ref": "Handler"}]

    assert list(referenced_ids(value)) == ["Handler", "Table", "Handler"]


def test_sub_pieces_split_literals_from_substitutions() -> None:
    assert sub_pieces("arn:${AWS::Partition}:x/${Table.Arn}") == [
        "arn:",
        {"Ref": "AWS::Partition"},
        ":x/",
        {"Fn::GetAtt": ["Table", "Arn"]},
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [({"Ref": "Table"}, "Table"), ({"Fn::GetAtt": "Table.Arn"}, "Table"), ({"Fn::Sub": "${Table}"}, None), ("x", None)],
)
def test_target_of_a_single_reference(value: Any, expected: str | None) -> None:
    assert target_of(value) == expected
