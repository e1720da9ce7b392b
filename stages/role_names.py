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
