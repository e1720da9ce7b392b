"""Every AWS CLI call the pipeline makes is allowed to the role it runs as, on the ARN AWS authorizes it against.

The calls are read from what runs: the Commands rules of the synthesized pipeline (their shell lines, run as the
pipeline's service role, which CodePipeline assumes for a Commands rule; a rule naming a RoleArn is a finding, since
UpdatePipeline may then ask that the role can assume itself, aws/aws-cdk#11353; calls after `aws sts assume-role`
run as the assumed role) and the scripts in tools/ that the pipeline's steps run (as the role
verify/data/aws_cli_calls.json names). Each call is looked up in that table: the IAM action and the resource ARN AWS
checks it against, with the documented source. A call missing from the table is a finding, so a new call cannot go
unchecked; an assumed role's trust is evaluated too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from configuration.paths import PROJECT_ROOT
from verify.assembly import DeployedStack
from verify.bootstrap import READER_TEMPLATE, drift_reader_policy, stack_reader_policy
from verify.findings import CheckResult, Finding
from verify.names import StackNames
from verify.policy import Principal, Request, evaluate_request
from verify.roles import role_of, role_permissions

NAME = "cli-calls"
TABLE = Path(__file__).resolve().parent.parent / "data" / "aws_cli_calls.json"
# aws [--global-option value]... SERVICE OPERATION [words up to the end of the shell command]
CALL = re.compile(r"\baws((?:\s+--[a-z-]+\s+[^-\s]\S*)*)\s+([a-z][a-z0-9-]*)\s+([a-z][a-z0-9-]*)((?:\s+[^;|)&\s]+)*)")
ARRAY = re.compile(r"^\s*(\w+)=\((aws\b[^)]*)\)", re.MULTILINE)
ROLE_NAME = re.compile(r"^arn:[^:]+:iam::(\d{12}):role/(.+)$")
Statements = Sequence[Mapping[str, Any]]


@dataclass(frozen=True)
class Call:
    """One `aws SERVICE OPERATION --option value ...` as written."""

    service: str
    operation: str
    options: Mapping[str, str]

    @property
    def key(self) -> str:
        return f"{self.service} {self.operation}"


@dataclass(frozen=True)
class Caller:
    """Who makes a call: its ARN (for trust policies) and what it may do."""

    arn: str
    label: str
    permissions: Statements


def parse_calls(text: str) -> list[Call]:
    """The AWS CLI calls of shell text, in order; `"${NAME[@]}"` is expanded from `NAME=(aws ...)`."""
    for name, words in ARRAY.findall(text):
        text = text.replace(f'"${{{name}[@]}}"', words)
    calls = []
    for leading, service, operation, rest in CALL.findall(text):
        words = [*leading.split(), *rest.split()]
        options = {word: (words[i + 1] if i + 1 < len(words) else "") for i, word in enumerate(words)
                   if word.startswith("--")}  # fmt: skip
        calls.append(Call(service, operation, options))
    return calls


class CliCallCheck:
    """Judges calls against the table and the callers' policies; collects findings."""

    def __init__(self, project: str, pipeline_account: str, table: Path = TABLE, reader: Path = READER_TEMPLATE):
        self.project, self.pipeline_account, self.reader = project, pipeline_account, reader
        self.table: dict[str, Any] = json.loads(table.read_text())
        self.findings: list[Finding] = []
        self.checked = 0

    def assumed(self, role_arn: str, region: str) -> tuple[Caller, Statements] | None:
        """A bootstrap role of a target (its permissions and trust), by its name."""
        match = ROLE_NAME.match(role_arn)
        if match is None:
            return None
        account, name = match.groups()
        if name.startswith("stack-reader-"):
            permissions, trust = stack_reader_policy(self.project, self.pipeline_account, account, region, self.reader)
            return Caller(role_arn, f"bootstrap/stack-reader-role.json ({account} {region})", permissions), trust
        if name.startswith("drift-reader-"):
            policy = drift_reader_policy(self.project, self.pipeline_account, account, region)
            return Caller(role_arn, f"bootstrap/drift-reader-role.json ({account} {region})", policy), ()
        return None

    def judge(self, where: str, call: Call, caller: Caller, region: str, stacks: Sequence[str] = ("*",)) -> None:
        entry = self.table["calls"].get(call.key)
        if entry is None:
            if call.key not in self.table["local"]:
                self.findings.append(Finding(NAME, where, f"`aws {call.key}` is not in {TABLE.name}",
                                             "add it: the IAM action and the resource ARN AWS authorizes it against, "
                                             "with the documented source"))  # fmt: skip
            return
        role = ROLE_NAME.match(caller.arn)
        account = role.group(1) if role else ""
        for stack in stacks:
            resource = entry["resource"].format(partition="aws", region=region, account=account,
                                                role_arn=call.options.get("--role-arn", ""), stack=stack)  # fmt: skip
            self.checked += 1
            decision = evaluate_request(caller.permissions, Request(entry["action"], resource))
            if not decision.allowed:
                self.findings.append(Finding(NAME, where, f"`aws {call.key}` as {caller.label}: {entry['action']} on "
                                             f"{resource} is {decision.decision.value}",
                                             f"allow it on that ARN ({entry['source']})"))  # fmt: skip

    def trust(self, where: str, caller: Caller, trust: Statements, role_arn: str) -> None:
        self.checked += 1
        request = Request("sts:AssumeRole", role_arn, {"aws:PrincipalArn": (caller.arn,)}, Principal("AWS", caller.arn))
        if not evaluate_request(trust, request).allowed:
            self.findings.append(Finding(NAME, where, f"the trust of {role_arn} does not admit {caller.arn}",
                                         "name the caller in the role's trust (bootstrap/)"))  # fmt: skip

    def command(self, where: str, text: str, caller: Caller, default_region: str) -> None:
        """One rule's shell line: calls after an assume-role run as the assumed role."""
        current = caller
        for call in parse_calls(text):
            region = call.options.get("--region", default_region)
            self.judge(where, call, current, region)
            if call.key == "sts assume-role":
                role_arn = call.options.get("--role-arn", "")
                found = self.assumed(role_arn, _region_of(text, default_region))
                if found is None:
                    self.findings.append(Finding(NAME, where, f"assumes {role_arn}, whose policy this check cannot "
                                                 "read", "assume a bootstrap role of bootstrap/"))  # fmt: skip
                    return
                self.trust(where, current, found[1], role_arn)
                current = found[0]


