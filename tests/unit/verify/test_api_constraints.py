"""API parameter constraints: pipeline action configuration values within CodePipeline's bounds (botocore)."""

from __future__ import annotations

from typing import Any

from tests.unit.verify.conftest import changed, logical_id_of
from verify.assembly import DeployedStack
from verify.checks.api_constraints import bounds, check_templates


def _pipeline(stacks: dict[str, DeployedStack]) -> DeployedStack:
    (pipeline,) = [s for s in stacks.values() if s.stack_name.endswith("delivery-pipeline")]
    return pipeline


def test_the_bounds_come_from_botocores_model() -> None:
    assert bounds("codepipeline", "ActionConfigurationValue") == (1, 1000)


def test_the_synthesized_pipeline_passes(stacks: dict[str, DeployedStack]) -> None:
    result = check_templates([_pipeline(stacks)])
    assert result.findings == ()
    assert result.checked > 10


def test_an_approval_comment_over_1000_characters_fails(stacks: dict[str, DeployedStack]) -> None:
    pipeline = _pipeline(stacks)
    resource = logical_id_of(pipeline, "AWS::CodePipeline::Pipeline")

    def lengthen(template: dict[str, Any]) -> None:
        for stage in template["Resources"][resource]["Properties"]["Stages"]:
            for action in stage["Actions"]:
                if "CustomData" in action.get("Configuration", {}):
                    action["Configuration"]["CustomData"] = "x" * 1001

    [finding] = check_templates([changed(pipeline, lengthen)]).findings
    assert "CustomData is 1,001 characters" in finding.problem and "1 to 1,000" in finding.problem


def test_a_stage_condition_split_in_two_fails_the_condition_list(stacks: dict[str, DeployedStack]) -> None:
    pipeline = _pipeline(stacks)
    resource = logical_id_of(pipeline, "AWS::CodePipeline::Pipeline")

    def split(template: dict[str, Any]) -> None:
        for stage in template["Resources"][resource]["Properties"]["Stages"]:
            if "OnSuccess" in stage:
                (condition,) = stage["OnSuccess"]["Conditions"]
                stage["OnSuccess"]["Conditions"] = [condition, condition]

    [finding] = check_templates([changed(pipeline, split)]).findings
    assert "OnSuccess.Conditions has 2 items" in finding.problem and "ConditionList takes 1 to 1" in finding.problem


def test_a_condition_of_six_rules_fails_the_rule_list(stacks: dict[str, DeployedStack]) -> None:
    pipeline = _pipeline(stacks)
    resource = logical_id_of(pipeline, "AWS::CodePipeline::Pipeline")

    def grow(template: dict[str, Any]) -> None:
        for stage in template["Resources"][resource]["Properties"]["Stages"]:
            if "BeforeEntry" in stage:
                rules = stage["BeforeEntry"]["Conditions"][0]["Rules"]
                rules[:] = rules * 6

    [finding] = check_templates([changed(pipeline, grow)]).findings
    assert "BeforeEntry.Conditions[0].Rules has 6 items" in finding.problem and "1 to 5" in finding.problem


def _edit_rules(stacks: dict[str, DeployedStack], edit) -> DeployedStack:
    pipeline = _pipeline(stacks)
    resource = logical_id_of(pipeline, "AWS::CodePipeline::Pipeline")

    def apply(template: dict[str, Any]) -> None:
        for stage in template["Resources"][resource]["Properties"]["Stages"]:
            if "OnSuccess" in stage:
                edit(stage["OnSuccess"]["Conditions"][0]["Rules"][0])

    return changed(pipeline, apply)


def test_a_rule_command_over_1000_characters_fails(stacks: dict[str, DeployedStack]) -> None:
    def lengthen(rule: dict[str, Any]) -> None:
        rule["Commands"][0] = rule["Commands"][0] + "; " + "echo " + "x" * 1000

    [finding] = check_templates([_edit_rules(stacks, lengthen)]).findings
    assert "OnSuccess.Conditions[0].Rules[0].Commands[0] is " in finding.problem
    assert "codepipeline's Command takes 1 to 1,000" in finding.problem


def test_every_string_and_number_of_a_rule_is_checked(stacks: dict[str, DeployedStack]) -> None:
    def break_rule(rule: dict[str, Any]) -> None:
        rule["Name"] = "r" * 101
        rule["RuleTypeId"]["Version"] = "1" * 10
        rule["TimeoutInMinutes"] = 4
        rule["Commands"] = []

    problems = sorted(f.problem.split(";")[0] for f in check_templates([_edit_rules(stacks, break_rule)]).findings)
    assert problems == [
        "OnSuccess.Conditions[0].Rules[0].Commands has 0 items",
        "OnSuccess.Conditions[0].Rules[0].Name is 101 characters",
        "OnSuccess.Conditions[0].Rules[0].RuleTypeId.Version is 10 characters",
        "OnSuccess.Conditions[0].Rules[0].TimeoutInMinutes is 4",
    ]
