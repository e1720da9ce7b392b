"""SnapStart: prime the handler before Lambda snapshots it, and renew per-environment state after each restore.

With SnapStart on (`snapStart` in cdk.json), Lambda runs the init once per published version, snapshots the
execution environment, and resumes every new environment from that snapshot. Priming does the work a first
request would otherwise do (botocore's session, the DynamoDB service model and endpoint rules, the validation
models, a first serialization), so the snapshot holds a warm handler. Without SnapStart nothing is primed:
an on-demand init would only move that work in front of the first request, not remove it.

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

from items_api import json_codec
from items_api.models import parse_new_item
from items_api.settings import get_settings
from items_api.store import dynamodb_client, item_codec

INITIALIZATION_TYPE_VARIABLE = "AWS_LAMBDA_INITIALIZATION_TYPE"
SNAPSTART_INITIALIZATION = "snap-start"
# A representative item: every kind of value the codec and the models handle.
_SAMPLE_ITEM = {
    "name": "priming",
    "price": Decimal("19.99"),
    "tags": ["a", "b"],
    "dimensions": {"width": Decimal(3), "fragile": True, "note": None},
}


def initialized_for_snapshot() -> bool:
    """True during the init Lambda runs to take a SnapStart snapshot."""
    return os.environ.get(INITIALIZATION_TYPE_VARIABLE) == SNAPSTART_INITIALIZATION


def prime() -> None:
    """Do now what the first request would do, short of calling DynamoDB."""
    get_settings()
    dynamodb_client()
    serializer, deserializer = item_codec()
    stored = {name: serializer.serialize(value) for name, value in parse_new_item(dict(_SAMPLE_ITEM)).items()}
    json_codec.loads(json_codec.dumps({name: deserializer.deserialize(value) for name, value in stored.items()}))


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
