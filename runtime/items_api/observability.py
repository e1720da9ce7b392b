"""The one Logger, Tracer and Metrics of the service (names and levels come from the POWERTOOLS_* variables)."""

from __future__ import annotations

import os
import warnings
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.shared import constants
from aws_lambda_powertools.shared.functions import resolve_truthy_env_var_choice
from aws_lambda_powertools.tracing.base import BaseProvider, BaseSegment


class _UntracedSegment(BaseSegment):
    """A subsegment that records nothing."""

    def close(self, end_time: int | None = None) -> None: ...
    def add_subsegment(self, subsegment: Any) -> None: ...
    def remove_subsegment(self, subsegment: Any) -> None: ...
    def put_annotation(self, key: str, value: Any) -> None: ...
    def put_metadata(self, key: str, value: Any, namespace: str = "default") -> None: ...
    def add_exception(self, exception: BaseException, stack: Any, remote: bool = False) -> None: ...


class UntracedProvider(BaseProvider):
    """Stands in for the X-Ray SDK when tracing is off, so it is not imported at all.

    Importing the SDK outside Lambda builds a sampling client (two botocore clients), which would
    cost every local cold start several hundred milliseconds for traces nobody collects.
    """

    @contextmanager
    def in_subsegment(self, name: str | None = None, **kwargs: Any) -> Iterator[BaseSegment]:
        yield _UntracedSegment()

    @asynccontextmanager
    async def in_subsegment_async(self, name: str | None = None, **kwargs: Any) -> AsyncIterator[BaseSegment]:
        yield _UntracedSegment()

    def put_annotation(self, key: str, value: Any) -> None: ...
    def put_metadata(self, key: str, value: Any, namespace: str = "default") -> None: ...
    def patch(self, modules: Sequence[str]) -> None: ...
    def patch_all(self) -> None: ...


def tracing_enabled() -> bool:
    """Powertools' own rule: traced in Lambda unless POWERTOOLS_TRACE_DISABLED is true."""
    disabled = resolve_truthy_env_var_choice(env=os.getenv(constants.TRACER_DISABLED_ENV, "false"))
    return bool(os.getenv(constants.LAMBDA_TASK_ROOT_ENV)) and not disabled


logger = Logger()
# Without an X-Ray daemon nothing breaks: the tracer is off outside Lambda, and in Lambda the SDK only sends
# UDP datagrams. botocore is patched by trace_aws_calls(), when the first client is made, not during init.
tracer = (
    Tracer(auto_patch=False)
    if tracing_enabled()
    else Tracer(disabled=True, auto_patch=False, provider=UntracedProvider())
)
metrics = Metrics()
# Reads publish no custom metric by design; Powertools would warn about that on every such invocation.
warnings.filterwarnings("ignore", message="No application metrics to publish", category=UserWarning)


def trace_aws_calls() -> None:
    """Make every botocore call (DynamoDB) an X-Ray subsegment; a no-op when tracing is off or already done."""
    tracer.patch(modules=["botocore"])


def count(metric_name: str) -> None:
    """Add one to a custom metric of this invocation."""
    metrics.add_metric(name=metric_name, unit=MetricUnit.Count, value=1)
