"""Canary wiring: the role a CloudWatch Synthetics canary runs as may do what the Synthetics runtime does with it.

AWS lists what that is (CloudWatch user guide, 'Required roles and permissions for canaries'): Lambda assumes the
role; it writes the log group of the function Synthetics creates (`/aws/lambda/cwsyn-<canary>-<id>`), puts the run
artifacts under the canary's S3 location and reads that bucket's region, and puts metrics in the
CloudWatchSynthetics namespace.
"""

from __future__ import annotations

from collections.abc import Iterator

from verify.checks.wiring_common import NAME
from verify.findings import Finding
from verify.names import SAMPLE_ID, StackNames
from verify.policy import Principal, Request, evaluate_request
from verify.roles import role_of, role_permissions

METRICS_NAMESPACE = "CloudWatchSynthetics"


def _runtime_requests(names: StackNames, logical_id: str) -> list[Request]:
    properties = names.properties(logical_id)
    location = str(names.resolve(properties["ArtifactS3Location"], logical_id)).removeprefix("s3://")
    bucket, _, prefix = location.partition("/")
    bucket_arn = f"arn:{names.environment.partition}:s3:::{bucket}"
    group = names.arn("logs", f"log-group:/aws/lambda/cwsyn-{names.name(logical_id)}-{SAMPLE_ID}")
    stream = f"{group}:log-stream:{SAMPLE_ID}"
    return [
        Request("logs:CreateLogGroup", group),
        Request("logs:CreateLogStream", stream),
        Request("logs:PutLogEvents", stream),
        Request("s3:PutObject", "/".join(part for part in (bucket_arn, prefix.strip("/"), SAMPLE_ID) if part)),
        Request("s3:GetBucketLocation", bucket_arn),
        Request("cloudwatch:PutMetricData", "*", {"cloudwatch:namespace": (METRICS_NAMESPACE,)}),
    ]


def canary_findings(names: StackNames, logical_id: str) -> Iterator[Finding]:
    role_id = role_of(names, names.properties(logical_id).get("ExecutionRoleArn"))
    if role_id is None:
        return
    role = role_permissions(names, role_id)
    if role.managed_policies:
        return  # a managed policy's content is not in the template; LeastPrivilege-LP3 reports it
    where = f"{names.environment.stack_name}/{logical_id}"
    assumed = Request("sts:AssumeRole", names.role_arn(role_id), {}, Principal("Service", "lambda.amazonaws.com"))
    if not evaluate_request(role.trust, assumed).allowed:
        yield Finding(NAME, where, f"its role {role_id} does not let Lambda assume it, so the canary cannot run",
                      "trust lambda.amazonaws.com in the role's AssumeRolePolicyDocument")  # fmt: skip
    requests = _runtime_requests(names, logical_id)
    missing = [f"{r.action} on {r.resource}" for r in requests if not evaluate_request(role.permissions, r).allowed]
    if missing:
        problem = f"its role {role_id} cannot do what the Synthetics runtime does: {'; '.join(missing)}"
        yield Finding(NAME, where, problem, "grant them to the canary role (stages/constructs/canary.py)")
