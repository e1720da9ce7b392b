"""`python -m local shell`: the local API's credentials in a subshell (or one command), never in the user's shell.

Exported into a shell, the local key outranks every later AWS command's own settings there (botocore and the AWS
CLI read keys in the environment before AWS_PROFILE), so `AWS_PROFILE=tooling aws ...` would still sign with it.
A subshell ends with `exit`, and the user's shell never held the key.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence

from configuration import load_project_config
from local.gateway import LocalCredentials

# Settings that would otherwise pick other credentials, or add a session token the local key does not have.
CLEARED = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")
MARKER = "LOCAL_API_SHELL"


def local_environment(base: Mapping[str, str], credentials: LocalCredentials, region: str) -> dict[str, str]:
    """`base` with the local API's key and region, and nothing that would choose other credentials."""
    environment = {name: value for name, value in base.items() if name not in CLEARED}
    environment |= {
        "AWS_ACCESS_KEY_ID": credentials.access_key,
        "AWS_SECRET_ACCESS_KEY": credentials.secret_key,
        "AWS_REGION": region,
        "AWS_DEFAULT_REGION": region,
        MARKER: "1",
    }
    return environment


def run_shell(stage: str, command: Sequence[str]) -> int:
    """Run `command` (or the user's shell) with the local credentials of `stage`'s environment."""
    environments = load_project_config().environments
    if stage not in environments:
        print(f"error: no environment {stage!r} in cdk.json (there are: {', '.join(environments)})", file=sys.stderr)
        return 2
    environment = environments[stage]
    credentials = LocalCredentials.from_environment(environment.account)
    argv = list(command) or [os.environ.get("SHELL", "/bin/bash")]
    if not command:
        print(f"==> a subshell with the local API's credentials ({stage}, {environment.region}); `exit` returns to "
              "your own AWS settings", flush=True)  # fmt: skip
    env = local_environment(os.environ, credentials, environment.region)
    return subprocess.run(argv, env=env, check=False).returncode
