"""Test reports: each suite writes JUnit XML into its own report group, and only its project may write there."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pipeline.reports import CREATE_REPORT_GROUP, UNIT_REPORT, api_suite

Resources = dict[str, dict[str, Any]]
Actions = dict[tuple[str, str], dict[str, Any]]
REPORT_ACTIONS = {"codebuild:BatchPutTestCases", "codebuild:CreateReport", "codebuild:UpdateReport"}
SUITE_ACTIONS = {
    UNIT_REPORT: ("Build", "Synth"),
    api_suite("dev", production=False): ("Dev", "IntegrationTests"),
    api_suite("prod", production=True): ("Prod", "SmokeTests"),
}


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _project(resources: Resources, action: dict[str, Any]) -> dict[str, Any]:
    return resources[action["Configuration"]["ProjectName"]["Ref"]]["Properties"]


def _group_id(resources: Resources, suite: str) -> str:
    (found,) = [
        key
        for key, r in resources.items()
        if r["Type"] == "AWS::CodeBuild::ReportGroup" and r["Properties"]["Name"] == f"items-api-{suite}"
    ]
    return found


def _statements(resources: Resources) -> list[tuple[str, dict[str, Any]]]:
    """(role logical id, statement) for every statement of every policy attached to a role."""
    return [
        (role["Ref"], statement)
        for r in resources.values()
        if r["Type"] == "AWS::IAM::Policy"
        for role in r["Properties"].get("Roles", [])
        for statement in r["Properties"]["PolicyDocument"]["Statement"]
    ]


@pytest.mark.parametrize("suite", list(SUITE_ACTIONS))
def test_each_suite_writes_junit_xml_and_uploads_it_to_its_report_group(
    resources: Resources, actions: Actions, suite: str, synthesized
) -> None:
    spec = json.loads(_project(resources, actions[SUITE_ACTIONS[suite]])["Source"]["BuildSpec"])
    config = synthesized.config
    arn = f"arn:aws:codebuild:{config.region}:{config.pipeline_account}:report-group/items-api-{suite}"

    assert spec["reports"] == {arn: {"files": [f"{suite}.xml"], "base-directory": "reports", "file-format": "JUNITXML"}}
    assert any(f"--junitxml=reports/{suite}.xml" in command for command in spec["phases"]["build"]["commands"])


@pytest.mark.parametrize("suite", list(SUITE_ACTIONS))
def test_report_groups_hold_test_results_are_retained_and_exported_nowhere(resources: Resources, suite: str) -> None:
    group = resources[_group_id(resources, suite)]

    assert group["Properties"]["Type"] == "TEST"
    assert group["Properties"]["ExportConfig"] == {"ExportConfigType": "NO_EXPORT"}
    assert (group["DeletionPolicy"], group["UpdateReplacePolicy"]) == ("RetainExceptOnCreate", "Retain")


@pytest.mark.parametrize("suite", list(SUITE_ACTIONS))
def test_only_the_project_running_a_suite_may_write_its_report_group(
    resources: Resources, actions: Actions, suite: str
) -> None:
    group = {"Fn::GetAtt": [_group_id(resources, suite), "Arn"]}
    runner = _project(resources, actions[SUITE_ACTIONS[suite]])["ServiceRole"]["Fn::GetAtt"][0]

    writers = [
        (role, set(_as_list(statement["Action"])))
        for role, statement in _statements(resources)
        if group in _as_list(statement["Resource"])
    ]

    assert writers == [(runner, REPORT_ACTIONS)]


def test_no_role_may_create_report_groups_or_write_reports_anywhere_else(resources: Resources) -> None:
    groups = [{"Fn::GetAtt": [_group_id(resources, suite), "Arn"]} for suite in SUITE_ACTIONS]
    report_statements = [
        statement
        for _, statement in _statements(resources)
        if any(action.startswith("codebuild:") and "Report" in action for action in _as_list(statement["Action"]))
    ]

    assert report_statements
    assert all(CREATE_REPORT_GROUP not in _as_list(s["Action"]) for s in report_statements)
    assert all(resource in groups for s in report_statements for resource in _as_list(s["Resource"]))
