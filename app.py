#!/usr/bin/env python3
"""The CDK app: one pipeline stack in the tooling account, which deploys the service to dev and prod."""

from __future__ import annotations

from aws_cdk import App, Environment, Validations
from cdk_nag import AwsSolutionsChecks

from guardrails import LeastPrivilegeChecks
from pipeline.stack import PipelineStack
from stages.config import load_config


def build_app(app: App) -> PipelineStack:
    """Add the pipeline stack to `app` from its configuration, with cdk-nag gating synth."""
    config = load_config(app.node)
    stack = PipelineStack(
        app,
        "DeliveryPipeline",
        stack_name=f"{config.project}-delivery-pipeline",
        description=f"{config.project}: self-mutating delivery pipeline (push -> dev -> approval -> prod)",
        config=config,
        env=Environment(account=config.pipeline_account, region=config.region),
        tags=config.tags("delivery"),
    )
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), LeastPrivilegeChecks(app))
    return stack


if __name__ == "__main__":
    # CDK's built-in CloudFormation validation is off: it took half of every synth (~3.6 s here), and cfn-lint checks
    # the same templates against CloudFormation's schemas in `make verify`, which gates `make test` and the
    # pipeline's build step (verify/checks/lint.py); tests/unit/test_template_gate.py shows an invalid template fails.
    application = App(builtin_cloud_formation_validation=False)
    build_app(application)
    application.synth()
