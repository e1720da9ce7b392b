"""The pipeline's shape: stage and action order, the accounts it deploys into, the approval gate, the step count."""

from __future__ import annotations

from typing import Any

from tests.unit.pipeline.layout import Stages, layout, run_order, sequential_steps

# CDK Pipelines' default layout for this app (change sets, approval first in prod): source, synth,
# self-mutation, assets, dev Prepare/Deploy/tests/load test, prod approval/Prepare/Deploy/smoke tests.
DEFAULT_SEQUENTIAL_STEPS = 12
SEQUENTIAL_STEPS = 9


def _deploys(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [action for action in actions if action["ActionTypeId"]["Provider"] == "CloudFormation"]


def _text(value: Any) -> str:
    """A role ARN as written in the template (plain or Fn::Join), flattened for substring checks."""
    if isinstance(value, dict):
        return "".join(_text(part) for part in value.get("Fn::Join", ["", []])[1])
    return str(value)


def test_stages_run_source_build_self_mutation_assets_dev_prod(stages: Stages) -> None:
    assert list(stages) == ["Source", "Build", "UpdatePipeline", "Assets", "Dev", "Prod"]


def test_build_stages_hold_one_action_each(stages: Stages) -> None:
    layouts = {name: layout(stages[name]) for name in ("Source", "Build", "UpdatePipeline", "Assets")}

    assert layouts == {
        "Source": [(1, "GitHub")],
        "Build": [(1, "Synth")],
        "UpdatePipeline": [(1, "SelfMutate")],
        "Assets": [(1, "FileAssets")],
    }


def test_dev_deploys_then_runs_integration_tests_beside_the_prod_checks(stages: Stages) -> None:
    assert layout(stages["Dev"]) == [
        (1, "items-api-dev.Deploy"),
        (2, "IntegrationTests"),
        (2, "ProdChangeCheck"),
        (2, "ProdPermissionsCheck"),
    ]


def test_prod_is_approved_then_deployed_then_smoke_tested_and_protected_side_by_side(stages: Stages) -> None:
    """The drift check runs beside the approval (pipeline/drift.py): no step of its own."""
    assert layout(stages["Prod"]) == [
        (1, "Approve"),
        (1, "ProdDriftCheck"),
        (2, "items-api-prod.Deploy"),
        (3, "SmokeTests"),
        (3, "TerminationProtection"),
    ]


def test_critical_path_has_nine_sequential_steps(stages: Stages) -> None:
    steps = sequential_steps(stages)

    assert steps == SEQUENTIAL_STEPS < DEFAULT_SEQUENTIAL_STEPS


def test_deploys_without_change_sets(stages: Stages) -> None:
    modes = {action["Configuration"]["ActionMode"] for name in ("Dev", "Prod") for action in _deploys(stages[name])}

    assert modes == {"CREATE_UPDATE"}


def test_dev_stage_deploys_only_into_the_dev_account(stages: Stages, synthesized) -> None:
    dev, prod = synthesized.config.environments["dev"].account, synthesized.config.environments["prod"].account
    roles = [_text(action["RoleArn"]) + _text(action["Configuration"]["RoleArn"]) for action in _deploys(stages["Dev"])]

    assert roles
    assert all(f"::{dev}:role/cdk-hnb659fds-" in role and prod not in role for role in roles)


def test_prod_stage_deploys_only_into_the_prod_account(stages: Stages, synthesized) -> None:
    dev, prod = synthesized.config.environments["dev"].account, synthesized.config.environments["prod"].account
    roles = [
        _text(action["RoleArn"]) + _text(action["Configuration"]["RoleArn"]) for action in _deploys(stages["Prod"])
    ]

    assert roles
    assert all(f"::{prod}:role/cdk-hnb659fds-" in role and dev not in role for role in roles)


def test_no_action_outside_the_prod_stage_deploys_into_prod(stages: Stages, synthesized) -> None:
    prod = synthesized.config.environments["prod"].account
    elsewhere = [
        action["Name"]
        for name, actions in stages.items()
        if name != "Prod"
        for action in _deploys(actions)
        if prod in _text(action["RoleArn"])
    ]

    assert elsewhere == []


def test_every_prod_deploy_waits_for_the_manual_approval(stages: Stages) -> None:
    (approval,) = [action for action in stages["Prod"] if action["ActionTypeId"]["Category"] == "Approval"]
    deploy_orders = [run_order(action) for action in _deploys(stages["Prod"])]

    assert deploy_orders
    assert min(deploy_orders) > run_order(approval)
