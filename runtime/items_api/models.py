"""Pydantic models: the request bodies (with the item rules) and the response shapes the OpenAPI document shows.

Imported only where a body is refused (item_body.py hands such bodies here, so a 422 names its fields as the
models do) or the API is documented: a valid body passes the precompiled schema of these same models instead.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from items_api import dynamodb_rules, json_codec
from items_api.exceptions import FieldProblem, ItemValidationError
from items_api.item_rules import (
    ATTRIBUTE_NAME_PATTERN,
    MAX_ATTRIBUTES,
    NAME_PATTERN,
    SERVER_FIELDS,
    client_attribute_name,
    trimmed_name,
)

_VALUE_DESCRIPTION = (
    "Any JSON value. Text must be valid Unicode (no unpaired surrogate escapes). Numbers keep every significant "
    "digit (at most 38, magnitude 1E-130 to 9.99E+125, or 0) and are stored with zeros trimmed (1.50 as 1.5); "
    f"arrays and objects nest at most {dynamodb_rules.MAX_NESTING} levels; object keys are 1 to "
    f"{dynamodb_rules.MAX_KEY_BYTES:,} bytes of UTF-8."
)


ItemName = Annotated[str, Field(strict=True), AfterValidator(trimmed_name)]
AttributeName = Annotated[str, AfterValidator(client_attribute_name)]
AttributeValue = Annotated[Any, AfterValidator(dynamodb_rules.stored_value)]

_NAME_SCHEMA = {"type": "string", "pattern": NAME_PATTERN, "description": "1-200 characters after trimming"}
_CLIENT_ATTRIBUTES_SCHEMA: dict[str, Any] = {
    "propertyNames": {"pattern": ATTRIBUTE_NAME_PATTERN, "not": {"enum": list(SERVER_FIELDS)}},
    "maxProperties": MAX_ATTRIBUTES,
    "additionalProperties": {"description": _VALUE_DESCRIPTION},
}


class _ClientAttributes(BaseModel):
    """Client-chosen attributes: names from [A-Za-z0-9_]{1,64}, any JSON values, server fields refused."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[AttributeName, AttributeValue] = Field(init=False)

    @model_validator(mode="before")
    @classmethod
    def _at_most_max_attributes(cls, data: Any) -> Any:
        if isinstance(data, dict) and len(data) > MAX_ATTRIBUTES:
            raise ValueError(f"an item has at most {MAX_ATTRIBUTES} attributes (name included)")
        return data


class ItemCreate(_ClientAttributes):
    """Body of POST /items: `name` plus any client attributes."""

    model_config = ConfigDict(
        extra="allow", title="ItemCreate", json_schema_extra={**_CLIENT_ATTRIBUTES_SCHEMA, "required": ["name"]}
    )
    name: Annotated[ItemName, WithJsonSchema(_NAME_SCHEMA)]


class ItemUpdate(_ClientAttributes):
    """Body of PUT /items/{id}: the client attributes to set (at least one); others stay as they are."""

    model_config = ConfigDict(
        extra="allow", title="ItemUpdate", json_schema_extra={**_CLIENT_ATTRIBUTES_SCHEMA, "minProperties": 1}
    )
    # Optional, but never null: documented as a plain string.
    name: Annotated[ItemName | None, WithJsonSchema(_NAME_SCHEMA)] = None

    @field_validator("name", mode="before")
    @classmethod
    def _name_is_not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("name cannot be removed or set to null")
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> ItemUpdate:
        if not self.model_fields_set and not self.__pydantic_extra__:
            raise ValueError("give at least one attribute to update")
        return self


def _problems(error: ValidationError) -> list[FieldProblem]:
    problems = []
    for detail in error.errors(include_url=False, include_input=False):
        field = ".".join(str(part) for part in detail["loc"]) if detail["loc"] else "body"
        problems.append(FieldProblem(field=field, message=detail["msg"].removeprefix("Value error, ")))
    return problems


def _refuse_invalid_names(body: dict[str, Any]) -> None:
    """Attribute names that are not valid Unicode, named as the client spelled them (pydantic cannot name them)."""
    problems = [
        FieldProblem(json_codec.escaped_surrogates(name), f"attribute names {dynamodb_rules.INVALID_UNICODE}")
        for name in body
        if not json_codec.is_valid_unicode(name)
    ]
    if problems:
        raise ItemValidationError(problems)


def parse_new_item(body: dict[str, Any]) -> dict[str, Any]:
    """The client attributes of a new item (name trimmed), or ItemValidationError naming each bad field."""
    _refuse_invalid_names(body)
    try:
        return ItemCreate.model_validate(body).model_dump()
    except ValidationError as error:
        raise ItemValidationError(_problems(error)) from None


def parse_item_changes(body: dict[str, Any]) -> dict[str, Any]:
    """The client attributes a PUT sets (name trimmed), or ItemValidationError naming each bad field."""
    _refuse_invalid_names(body)
    try:
        return ItemUpdate.model_validate(body).model_dump(exclude_unset=True)
    except ValidationError as error:
        raise ItemValidationError(_problems(error)) from None


# Response shapes: documentation for the OpenAPI document (responses are serialized exactly by json_codec).


class Item(BaseModel):
    """An item as the API returns it: server fields plus the client attributes."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)
    item_id: str = Field(alias="itemId", description="UUID4 chosen by the server", json_schema_extra={"format": "uuid"})
    name: str
    created_at: str = Field(alias="createdAt", description="ISO-8601 UTC", pattern=r"Z$")
    updated_at: str = Field(alias="updatedAt", description="ISO-8601 UTC", pattern=r"Z$")
    version: int = Field(ge=1, description="1 on create, +1 on every update; the ETag")


class ItemPage(BaseModel):
    """One page of GET /items."""

    model_config = ConfigDict(populate_by_name=True)
    items: list[Item]
    count: int = Field(ge=0)
    next_cursor: str | None = Field(
        alias="nextCursor", description="Pass as `cursor` for the next page; null at the end"
    )


class ErrorDetail(BaseModel):
    """One field that failed validation."""

    field: str
    message: str


class ErrorBody(BaseModel):
    """Every error response: a message, and for validation errors the field(s) at fault."""

    message: str
    field: str | None = None
    errors: list[ErrorDetail] | None = None
