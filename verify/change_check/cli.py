"""`python -m verify.change_check`: what deploying a synthesized template over the deployed stack would destroy.

The pipeline runs it before the prod approval, reading the deployed prod template with the prod account's
read-only bootstrap lookup role; the approval shows the verdict. Exit status 1 when the update would replace or
delete a resource whose data is protected (the items table) and the environment does not allow it, else 0.

    python -m verify.change_check --template cdk.out/<assembly>/<stack>.template.json --stack-name items-api-prod \\
        --region us-east-1 --role-arn arn:aws:iam::<prod>:role/cdk-hnb659fds-lookup-role-<prod>-us-east-1
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from verify.change_check.changes import compare

SESSION_NAME = "prod-change-check"


def deployed_template(stack_name: str, region: str, role_arn: str) -> dict[str, Any] | None:
    """The template CloudFormation last deployed for the stack, read with `role_arn`; None if there is no stack."""
    import boto3  # noqa: PLC0415 - only this path reaches AWS
    from botocore.exceptions import ClientError  # noqa: PLC0415

    issued = boto3.client("sts", region_name=region).assume_role(RoleArn=role_arn, RoleSessionName=SESSION_NAME)
    credentials = issued["Credentials"]
    cloudformation = boto3.client(
        "cloudformation",
        region_name=region,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )
    try:
        body = cloudformation.get_template(StackName=stack_name, TemplateStage="Original")["TemplateBody"]
    except ClientError as error:
        if "does not exist" in str(error):
            return None
        raise
    return body if isinstance(body, dict) else json.loads(body)


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m verify.change_check", description=__doc__.splitlines()[0])
    parser.add_argument("--template", type=Path, required=True, help="the synthesized template to deploy")
    parser.add_argument("--stack-name", required=True)
    parser.add_argument("--region", required=True)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--role-arn", help="role to read the deployed template with (the bootstrap lookup role)")
    source.add_argument("--deployed", type=Path, help="the deployed template as a file (instead of reading it)")
    parser.add_argument("--allow-data-replacement", action="store_true", help="the environment allows it")
    parser.add_argument("--verdict-file", type=Path, help="write the one-line verdict here (for the approval)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    new = json.loads(args.template.read_text())
    if args.deployed is not None:
        deployed = json.loads(args.deployed.read_text()) if args.deployed.is_file() else None
    else:
        deployed = deployed_template(args.stack_name, args.region, args.role_arn)
    report = compare(deployed, new, args.region)
    if deployed is None:
        print(f"{args.stack_name} is not deployed yet: nothing to replace or delete")
    for change in report.changes:
        print(f"{'BLOCKED ' if change.protected or change.kind == 'fails' else ''}{change}")
    blocked = report.blocked(args.allow_data_replacement)
    verdict = report.verdict()
    if args.verdict_file is not None:
        args.verdict_file.write_text(verdict)
    print(f"stateful resources replaced or deleted in {args.stack_name}: {verdict}")
    refused = ", ".join(change.logical_id for change in blocked if change.kind == "fails")
    protected = ", ".join(change.logical_id for change in blocked if change.kind != "fails")
    if refused:
        print(f"error: CloudFormation would refuse the update of: {refused}", file=sys.stderr)
        print("give the resource a new name with the change, or let CloudFormation name it", file=sys.stderr)
    if protected:
        print(f"error: the update would destroy protected data: {protected}", file=sys.stderr)
        print("undo the change, or back the data up and set allowDataReplacement once", file=sys.stderr)
    return 1 if blocked else 0
