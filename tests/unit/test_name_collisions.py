"""Two environments may share an account, and one account may host the service in two regions: no name that must
be unique per account (IAM, dashboards) or per account and region (alarms, log groups, the web ACL, ...) repeats.

The three-wave example is synthesized with staging moved into dev's account and region, so it holds both cases:
dev and staging side by side in one account and region, prod and prod-eu in one account and two regions.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from tests.tiers import component
from tests.unit.conftest import EXAMPLE_WAVES, synthesize
from verify.assembly import DeployedStack, load_stacks
from verify.names import StackNames

# Physical names that must be unique within an account (IAM and dashboards are global services).
PER_ACCOUNT = {
    "AWS::IAM::Role": "RoleName",
    "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
    "AWS::CloudWatch::Dashboard": "DashboardName",
}
# Physical names that must be unique within an account and region.
PER_REGION = {
    "AWS::CloudWatch::Alarm": "AlarmName",
    "AWS::Logs::LogGroup": "LogGroupName",
    "AWS::Logs::ResourcePolicy": "PolicyName",
    "AWS::Lambda::Function": "FunctionName",
    "AWS::SNS::Topic": "TopicName",
    "AWS::DynamoDB::Table": "TableName",
    "AWS::WAFv2::WebACL": "Name",
    "AWS::Synthetics::Canary": "Name",
    "AWS::CodeDeploy::Application": "ApplicationName",
    "AWS::KMS::Alias": "AliasName",
    "AWS::CodeBuild::ReportGroup": "Name",
}


def explicit_names(stacks: list[DeployedStack]) -> dict[tuple[str, ...], list[str]]:
    """(scope..., type, name) -> where it is defined, for every explicit physical name and every stack name."""
    found: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for stack in stacks:
        found[(stack.account, stack.region, "stack", stack.stack_name)].append(stack.stack_name)
        names = StackNames(stack)
        for logical_id, definition in stack.resources.items():
            kind = definition["Type"]
            scope = (stack.account,) if kind in PER_ACCOUNT else (stack.account, stack.region)
            key = PER_ACCOUNT.get(kind) or PER_REGION.get(kind)
            value = definition.get("Properties", {}).get(key) if key else None
            if value is not None:
                resolved = str(names.resolve(value, f"{logical_id}.{key}"))
                found[(*scope, kind, resolved)].append(f"{stack.stack_name}/{logical_id}")
    return found


def collisions(stacks: list[DeployedStack]) -> dict[tuple[str, ...], list[str]]:
    return {name: places for name, places in explicit_names(stacks).items() if len(places) > 1}


@pytest.fixture(scope="module")
@component("synthesizes the example")
def shared_accounts(tmp_path_factory: pytest.TempPathFactory) -> list[DeployedStack]:
    waves = json.loads(EXAMPLE_WAVES.read_text())
    dev = waves[0]["environments"][0]
    staging = waves[1]["environments"][0]
    staging["account"], staging["region"] = dev["account"], dev["region"]
    app = synthesize(tmp_path_factory.mktemp("cdk.out.shared-accounts"), waves=waves)
    return list(load_stacks(Path(app.outdir)))


def test_the_example_places_environments_side_by_side_in_accounts_and_regions(
    shared_accounts: list[DeployedStack],
) -> None:
    places = {stack.stack_name: (stack.account, stack.region) for stack in shared_accounts}

    assert places["items-api-dev"] == places["items-api-staging"]
    assert places["items-api-prod"][0] == places["items-api-prod-eu"][0]


def test_no_name_repeats_where_it_must_be_unique(shared_accounts: list[DeployedStack]) -> None:
    assert collisions(shared_accounts) == {}


def test_a_repeated_role_name_in_one_account_is_found(shared_accounts: list[DeployedStack]) -> None:
    dev, staging = (
        next(s for s in shared_accounts if s.stack_name == name) for name in ("items-api-dev", "items-api-staging")
    )
    role_id, role = next((i, r) for i, r in dev.resources.items() if r["Properties"].get("RoleName"))
    copied = json.loads(json.dumps(staging.template))
    copied["Resources"]["CopiedRole"] = role
    broken = DeployedStack(
        staging.artifact_id, staging.stack_name, staging.account, staging.region, staging.template_path, copied
    )

    found = collisions([dev, broken])

    assert list(found.values()) == [[f"items-api-dev/{role_id}", "items-api-staging/CopiedRole"]]
