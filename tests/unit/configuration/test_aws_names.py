"""Names built from configuration fit AWS's limits: the limits are AWS's published ones, every such name in the
synthesized templates is one the list knows, and a name too long for its limit stops loading."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import reduce

import botocore.session
import pytest

from configuration import AppConfig, ConfigError, load_config
from configuration.aws_names import (
    CDK_GENERATED,
    ENVIRONMENT_NAMES,
    PROJECT_NAMES,
    UNLIMITED,
    WAVE_NAMES,
    NameLimit,
    Published,
)
from tests.unit.conftest import SynthesizedApp
from verify.assembly import load_stacks

RULES = (*ENVIRONMENT_NAMES, *WAVE_NAMES, *PROJECT_NAMES)
SESSION = botocore.session.get_session()


def _member(source: Published):
    shape = SESSION.get_service_model(source.service).operation_model(source.operation).input_shape
    return reduce(lambda found, name: found.members[name], source.member.split("."), shape)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: f"{rule.kind}-{rule.limit}")
def test_each_limit_is_the_one_aws_publishes(rule: NameLimit) -> None:
    if not isinstance(rule.source, Published):
        pytest.skip(f"published outside botocore: {rule.source}")
    member = _member(rule.source)

    if rule.source.documented_only:
        assert "max" not in member.metadata and str(rule.limit) in member.documentation
    else:
        assert member.metadata["max"] == rule.limit


def _physical_names(template: dict) -> Iterator[tuple[str, str, str]]:
    for resource in template.get("Resources", {}).values():
        for key, value in (resource.get("Properties") or {}).items():
            if key.endswith("Name") and isinstance(value, str):
                yield resource["Type"], key, value


def _uncovered(config: AppConfig, names: list[tuple[str, str, str]]) -> list[str]:
    """Names built from the project's name that no rule predicts at their length or longer."""
    sources = {
        ENVIRONMENT_NAMES: list(config.environments),
        WAVE_NAMES: [wave.name for wave in config.waves],
        PROJECT_NAMES: [config.project],
    }
    found = []
    for resource_type, key, value in names:
        if config.project not in value or (resource_type, key) in UNLIMITED:
            continue
        if (resource_type, key) in CDK_GENERATED:
            if len(value) > CDK_GENERATED[resource_type, key]:
                found.append(f"{resource_type} {key} {value!r}")
            continue
        longest = [
            len(rule.longest(config.project, source))
            for rules, names_built_from in sources.items()
            for rule in rules
            if (rule.resource_type, rule.property) == (resource_type, key)
            for source in names_built_from
            if source in value.removeprefix(f"{config.project}-") or rules is PROJECT_NAMES
        ]
        if not longest or len(value) > max(longest):
            found.append(f"{resource_type} {key} {value!r}")
    return found


def _assembly_names(app: SynthesizedApp) -> list[tuple[str, str, str]]:
    stacks = load_stacks(app.outdir)
    names = [("AWS::CloudFormation::Stack", "StackName", stack.stack_name) for stack in stacks]
    for stack in stacks:
        names.extend(_physical_names(json.loads(stack.template_path.read_text())))
    return names


def test_every_name_built_from_configuration_is_in_the_list(three_waves: SynthesizedApp) -> None:
    assert _uncovered(three_waves.config, _assembly_names(three_waves)) == []


def test_a_name_the_list_does_not_know_is_found(three_waves: SynthesizedApp) -> None:
    unknown = [("AWS::SQS::Queue", "QueueName", f"{three_waves.config.project}-dev-jobs")]
    # Longer than any role name the list predicts (each is within IAM's 64), as a new suffix could make one.
    longer = [("AWS::IAM::Role", "RoleName", f"{three_waves.config.project}-dev-api-test-runner-{'x' * 40}")]

    assert len(_uncovered(three_waves.config, unknown + longer)) == 2


def test_a_project_name_too_long_for_the_pipeline_name_is_refused(monkeypatch, context: dict) -> None:
    short = NameLimit("AWS::CodePipeline::Pipeline", "Name", lambda p, _: f"{p}-delivery", 12, "a test limit")
    monkeypatch.setattr("configuration.resolve.PROJECT_NAMES", (short,))

    with pytest.raises(ConfigError, match=r"'project' is too long: at most 3 characters \(the CodePipeline::Pipeline"):
        load_config(context)


def test_a_wave_name_too_long_for_its_approvers_policy_is_refused(monkeypatch, context: dict) -> None:
    short = NameLimit("AWS::IAM::ManagedPolicy", "ManagedPolicyName", lambda p, w: f"{p}-{w}-approvers", 23, "test")
    monkeypatch.setattr("configuration.resolve.WAVE_NAMES", (short,))

    with pytest.raises(ConfigError, match=r"'waves\[1\]\.name' is too long: at most 3 characters with this project"):
        load_config(context)
