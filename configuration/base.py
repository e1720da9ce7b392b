"""The base of every configuration model: closed, strict, immutable, with cdk.json's camelCase keys."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class ConfigModel(BaseModel):
    """Closed (`extra="forbid"`: a misspelt key is an error, never ignored), strict (JSON types only: `"5"` is not a
    number, `true` is not 1), frozen (configuration is read once), keys in camelCase as cdk.json writes them (and
    only so: `api_rate_limit` in cdk.json is an unknown key, not a synonym)."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        alias_generator=to_camel,
        validate_by_alias=True,
        validate_by_name=False,
        serialize_by_alias=True,
    )
