"""Settings every test process needs before any test module imports aws_cdk."""

import os

# aws-cdk-lib's built-in CloudFormation validation doubles synth time; cfn-lint validates the same templates in
# `make verify` (tests/unit/test_template_gate.py). The jsii kernel reads this when it starts, at aws_cdk's import.
os.environ.setdefault("CDK_VALIDATION", "false")
