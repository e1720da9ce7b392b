"""IAM role names that are part of a contract between stacks, so both sides build them from here."""

from __future__ import annotations

IAM_ROLE_NAME_LIMIT = 64


def api_test_runner_role_name(project: str, environment: str) -> str:
    """Name of the pipeline-account role that runs the API tests of one environment.

    The stage's API test role trusts exactly this principal, so the name is part of the contract
    between the pipeline stack and the service stage.
    """
    return f"{project}-{environment}-api-test-runner"


def api_test_role_name(project: str, environment: str) -> str:
    """Name of the stage's role that may only invoke its API; the pipeline's test runner assumes it."""
    return f"{project}-{environment}-api-test"


def role_boundary_name(project: str, region: str) -> str:
    """The permissions boundary `make bootstrap` creates in each target account and region
    (bootstrap/role-boundary.json); every role of the service stacks carries it, and the execution policy creates
    and changes roles only with it."""
    return f"{project}-role-boundary-{region}"


def stack_reader_role_name(project: str, region: str) -> str:
    """The role the pipeline's checks before an approval read a target's service stacks with
    (bootstrap/stack-reader-role.json). Its name is outside the project prefix, so the execution policy, which
    manages `<project>-*` roles, cannot change it."""
    return f"stack-reader-{project}-{region}"


def stack_check_role_names(project: str) -> tuple[str, str]:
    """The pipeline-account roles of the change check and the permissions check: the only principals the stack
    reader role trusts (bootstrap/stack-reader-role.json names them the same way)."""
    return f"{project}-change-check", f"{project}-permissions-check"
