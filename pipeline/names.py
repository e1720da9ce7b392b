"""Names that are part of the pipeline's contract with people and tools (console, `make releases`); no CDK import."""

from __future__ import annotations

SOURCE_ACTION = "GitHub"


def pipeline_name(project: str) -> str:
    """The console name of the pipeline, also what `make releases` reads by default."""
    return f"{project}-delivery"


BOOTSTRAP_QUALIFIER = "hnb659fds"  # CDK's default; every target environment is bootstrapped with it


def bootstrap_role_name(kind: str, account: str, region: str) -> str:
    """A role `cdk bootstrap` creates in a target environment: deploy, lookup, file-publishing, ..."""
    return f"cdk-{BOOTSTRAP_QUALIFIER}-{kind}-role-{account}-{region}"
