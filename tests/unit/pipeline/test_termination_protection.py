"""Termination protection: applied after a protected stage deploys, with its deploy role, beside its tests."""

from __future__ import annotations

import json
from typing import Any

from aws_cdk import Stack

from stages.children import find_child
from tests.unit.conftest import SynthesizedApp


def _project(template: dict[str, Any], step: str) -> dict[str, Any]:
    (project,) = [
        r for k, r in template["Resources"].items() if r["Type"] == "AWS::CodeBuild::Project" and k.startswith(step)
    ]
    return project


def _policy_of(template: dict[str, Any], step: str) -> list[dict[str, Any]]:
    (policy,) = [
        r for k, r in template["Resources"].items() if r["Type"] == "AWS::IAM::Policy" and k.startswith(f"{step}Role")
    ]
    return policy["Properties"]["PolicyDocument"]["Statement"]


def test_the_protected_stack_gets_termination_protection_after_its_deploy(synthesized: SynthesizedApp) -> None:
    template = synthesized.pipeline_template()
    prod = synthesized.config.environments["prod"]
    assert find_child(synthesized.stack, "Prod/Service", Stack).termination_protection

    commands = json.loads(_project(template, "PipelineProdTerminationProtection")["Properties"]["Source"]["BuildSpec"])
    build = commands["phases"]["build"]["commands"]

    deploy_role = f"arn:aws:iam::{prod.account}:role/cdk-hnb659fds-deploy-role-{prod.account}-{prod.region}"
    assert f"aws configure set profile.target.role_arn {deploy_role}" in build
    enable = [c for c in build if "update-termination-protection --enable-termination-protection" in c]
    assert enable == [
        f"aws --profile target --region {prod.region} cloudformation update-termination-protection "
        "--enable-termination-protection --stack-name items-api-prod"
    ]
    assert any("EnableTerminationProtection" in c and c.endswith("= True") for c in build)  # and it checks it holds


def test_the_step_may_assume_exactly_the_deploy_role_and_installs_nothing(synthesized: SynthesizedApp) -> None:
    template = synthesized.pipeline_template()
    prod = synthesized.config.environments["prod"]
    assumes = [s for s in _policy_of(template, "PipelineProdTerminationProtection") if "sts:AssumeRole" in s["Action"]]
    assert assumes == [
        {
            "Action": "sts:AssumeRole",
            "Effect": "Allow",
            "Resource": f"arn:aws:iam::{prod.account}:role/cdk-hnb659fds-deploy-role-{prod.account}-{prod.region}",
        }
    ]
    spec = json.loads(_project(template, "PipelineProdTerminationProtection")["Properties"]["Source"]["BuildSpec"])
    assert "commands" not in spec["phases"].get("install", {})


def test_an_unprotected_stage_gets_no_protection_step(synthesized: SynthesizedApp) -> None:
    assert not find_child(synthesized.stack, "Dev/Service", Stack).termination_protection
    names = [k for k in synthesized.pipeline_template()["Resources"] if "TerminationProtection" in k]
    assert names and not any("PipelineDev" in name for name in names)
