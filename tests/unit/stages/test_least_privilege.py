"""What the execution policy requires of a service stack: every role carries the project's boundary, every key
names the execution role as its administrator and stays untagged, and `cdk diff` reads with the stack reader role."""

from __future__ import annotations

import json

from stages.least_privilege import KEY_ADMINISTRATION


def _resources(template, kind: str) -> dict:
    return template.find_resources(kind)


def test_every_role_carries_the_boundary_of_its_account_and_region(templates, config, env_name) -> None:
    environment = config.environments[env_name]
    roles = _resources(templates[env_name], "AWS::IAM::Role")

    boundaries = {json.dumps(role["Properties"].get("PermissionsBoundary")) for role in roles.values()}

    name = f"{config.project}-role-boundary-{environment.region}"
    assert boundaries == {json.dumps(f"arn:aws:iam::{environment.account}:policy/{name}")}


def test_every_key_names_the_execution_role_as_its_administrator(templates, config, env_name) -> None:
    environment = config.environments[env_name]
    keys = _resources(templates[env_name], "AWS::KMS::Key")
    execution_role = f"cdk-hnb659fds-cfn-exec-role-{environment.account}-{environment.region}"

    for key in keys.values():
        (admin,) = [
            s for s in key["Properties"]["KeyPolicy"]["Statement"] if s.get("Sid") == "AdministeredByDeployments"
        ]
        assert execution_role in json.dumps(admin["Principal"])
        assert sorted(admin["Action"]) == sorted(KEY_ADMINISTRATION)
        assert "Tags" not in key["Properties"]


def test_cdk_diff_reads_the_deployed_stack_with_the_stack_reader_role(stages, config, env_name) -> None:
    environment = config.environments[env_name]
    stage = stages[env_name]

    artifact = stage.synth().get_stack_artifact(stage.stack.artifact_id)

    reader = f"stack-reader-{config.project}-{environment.region}"
    assert artifact.lookup_role.arn == f"arn:${{AWS::Partition}}:iam::{environment.account}:role/{reader}"
