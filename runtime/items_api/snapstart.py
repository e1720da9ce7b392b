"""SnapStart: prime the handler before Lambda snapshots it, and renew per-environment state after each restore.

With SnapStart on (`snapStart` in cdk.json), Lambda runs the init once per published version, snapshots the
execution environment, and resumes every new environment from that snapshot. Priming does the work a first
request would otherwise do (botocore's session, the DynamoDB service model and endpoint rules, the validation
models, a first serialization), so the snapshot holds a warm handler. Without SnapStart nothing is primed:
an on-demand init would only move that work in front of the first request, not remove it.

One refused request per route primes the resolver too.

What must differ between environments is renewed after restore (AWS: "Handling uniqueness with Lambda
SnapStart"): the `random` module's state, which botocore's retry jitter draws from, would otherwise repeat in
every environment restored from one snapshot. Item ids come from uuid4, i.e. os.urandom, which the kernel
keeps unique per environment. Priming opens no connection, so none is frozen in the snapshot; credentials are
resolved and refreshed by botocore itself.

The hooks are registered with `snapshot_restore_py`, which Lambda's managed Python runtimes include (it is not
bundled: a bundled copy would shadow the runtime's registry, and the hooks would never run).
"""

from __future__ import annotations

import os
import random
from decimal import Decimal

from items_api import json_codec, names
from items_api.attribute_values import from_attribute_values, to_attribute_values
from items_api.observability import logger, metrics
from items_api.proxy_event import proxy_event
from items_api.settings import get_settings
from items_api.store import dynamodb_client

INITIALIZATION_TYPE_VARIABLE = "AWS_LAMBDA_INITIALIZATION_TYPE"
SNAPSTART_INITIALIZATION = "snap-start"
# A representative item: every kind of value the codec and the models handle.
_SAMPLE_ITEM = {
    "name": "priming",
    "price": Decimal("19.99"),
    "tags": ["a", "b"],
    "dimensions": {"width": Decimal(3), "fragile": True, "note": None},
}


# One request per route that the API refuses before any DynamoDB call: the id cannot name an item, the limit is
# out of range, the body lacks a name. Each builds its route's parameter validation, as AWS's best practices for
# SnapStart suggest ("preload with dummy invocations").
_NO_ITEM = "priming"
_PRIMING_REQUESTS = (
    ("GET", names.ITEMS_PATH, None, {"limit": "0"}),
    ("POST", names.ITEMS_PATH, "{}", None),
    ("GET", names.ITEM_PATH, None, None),
    ("PUT", names.ITEM_PATH, '{"name": "priming"}', None),
    ("DELETE", names.ITEM_PATH, None, None),
)


def initialized_for_snapshot() -> bool:
    """True during the init Lambda runs to take a SnapStart snapshot."""
    return os.environ.get(INITIALIZATION_TYPE_VARIABLE) == SNAPSTART_INITIALIZATION


def prime() -> None:
    """Do now what the first requests would do, short of calling DynamoDB; leave no log line or metric behind."""
    from items_api.api import resolve  # noqa: PLC0415 - the handler imports this module before the routes exist
    from items_api.item_body import parse_new_item  # noqa: PLC0415

    get_settings()
    dynamodb_client()
    stored = to_attribute_values(parse_new_item(dict(_SAMPLE_ITEM)))
    json_codec.loads(json_codec.dumps(from_attribute_values(stored)))
    level = logger.log_level
    logger.setLevel("ERROR")
    try:
        for request in _PRIMING_REQUESTS:
            method, resource, body, query = request
            event = proxy_event(
                method,
                resource,
                request_id="snapstart-priming",
                stage="priming",
                item_id=_NO_ITEM,
                query=query,
                body=body,
            )
            resolve(event, None)
    finally:
        logger.setLevel(level)
        metrics.clear_metrics()


def renew_after_restore() -> None:
    """Give this restored environment its own `random` state (seeded from os.urandom)."""
    random.seed()


def register_hooks() -> bool:
    """Register the hooks when Lambda initializes for a snapshot; False when it does not (nothing registered)."""
    if not initialized_for_snapshot():
        return False
    from snapshot_restore_py import register_after_restore, register_before_snapshot  # noqa: PLC0415

    register_before_snapshot(prime)
    register_after_restore(renew_after_restore)
    return True
