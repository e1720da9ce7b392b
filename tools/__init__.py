"""Operator command-line tools (bootstrap, release history); not part of the CDK app or the Lambda runtime."""
