"""What the first real pipeline run depends on: pinned tools on a supported Node, the connection grant, creation order
and a notification topic only this account's rules may publish to."""

from __future__ import annotations

import json
from typing import Any

from pipeline.build import NODE_VERSION, cdk_assets_version
from tests.unit.conftest import PROJECT_ROOT

Resources = dict[str, dict[str, Any]]


def _of_type(resources: Resources, kind: str) -> Resources:
    return {key: r for key, r in resources.items() if r["Type"] == kind}


def _buildspecs(resources: Resources, synthesized) -> list[dict[str, Any]]:
    """Every CodeBuild project's buildspec; long ones live in a file of the cloud assembly."""
    found = []
    for project in _of_type(resources, "AWS::CodeBuild::Project").values():
        spec = project["Properties"]["Source"]["BuildSpec"]
        found.append(json.loads(spec if spec.startswith("{") else (synthesized.outdir / spec).read_text()))
    return found


def test_every_codebuild_project_runs_on_the_newest_node_of_the_image(resources: Resources, synthesized) -> None:
    runtimes = [spec["phases"]["install"]["runtime-versions"] for spec in _buildspecs(resources, synthesized)]

    assert {runtime["nodejs"] for runtime in runtimes} == {NODE_VERSION}
    assert NODE_VERSION == "24"


def test_the_assets_step_installs_the_pinned_cdk_assets(resources: Resources, synthesized) -> None:
    installs = [
        command
        for spec in _buildspecs(resources, synthesized)
        for command in spec["phases"]["install"].get("commands", [])
        if "cdk-assets" in command
    ]

    assert installs == [f"npm install -g cdk-assets@{cdk_assets_version()}"]
    assert "latest" not in cdk_assets_version()


def test_the_source_action_may_use_the_connection_with_the_prefix_of_its_arn(resources: Resources, synthesized) -> None:
    arn = synthesized.config.source.connection_arn
    grants = [
        statement
        for policy in _of_type(resources, "AWS::IAM::Policy").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        if statement.get("Resource") == arn
    ]

    assert arn.startswith("arn:aws:codeconnections:")
    actions = {
        action
        for grant in grants
        for action in (grant["Action"] if isinstance(grant["Action"], list) else [grant["Action"]])
    }
    assert {"codeconnections:UseConnection", "codestar-connections:UseConnection"} <= actions


def test_the_pipeline_waits_for_the_policy_of_every_role_in_its_stack(resources: Resources) -> None:
    ((pipeline_id, pipeline),) = _of_type(resources, "AWS::CodePipeline::Pipeline").items()
    policies = set(_of_type(resources, "AWS::IAM::Policy"))

    assert policies - set(pipeline["DependsOn"]) == set()
    assert pipeline_id


def test_only_notification_rules_of_this_account_may_publish_to_the_pipeline_topic(
    resources: Resources, synthesized
) -> None:
    (policy,) = _of_type(resources, "AWS::SNS::TopicPolicy").values()
    allows = [s for s in policy["Properties"]["PolicyDocument"]["Statement"] if s["Effect"] == "Allow"]

    assert allows == [
        {
            "Action": "sns:Publish",
            "Condition": {"StringEquals": {"aws:SourceAccount": synthesized.config.pipeline_account}},
            "Effect": "Allow",
            "Principal": {"Service": "codestar-notifications.amazonaws.com"},
            "Resource": allows[0]["Resource"],
            "Sid": "AllowThisAccountsNotificationRules",
        }
    ]


def test_the_prod_change_check_reads_prod_with_the_stack_reader_role_only_and_its_verdict_is_in_the_approval(
    resources: Resources, actions, synthesized
) -> None:
    prod = synthesized.config.environments["prod"]
    check = actions[("Dev", "ProdChangeCheck")]
    project = resources[check["Configuration"]["ProjectName"]["Ref"]]["Properties"]
    role = project["ServiceRole"]["Fn::GetAtt"][0]
    assumes = [
        s["Resource"]
        for policy in _of_type(resources, "AWS::IAM::Policy").values()
        if {"Ref": role} in policy["Properties"]["Roles"]
        for s in policy["Properties"]["PolicyDocument"]["Statement"]
        if s["Action"] == "sts:AssumeRole"
    ]
    commands = json.loads(project["Source"]["BuildSpec"])["phases"]["build"]["commands"]

    assert assumes == [f"arn:aws:iam::{prod.account}:role/stack-reader-items-api-{prod.region}"]
    assert "--stack-name items-api-prod" in commands[0] and "--allow-data-replacement" not in commands[0]
    assert {artifact["Name"] for artifact in check["InputArtifacts"]} >= {"Synth_Output", "GitHub_Source"} or len(
        check["InputArtifacts"]
    ) == 2
    assert f"#{{{check['Namespace']}.DESTRUCTIVE}}" in actions[("Prod", "Approve")]["Configuration"]["CustomData"]


def test_globally_installed_tools_are_locked_and_have_no_dependencies_to_resolve() -> None:
    """`npm install -g tool@version` would resolve a tool's dependencies on the day, outside package-lock.json."""
    lock = json.loads((PROJECT_ROOT / "package-lock.json").read_text())["packages"]
    declared = json.loads((PROJECT_ROOT / "package.json").read_text())["devDependencies"]
    for tool in ("aws-cdk", "cdk-assets"):
        assert lock[f"node_modules/{tool}"]["version"] == declared[tool]
        assert not lock[f"node_modules/{tool}"].get("dependencies")
