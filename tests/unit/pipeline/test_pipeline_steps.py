"""What the pipeline's steps run: the source and its trigger, the build, the API tests and the approval comment."""

from __future__ import annotations

import json
from typing import Any

from configuration import api_test_role_name
from configuration import api_test_runner_role_name as runner_role_name

Resources = dict[str, dict[str, Any]]
Actions = dict[tuple[str, str], dict[str, Any]]


def _project(resources: Resources, action: dict[str, Any]) -> dict[str, Any]:
    return resources[action["Configuration"]["ProjectName"]["Ref"]]["Properties"]


def _buildspec(resources: Resources, action: dict[str, Any]) -> dict[str, Any]:
    return json.loads(_project(resources, action)["Source"]["BuildSpec"])


def _environment(action: dict[str, Any]) -> dict[str, str]:
    return {
        variable["name"]: variable["value"] for variable in json.loads(action["Configuration"]["EnvironmentVariables"])
    }


def _policy_statements(resources: Resources, role_logical_id: str) -> list[dict[str, Any]]:
    return [
        statement
        for resource in resources.values()
        if resource["Type"] == "AWS::IAM::Policy" and {"Ref": role_logical_id} in resource["Properties"]["Roles"]
        for statement in resource["Properties"]["PolicyDocument"]["Statement"]
    ]


def _role_named(resources: Resources, name: str) -> str:
    (logical_id,) = [key for key, r in resources.items() if r["Properties"].get("RoleName") == name]
    return logical_id


def test_source_is_the_configured_repository_branch_and_connection(actions: Actions, synthesized) -> None:
    source = synthesized.config.source

    configuration = actions[("Source", "GitHub")]["Configuration"]

    assert (configuration["FullRepositoryId"], configuration["BranchName"], configuration["ConnectionArn"]) == (
        source.repository,
        source.branch,
        source.connection_arn,
    )


def test_a_push_to_the_configured_branch_triggers_the_v2_pipeline(pipeline_properties: dict, synthesized) -> None:
    assert pipeline_properties["PipelineType"] == "V2"
    assert pipeline_properties["Triggers"] == [
        {
            "ProviderType": "CodeStarSourceConnection",
            "GitConfiguration": {
                "SourceActionName": "GitHub",
                "Push": [{"Branches": {"Includes": [synthesized.config.source.branch]}}],
            },
        }
    ]


def test_pipeline_has_the_readable_project_name(pipeline_properties: dict, synthesized) -> None:
    assert pipeline_properties["Name"] == f"{synthesized.config.project}-delivery"


def test_build_installs_lints_runs_the_gates_tests_then_synthesizes(resources: Resources, actions: Actions) -> None:
    phases = _buildspec(resources, actions[("Build", "Synth")])["phases"]

    assert phases["install"]["commands"] == ["make install"]
    assert phases["build"]["commands"] == [
        "make lint",
        "make secrets",
        "make sast",
        ".venv/bin/python -m pytest tests/unit -q -p no:cacheprovider --junitxml=reports/unit-tests.xml",
        'BYTECODE_PYTHON="$(ls -d "$(pyenv root)"/versions/3.14.*/bin/python3.14 | sort -V | tail -n 1)" '
        "BUNDLE_BYTECODE=required npx --no-install cdk synth --quiet",
        ".venv/bin/python -m verify --assembly cdk.out",
        "SCA_REQUIRED=1 make sca",
        "make sbom",
    ]


def test_the_sbom_is_written_inside_the_cloud_assembly_the_build_keeps(resources: Resources, actions: Actions) -> None:
    spec = _buildspec(resources, actions[("Build", "Synth")])

    assert spec["artifacts"]["base-directory"] == "cdk.out"
    assert spec["artifacts"]["files"] == ["**/*"]  # cdk.out/sbom/ included


def test_every_codebuild_project_restores_pip_and_npm_caches_from_s3(resources: Resources, synthesized) -> None:
    projects = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::CodeBuild::Project"]

    assert projects
    for project in projects:
        spec = project["Source"]["BuildSpec"]
        if not spec.startswith("{"):  # long buildspecs (asset publishing) live in a file of the cloud assembly
            spec = (synthesized.outdir / spec).read_text()
        assert project["Cache"]["Type"] == "S3"
        assert set(json.loads(spec)["cache"]["paths"]) == {"/root/.cache/pip/**/*", "/root/.npm/**/*"}


