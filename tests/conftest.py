"""Settings every test process needs before any test module imports aws_cdk."""

import os

# aws-cdk-lib's built-in CloudFormation validation doubles synth time; cfn-lint validates the same templates in
# `make verify` (tests/unit/test_template_gate.py). The jsii kernel reads this when it starts, at aws_cdk's import.
os.environ.setdefault("CDK_VALIDATION", "false")

# Node tools (the jsii kernel under aws_cdk, the CDK CLI, dynalite) run on the Node package.json pins, as under make
# (tools/toolchain.sh): the machine's own may be older than jsii supports.
PINNED_NODE_BIN = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "node_modules", ".bin")
if os.path.isfile(os.path.join(PINNED_NODE_BIN, "node")) and not os.environ["PATH"].startswith(PINNED_NODE_BIN):
    os.environ["PATH"] = PINNED_NODE_BIN + os.pathsep + os.environ["PATH"]

# Tiers (tests/tiers.py): every test is marked unit, component or integration; `-m unit` is `make unit`.
from tests.tiers import (  # noqa: E402 - after the environment above, as every test module is
    pytest_collection_modifyitems,
    pytest_configure,
    pytest_runtest_call,
    pytest_runtest_setup,
)

__all__ = ["pytest_collection_modifyitems", "pytest_configure", "pytest_runtest_call", "pytest_runtest_setup"]