def _region_of(text: str, default: str) -> str:
    """The region the assumed credentials are used in (the line's `--region`)."""
    found = re.search(r"--region\s+([a-z0-9-]+)", text)
    return found.group(1) if found else default


def rules(stack: DeployedStack) -> Iterator[tuple[str, str, Any, Any]]:
    """(where, command, the pipeline's RoleArn, the rule's own RoleArn) of every Commands rule of the stack's
    pipelines: CodePipeline runs a Commands rule as the pipeline's service role (its rule reference)."""
    for logical_id, resource in stack.resources.items():
        if resource.get("Type") != "AWS::CodePipeline::Pipeline":
            continue
        for stage in resource["Properties"].get("Stages", []):
            for when in ("BeforeEntry", "OnSuccess", "OnFailure"):
                for condition in (stage.get(when) or {}).get("Conditions", []):
                    for rule in condition.get("Rules", []):
                        for command in rule.get("Commands", []):
                            where = f"{stack.stack_name}/{logical_id} {stage['Name']}.{when}.{rule['Name']}"
                            yield where, command, resource["Properties"].get("RoleArn"), rule.get("RoleArn")


def check(
    stacks: Sequence[DeployedStack],
    project: str,
    pipeline_account: str,
    targets: Sequence[tuple[str, str]],
    *,
    table: Path = TABLE,
    reader: Path = READER_TEMPLATE,
) -> CheckResult:
    """The calls of every Commands rule of `stacks`, and of every script the table names in every target."""
    judge = CliCallCheck(project, pipeline_account, table, reader)
    for stack in stacks:
        names = StackNames(stack)
        for where, command, role_arn, own_role in rules(stack):
            if own_role is not None:
                judge.findings.append(Finding(NAME, where, "the Commands rule names a RoleArn; CodePipeline runs "
                                              "it as the pipeline's service role", "remove the rule's RoleArn "
                                              "(UpdatePipeline may ask that the role can assume itself)"))  # fmt: skip
            role_id = role_of(names, role_arn)
            if role_id is None:
                judge.findings.append(Finding(NAME, where, "the pipeline names no role of its template",
                                              "set the pipeline's RoleArn to its service role"))  # fmt: skip
                continue
            caller = Caller(names.role_arn(role_id), f"{stack.stack_name}/{role_id}",
                            role_permissions(names, role_id).permissions)  # fmt: skip
            judge.command(where, command, caller, stack.region)
    for script, how in judge.table["scripts"].items():
        calls = parse_calls((PROJECT_ROOT / script).read_text())
        for account, region in targets:
            served = [s.stack_name for s in stacks if (s.account, s.region) == (account, region)]
            arn = f"arn:aws:iam::{account}:role/{how['runs_as']}-{project}-{region}"
            found = judge.assumed(arn, region)
            assert found is not None, f"{how['runs_as']} is not a bootstrap role"
            for call in calls:
                judge.judge(f"{script} ({account} {region})", call, found[0], region, served or ("*",))
    return CheckResult(NAME, tuple(sorted(set(judge.findings))), checked=judge.checked)
