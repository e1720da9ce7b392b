"""Escalation paths through the CloudFormation execution policy: requests a template could make that must be denied.

A commit can switch off cdk-nag; it cannot change the policy the deploy role passes to CloudFormation. So the
policy itself must refuse the ways a template could turn a deploy into admin or hand a resource to another
account: a project role without the permissions boundary (created, then passed to a function; or given an
inline policy; or re-trusted), a foreign key or API tagged as the project's and then administered, a function
permission or URL for anyone, and the resource-policy, subscription and export calls no resource here needs.
Each is evaluated with verify/policy.py for one target account and region; anything but a denial is a finding.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from configuration import role_boundary_name, stack_reader_role_name
from verify.findings import CheckResult, Finding
from verify.policy import Decision, Request, evaluate_request

NAME = "escalation"
POLICY_FILE = "bootstrap/cfn-execution-policy.json"
FOREIGN_ACCOUNT = "444455556666"


@dataclass(frozen=True)
class Abuse:
    """One request an attacking template would need, and why it must be denied."""

    path: str
    action: str
    resource: str
    context: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def _abuses(project: str, account: str, region: str) -> list[Abuse]:
    arn = f"arn:aws:{{}}:{region}:{account}:{{}}".format
    role = f"arn:aws:iam::{account}:role/{project}-x"
    other_boundary = {"iam:PermissionsBoundary": (f"arn:aws:iam::{account}:policy/other",)}
    boundary = {"iam:PermissionsBoundary": (f"arn:aws:iam::{account}:policy/{role_boundary_name(project, region)}",)}
    project_tag = {"aws:RequestTag/Project": (project,), "aws:TagKeys": ("Project",)}
    tagged_as_project = {"aws:ResourceTag/Project": (project,)}
    foreign_api = f"arn:aws:apigateway:{region}::/restapis/foreign1"
    function = arn("lambda", f"function:{project}-x")
    return [
        Abuse("create-role-then-pass: a project role without the boundary", "iam:CreateRole", role),
        Abuse("create-role-then-pass: a project role with another boundary", "iam:CreateRole", role, other_boundary),
        Abuse("an inline policy on a project role without the boundary", "iam:PutRolePolicy", role),
        Abuse("re-trusting a project role without the boundary", "iam:UpdateAssumeRolePolicy", role),
        Abuse("removing a project role's boundary", "iam:DeleteRolePermissionsBoundary", role, boundary),
        Abuse("attaching a managed policy to a project role", "iam:AttachRolePolicy", role, boundary),
        *(
            Abuse(f"changing the bootstrap role {name}", "iam:PutRolePolicy", f"arn:aws:iam::{account}:role/{name}",
                  boundary)
            for name in (f"apigateway-logs-{project}-{region}", stack_reader_role_name(project, region))
        ),
        Abuse("tag-then-administer: tagging a foreign key", "kms:TagResource", arn("kms", "key/foreign"), project_tag),
        Abuse("tag-then-administer: a key tagged as the project's", "kms:PutKeyPolicy", arn("kms", "key/foreign"),
              tagged_as_project),
        Abuse("tag-then-administer: deleting a key tagged as the project's", "kms:ScheduleKeyDeletion",
              arn("kms", "key/foreign"), tagged_as_project),
        Abuse("tag-then-administer: tagging a foreign REST API", "apigateway:PUT",
              f"arn:aws:apigateway:{region}::/tags/{foreign_api.replace(':', '%3A')}", project_tag),
        Abuse("changing a foreign REST API", "apigateway:PATCH", foreign_api),
        Abuse("removing a foreign API stage's web ACL", "apigateway:SetWebACL", f"{foreign_api}/stages/prod"),
        Abuse("AddPermission to *", "lambda:AddPermission", function, {"lambda:Principal": ("*",)}),
        Abuse("AddPermission to another account", "lambda:AddPermission", function,
              {"lambda:Principal": (FOREIGN_ACCOUNT,)}),
        Abuse("a public function URL", "lambda:CreateFunctionUrlConfig", function,
              {"lambda:FunctionUrlAuthType": ("NONE",)}),
        Abuse("a table resource policy for another account", "dynamodb:PutResourcePolicy",
              arn("dynamodb", f"table/{project}-x")),
        Abuse("streaming a table to another stream", "dynamodb:EnableKinesisStreamingDestination",
              arn("dynamodb", f"table/{project}-x")),
        Abuse("a log subscription to another account", "logs:PutSubscriptionFilter",
              arn("logs", f"log-group:/aws/lambda/{project}-x")),
        Abuse("a log export", "logs:CreateExportTask", arn("logs", f"log-group:/aws/lambda/{project}-x")),
        *(
            Abuse(f"a {protocol} subscription, which can deliver outside the account", "sns:Subscribe",
                  arn("sns", f"{project}-x"), {"sns:Protocol": (protocol,)})
            for protocol in ("https", "sqs", "lambda", "firehose")
        ),
        Abuse("a topic permission for another account", "sns:AddPermission", arn("sns", f"{project}-x")),
    ]  # fmt: skip


def check_policy(statements: Sequence[Mapping[str, object]], *, project: str, account: str, region: str) -> CheckResult:
    """Every abuse must be denied by the execution policy as deployed into this account and region."""
    findings = []
    abuses = _abuses(project, account, region)
    for abuse in abuses:
        evaluation = evaluate_request(statements, Request(abuse.action, abuse.resource, abuse.context))
        if evaluation.decision in (Decision.ALLOWED, Decision.UNKNOWN):
            granted = ", ".join(evaluation.deciding) or ", ".join(sorted(evaluation.unknown_keys))
            findings.append(
                Finding(
                    NAME,
                    f"{POLICY_FILE} in {account}/{region}",
                    f"{abuse.path}: {abuse.action} on {abuse.resource} is {evaluation.decision.value} ({granted})",
                    "narrow that statement to the project's resources, or condition it (docs/deploy.md, "
                    "'The permissions boundary')",
                )
            )
    return CheckResult(f"{NAME} {account}/{region}", tuple(findings), (), len(abuses))