def test_dev_integration_tests_read_api_url_and_role_from_the_dev_stage_outputs(actions: Actions) -> None:
    namespace = actions[("Dev", "items-api-dev.Deploy")]["Namespace"]

    environment = _environment(actions[("Dev", "IntegrationTests")])

    assert environment == {"API_URL": f"#{{{namespace}.ApiUrl}}", "API_ROLE_ARN": f"#{{{namespace}.ApiTestRoleArn}}"}


def test_dev_integration_tests_run_the_whole_integration_suite(resources: Resources, actions: Actions) -> None:
    commands = _buildspec(resources, actions[("Dev", "IntegrationTests")])["phases"]["build"]["commands"]

    assert commands[0] == (
        ".venv/bin/python -m pytest tests/integration -q -p no:cacheprovider "
        "--junitxml=reports/dev-integration-tests.xml"
    )
    assert [command.split()[:3] for command in commands[1:]] == [[".venv/bin/python", "-m", "reliability.load_gate"]]


def test_prod_smoke_tests_run_the_smoke_subset_against_the_prod_stage_outputs(
    resources: Resources, actions: Actions
) -> None:
    namespace = actions[("Prod", "items-api-prod.Deploy")]["Namespace"]
    smoke = actions[("Prod", "SmokeTests")]

    assert _environment(smoke)["API_URL"] == f"#{{{namespace}.ApiUrl}}"
    assert _buildspec(resources, smoke)["phases"]["build"]["commands"] == [
        ".venv/bin/python -m pytest tests/integration -q -p no:cacheprovider -m smoke "
        "--junitxml=reports/prod-smoke-tests.xml"
    ]


def test_each_test_runner_may_assume_only_its_stage_api_test_role(resources: Resources, synthesized) -> None:
    config = synthesized.config
    for env in (config.environments["dev"], config.environments["prod"]):
        runner = _role_named(resources, runner_role_name(config.project, env.name))

        assumes = [s["Resource"] for s in _policy_statements(resources, runner) if s["Action"] == "sts:AssumeRole"]

        assert assumes == [f"arn:aws:iam::{env.account}:role/{api_test_role_name(config.project, env.name)}"]


def test_stage_api_test_role_trusts_exactly_the_pipeline_test_runner(synthesized) -> None:
    config = synthesized.config
    for name, template in synthesized.stage_templates().items():
        (role,) = [
            r
            for r in template["Resources"].values()
            if r["Properties"].get("RoleName") == api_test_role_name(config.project, name)
        ]
        (trust,) = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]

        runner = f"arn:aws:iam::{config.pipeline_account}:role/{runner_role_name(config.project, name)}"
        assert trust["Condition"] == {"ArnEquals": {"aws:PrincipalArn": runner}}


def test_prod_permissions_check_may_assume_only_the_prod_stack_reader_role(
    resources: Resources, actions: Actions, synthesized
) -> None:
    prod = synthesized.config.environments["prod"]
    role = _project(resources, actions[("Dev", "ProdPermissionsCheck")])["ServiceRole"]["Fn::GetAtt"][0]

    (assumes,) = [s["Resource"] for s in _policy_statements(resources, role) if s["Action"] == "sts:AssumeRole"]

    assert assumes == f"arn:aws:iam::{prod.account}:role/stack-reader-items-api-{prod.region}"


def test_approval_comment_names_the_commit_the_dev_api_and_the_permissions_verdict(actions: Actions) -> None:
    source_namespace = actions[("Source", "GitHub")]["Namespace"]
    dev_namespace = actions[("Dev", "items-api-dev.Deploy")]["Namespace"]
    check_namespace = actions[("Dev", "ProdPermissionsCheck")]["Namespace"]

    comment = actions[("Prod", "Approve")]["Configuration"]["CustomData"]

    assert f"#{{{source_namespace}.CommitId}}" in comment
    assert f"#{{{dev_namespace}.ApiUrl}}" in comment
    assert f"#{{{check_namespace}.PERMISSIONS}}" in comment


def test_approval_links_to_the_permissions_check_build_log(actions: Actions) -> None:
    check_namespace = actions[("Dev", "ProdPermissionsCheck")]["Namespace"]

    link = actions[("Prod", "Approve")]["Configuration"]["ExternalEntityLink"]

    assert link == f"#{{{check_namespace}.LINK}}"
