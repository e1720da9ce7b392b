#!/usr/bin/env python3
"""The CDK app: one pipeline stack in the tooling account, which deploys the service to every configured wave."""

from __future__ import annotations

import os
from pathlib import Path

# CDK's built-in CloudFormation validation is off: it took half of every synth (~3.6 s here), and cfn-lint checks
# the same templates against CloudFormation's schemas in `make verify`, which gates `make test` and the pipeline's
# build step (verify/checks/lint.py); tests/unit/test_template_gate.py shows an invalid template fails. The jsii
# kernel reads the variable when it starts, which is when aws_cdk is first imported.
os.environ.setdefault("CDK_VALIDATION", "false")

from aws_cdk import App, Environment, Validations
from cdk_nag import AwsSolutionsChecks

from configuration import AppConfig, load_config, reported, stage_id
from configuration.synth_record import record_context
from guardrails import LeastPrivilegeChecks
from pipeline.region_artifacts import RegionArtifactsStack
from pipeline.stack import PipelineStack


def _waves(config: AppConfig) -> str:
    return " -> ".join(f"{'approval -> ' if wave.approval else ''}{wave.name}" for wave in config.waves)


def build_app(app: App) -> PipelineStack:
    """Add the pipeline stack to `app` from its configuration, with cdk-nag gating synth."""
    config = load_config(app.node.get_all_context())
    # CodePipeline needs an artifact store in every region it deploys to besides its own.
    regions = sorted({env.region for env in config.environments.values()} - {config.region})
    stores = {
        region: RegionArtifactsStack(app, f"DeliveryPipelineArtifacts{stage_id(region)}", config=config, region=region)
        for region in regions
    }
    stack = PipelineStack(
        app,
        "DeliveryPipeline",
        stack_name=f"{config.project}-delivery-pipeline",
        description=f"{config.project}: self-mutating delivery pipeline (push -> {_waves(config)})",
        config=config,
        replication_buckets={region: store.artifacts for region, store in stores.items()},
        env=Environment(account=config.pipeline_account, region=config.region),
        tags=config.tags("delivery"),
    )
    production = [env.name for env in config.environments.values() if env.production]
    Validations.of(app).add_plugins(
        AwsSolutionsChecks(app), LeastPrivilegeChecks(app, production_environments=production)
    )
    return stack


if __name__ == "__main__":
    application = App()
    with reported():  # a configuration error is one message naming the key, not a traceback
        build_app(application)
    application.synth()
    # `make run` serves this assembly only if it was synthesized from cdk.json as it is (no `-c` overrides).
    record_context(Path(application.outdir), application.node.get_all_context())
