"""The pipeline's waves, from cdk.json's `waves`: one CDK Pipelines wave per configured wave, in order.

The environments of a wave deploy side by side, each followed by its own API tests (the integration suite and the
load test before the first approval, the smoke tests after it). A wave that waits for an approval is guarded by
checks of its own environments: what their update would destroy and (with `permissionsCheck: diff`) whether it
broadens IAM. The checks run beside the previous wave's tests, so they add no step; the approval shows both.
The critical path therefore grows by one or two steps per wave, never per environment.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aws_cdk import aws_sns as sns
from aws_cdk import pipelines
from constructs import Construct

from configuration import AppConfig, EnvironmentConfig, WaveConfig, stage_id
from pipeline.change_check import change_check
from pipeline.drift import drift_check, drift_step_id
from pipeline.protection import termination_protection
from pipeline.reports import TestReports, api_suite, junit_option
from pipeline.verification import (
    INTEGRATION_TESTS,
    SMOKE_TESTS,
    api_tests,
    load_test,
    permissions_check,
    wave_approval,
)
from stages.service_stage import ServiceStage


@dataclass
class WaveGates:
    """An approved wave's gate: the pipeline stage it opens and the name of its manual approval action."""

    wave: WaveConfig
    stage_name: str
    approval: str
    review: pipelines.CodeBuildStep | None = None  # the full diff the approval links to (permissionsCheck: diff)


@dataclass
class DeliveryWaves:
    """Adds every wave to the pipeline; keeps the test steps (for their report grants) and each approval."""

    scope: Construct
    pipeline: pipelines.CodePipeline
    source: pipelines.CodePipelineSource
    config: AppConfig
    cli: str
    alerts: sns.ITopic
    reports: TestReports
    test_steps: dict[str, pipelines.CodeBuildStep] = field(default_factory=dict)  # report suite -> its step
    approvals: list[WaveGates] = field(default_factory=list)

    @staticmethod
    def suites(config: AppConfig) -> list[str]:
        return [api_suite(env.name, production=env.production) for env in config.environments.values()]

    def add_all(self) -> None:
        stages = [[self._stage(env) for env in wave.environments] for wave in self.config.waves]
        deployed: list[pipelines.StageDeployment] = []
        for index, wave in enumerate(self.config.waves):
            tested = stages[index - 1] if index > 0 else []
            pre = self._gate(wave, stages[index], tested, deployed[0] if deployed else None) if wave.approval else []
            pre += self._drift(wave, stages[index])
            added = self.pipeline.add_wave(stage_id(wave.name), pre=pre)
            deployed = [added.add_stage(stage, post=self._post_steps(stage)) for stage in stages[index]]

    def _drift(self, wave: WaveConfig, guarded: list[ServiceStage]) -> list[pipelines.Step]:
        """A production wave's drift check, beside its approval (pipeline/drift.py); none when switched off."""
        if wave.controls is None or wave.controls.drift == "off":
            return []
        step = drift_check(
            self.scope,
            drift_step_id(wave.name),
            source=self.source,
            stages=guarded,
            project=self.config.project,
            mode=wave.controls.drift,
        )
        return [step]

    def _stage(self, environment: EnvironmentConfig) -> ServiceStage:
        return ServiceStage(self.scope, stage_id(environment.name), config=self.config, environment=environment)

    def _post_steps(self, stage: ServiceStage) -> list[pipelines.Step]:
        """The stage's API tests, and termination protection beside them where its stacks ask for it."""
        protection = termination_protection(stage)
        return [self._api_tests(stage), *([protection] if protection else [])]

    def _api_tests(self, stage: ServiceStage) -> pipelines.CodeBuildStep:
        env = stage.environment
        suite = api_suite(env.name, production=env.production)
        if env.production:
            step_id, commands = "SmokeTests", [f"{SMOKE_TESTS} {junit_option(suite)}"]
        else:
            # The load test follows the integration tests in the same step: after them (both on the environment's
            # table, each verdict would depend on the other), without a step of its own on the critical path.
            step_id = "IntegrationTests"
            commands = [f"{INTEGRATION_TESTS} {junit_option(suite)}", load_test(self.config.load_test)]
        step = api_tests(
            self.scope,
            step_id,
            source=self.source,
            stage=stage,
            config=self.config,
            environment=env,
            commands=commands,
            reports=self.reports.build_spec(suite),
        )
        self.test_steps[suite] = step
        return step

    def _gate(
        self,
        wave: WaveConfig,
        guarded: list[ServiceStage],
        tested: list[ServiceStage],
        previous: pipelines.StageDeployment | None,
    ) -> list[pipelines.Step]:
        """The approved wave's checks (beside the previous wave's tests) and its approval; returns the wave's pre."""
        name = stage_id(wave.name)
        changes = change_check(
            self.scope,
            f"{name}ChangeCheck",
            synth=self.pipeline.synth,
            source=self.source,
            stages=guarded,
            project=self.config.project,
        )
        diff = None
        if self.config.permissions_check == "diff":
            diff = permissions_check(
                self.scope,
                f"{name}PermissionsCheck",
                synth=self.pipeline.synth,
                stages=guarded,
                cli=self.cli,
                project=self.config.project,
            )
        checks = [step for step in (diff, changes) if step is not None]
        approval = wave_approval(
            pipeline=self.pipeline, source=self.source, wave=wave.name, tested=tested, changes=changes, check=diff
        )
        self.approvals.append(WaveGates(wave=wave, stage_name=name, approval=approval.id, review=diff))
        if previous is not None:
            previous.add_post(*checks)  # beside the previous wave's first tests: no step of their own
            pre: list[pipelines.Step] = [approval]
        else:
            for check in checks:  # nothing runs before the first wave: its approval waits for the checks
                approval.add_step_dependency(check)
            pre = [*checks, approval]
        if self.config.permissions_check == "confirm":
            # CDK's own gate per environment: a Check beside the approval, and a Confirm one run order later.
            pre += [self._confirm(stage, len(guarded)) for stage in guarded]
        return pre

    def _confirm(self, stage: ServiceStage, environments: int) -> pipelines.ConfirmPermissionsBroadening:
        step_id = "ConfirmPermissions" if environments == 1 else f"ConfirmPermissions{stage_id(stage.environment.name)}"
        return pipelines.ConfirmPermissionsBroadening(step_id, stage=stage, notification_topic=self.alerts)
