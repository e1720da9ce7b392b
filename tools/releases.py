"""Release history: the pipeline's last N runs with their trigger, commit, timing and the status of every stage.

python -m tools.releases                # the last 10 runs of <project>-delivery
python -m tools.releases -n 25 --pipeline other-pipeline --region eu-west-1
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from configuration import load_project_config, reported
from pipeline.names import pipeline_name

NOT_REACHED = "-"
NO_CREDENTIALS = (
    "error: no AWS credentials found. Sign in to the pipeline account first, for example "
    "`aws sso login --profile tooling`, then `AWS_PROFILE=tooling make releases`."
)
NO_PIPELINE = (
    "error: no pipeline named '{pipeline}' in {region} for these credentials. Deploy the pipeline stack "
    "(docs/deploy.md), check that AWS_PROFILE points at the pipeline account, or pass --pipeline."
)
SUMMARY_WIDTH = 40


@dataclass(frozen=True)
class Execution:
    """One pipeline run as the history shows it."""

    execution_id: str
    status: str
    trigger: str
    commit: str
    started: datetime
    duration: timedelta
    stages: dict[str, str]


def _stage_status(statuses: list[str]) -> str:
    """One word per stage: the worst of its actions' statuses in this run."""
    for status in ("Failed", "InProgress", "Abandoned"):
        if status in statuses:
            return status
    return "Succeeded" if statuses else NOT_REACHED


def _action_statuses(client: Any, pipeline: str, execution_id: str) -> dict[str, list[str]]:
    by_stage: dict[str, list[str]] = {}
    pages = client.get_paginator("list_action_executions").paginate(
        pipelineName=pipeline, filter={"pipelineExecutionId": execution_id}
    )
    for page in pages:
        for action in page["actionExecutionDetails"]:
            by_stage.setdefault(action["stageName"], []).append(action["status"])
    return by_stage


def _commit(summary: dict[str, Any]) -> str:
    """Short commit id and the first line of its message (connections wrap the message in JSON)."""
    revisions = summary.get("sourceRevisions") or [{}]
    revision_id = revisions[0].get("revisionId", "")[:8] or NOT_REACHED
    text = revisions[0].get("revisionSummary", "")
    with contextlib.suppress(ValueError, AttributeError):
        text = json.loads(text).get("CommitMessage", text)
    first_line = text.splitlines()[0] if text else ""
    return f"{revision_id} {first_line[:SUMMARY_WIDTH]}".rstrip()


def fetch_history(client: Any, pipeline: str, count: int, now: datetime) -> tuple[list[str], list[Execution]]:
    """The pipeline's stage names, in order, and its last `count` executions, newest first."""
    stage_names = [stage["stageName"] for stage in client.get_pipeline_state(name=pipeline)["stageStates"]]
    summaries = client.list_pipeline_executions(pipelineName=pipeline, maxResults=count)["pipelineExecutionSummaries"]
    executions = []
    for summary in summaries[:count]:
        actions = _action_statuses(client, pipeline, summary["pipelineExecutionId"])
        finished = summary["status"] not in ("InProgress", "Stopping")
        end = summary.get("lastUpdateTime", now) if finished else now
        executions.append(
            Execution(
                execution_id=summary["pipelineExecutionId"],
                status=summary["status"],
                trigger=summary.get("trigger", {}).get("triggerType", NOT_REACHED),
                commit=_commit(summary),
                started=summary["startTime"],
                duration=end - summary["startTime"],
                stages={name: _stage_status(actions.get(name, [])) for name in stage_names},
            )
        )
    return stage_names, executions


def _duration(delta: timedelta) -> str:
    minutes, seconds = divmod(int(delta.total_seconds()), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{seconds:02d}s"


def render(pipeline: str, executions: list[Execution]) -> str:
    """A plain-text table, one run per line and its stages indented beneath."""
    if not executions:
        return f"{pipeline}: no executions yet (push to the branch, or release a change in the console)"
    header = f"{'EXECUTION':<36}  {'STATUS':<10}  {'TRIGGER':<22}  {'STARTED (UTC)':<16}  {'TOOK':>7}  COMMIT"
    lines = [f"{pipeline}: last {len(executions)} executions, newest first", header]
    for run in executions:
        started = run.started.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
        lines.append(
            f"{run.execution_id:<36}  {run.status:<10}  {run.trigger:<22}  {started:<16}  "
            f"{_duration(run.duration):>7}  {run.commit}"
        )
        lines.append("    " + "  ".join(f"{stage}: {status}" for stage, status in run.stages.items()))
    return "\n".join(lines)


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    with reported():
        config = load_project_config()
    parser = argparse.ArgumentParser(prog="python -m tools.releases", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pipeline", default=pipeline_name(config.project), help="pipeline name (default: %(default)s)"
    )
    parser.add_argument("-n", "--count", type=int, default=10, choices=range(1, 101), metavar="N", help="runs (1-100)")
    parser.add_argument("--region", default=config.region, help="region of the pipeline (default: %(default)s)")
    return parser.parse_args(argv)


ClientFactory = Callable[[str], Any]


def _client(region: str) -> Any:
    return boto3.client("codepipeline", region_name=region)


def main(argv: Sequence[str] | None = None, client_factory: ClientFactory = _client) -> int:
    """Print the history; explain, without a traceback, the two failures people meet first."""
    args = _parse(sys.argv[1:] if argv is None else argv)
    try:
        _, executions = fetch_history(client_factory(args.region), args.pipeline, args.count, datetime.now(UTC))
    except NoCredentialsError:
        print(NO_CREDENTIALS, file=sys.stderr)
        return 2
    except ClientError as error:
        if error.response["Error"]["Code"] == "PipelineNotFoundException":
            print(NO_PIPELINE.format(pipeline=args.pipeline, region=args.region), file=sys.stderr)
            return 2
        print(f"error: {error}", file=sys.stderr)
        return 1
    except BotoCoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(render(args.pipeline, executions))
    return 0


if __name__ == "__main__":
    sys.exit(main())
