"""Idempotent creation: Powertools idempotency keyed by the Idempotency-Key header, checked against the body."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from items_api import items, json_codec, names
from items_api.exceptions import IdempotencyKeyReusedError, RequestInProgressError
from items_api.settings import get_settings
from items_api.store import dynamodb_client, unavailability

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig
    from aws_lambda_powertools.utilities.typing import LambdaContext
    from botocore.client import BaseClient

EXPIRES_AFTER_SECONDS = 24 * 60 * 60
# A fixed prefix (instead of the default, which contains the function name) keeps keys valid across deployments.
_KEY_PREFIX = "items-api#create-item"


def body_hash(attributes: dict[str, Any]) -> str:
    """Hash of the validated attributes' canonical JSON: the same item hashes the same however it was spelled.

    Only attributes that passed validation are hashed: a raw body may nest thousands of levels deep or hold
    numbers no codec writes back, and hashing it would fail before the item rules could refuse it (422).
    """
    return hashlib.sha256(json_codec.dumps(attributes, sort_keys=True).encode()).hexdigest()


def _create_from_request(request: dict[str, str], attributes: dict[str, Any]) -> dict[str, Any]:
    # `request` only carries the key and body hash Powertools stores; the item comes from `attributes`.
    return items.create_valid_item(attributes)


@lru_cache(maxsize=1)
def _config() -> IdempotencyConfig:
    from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig  # noqa: PLC0415

    return IdempotencyConfig(
        event_key_jmespath="key",
        payload_validation_jmespath="bodyHash",
        raise_on_no_idempotency_key=True,
        expires_after_seconds=EXPIRES_AFTER_SECONDS,
        hash_function="sha256",
    )


@lru_cache(maxsize=1)
def _idempotent_create(client: BaseClient) -> Callable[..., dict[str, Any]]:
    """Built on first use (off the cold-start path), for the container's current DynamoDB client."""
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer, idempotent_function  # noqa: PLC0415
    from aws_lambda_powertools.utilities.idempotency.serialization.base import BaseIdempotencySerializer  # noqa: PLC0415

    class ItemJsonSerializer(BaseIdempotencySerializer):
        """Stores the created item as exact JSON text, so a replay returns the very same numbers."""

        def to_dict(self, data: Any) -> dict[str, Any]:
            return {"item": json_codec.dumps(data)}

        def from_dict(self, data: dict[str, Any]) -> Any:
            return json_codec.loads(data["item"])

    persistence = DynamoDBPersistenceLayer(
        table_name=get_settings().idempotency_table_name,
        key_attr=names.IDEMPOTENCY_PARTITION_KEY,
        expiry_attr=names.IDEMPOTENCY_EXPIRY_ATTRIBUTE,
        boto3_client=client,
    )
    create: Callable[..., dict[str, Any]] = idempotent_function(
        _create_from_request,
        data_keyword_argument="request",
        persistence_store=persistence,
        config=_config(),
        output_serializer=ItemJsonSerializer(),
        key_prefix=_KEY_PREFIX,
    )
    return create


def create_item_once(key: str, body: dict[str, Any], lambda_context: LambdaContext | None) -> dict[str, Any]:
    """Create the item, or return the item created earlier with this key and body.

    The body is validated first (ItemValidationError, and the key stays unused); then RequestInProgressError
    while the first request with the key runs; IdempotencyKeyReusedError when the key came with another item.
    The Lambda context bounds how long an unfinished request blocks its key.
    """
    from aws_lambda_powertools.utilities.idempotency.exceptions import (  # noqa: PLC0415
        IdempotencyAlreadyInProgressError,
        IdempotencyPersistenceLayerError,
        IdempotencyValidationError,
    )

    attributes = items.new_item_attributes(body)
    if lambda_context is not None:
        _config().register_lambda_context(lambda_context)
    request = {"key": key, "bodyHash": body_hash(attributes)}
    try:
        return _idempotent_create(dynamodb_client())(request=request, attributes=attributes)
    except IdempotencyAlreadyInProgressError:
        raise RequestInProgressError(key) from None
    except IdempotencyValidationError:
        raise IdempotencyKeyReusedError(key) from None
    except IdempotencyPersistenceLayerError as error:
        unavailable = _unavailable_cause(error)
        if unavailable is not None:
            raise unavailable from error
        raise


def _unavailable_cause(error: BaseException) -> Exception | None:
    cause: BaseException | None = error
    while cause is not None:
        unavailable = unavailability(cause)
        if unavailable is not None:
            return unavailable
        cause = cause.__cause__
    return None
