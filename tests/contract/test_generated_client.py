"""A client generated from docs/openapi.json by openapi-python-client completes a signed round trip unchanged.

Nothing is added by hand: the base URL is the documented server with its {stage}, the models are the document's
named schemas, the conditional headers are its parameters, and every answer parses as the document says.
"""

from __future__ import annotations

import importlib
from http import HTTPStatus


def _api(generated, operation: str):
    return importlib.import_module(f"{generated.__name__}.api.items.{operation}")


def _models(generated):
    return importlib.import_module(f"{generated.__name__}.models")


def test_create_get_update_list_delete_round_trip(generated, client):
    models = _models(generated)
    body = models.ItemCreate(name="generated")
    body.additional_properties = {"price": 12.5}
    created = _api(generated, "create_item").sync_detailed(client=client, body=body)
    assert created.status_code == HTTPStatus.CREATED, created.content
    item = created.parsed
    assert isinstance(item, models.Item)
    assert (item.name, item.version, item.additional_properties["price"]) == ("generated", 1, 12.5)

    fetched = _api(generated, "get_item").sync_detailed(item.item_id, client=client)
    assert (fetched.status_code, fetched.parsed.item_id) == (HTTPStatus.OK, item.item_id)

    changes = models.ItemUpdate.from_dict({"color": "red"})
    updated = _api(generated, "update_item").sync_detailed(item.item_id, client=client, body=changes, if_match='"1"')
    assert (updated.status_code, updated.parsed.version, updated.headers["ETag"]) == (HTTPStatus.OK, 2, '"2"')

    listed = _api(generated, "list_items").sync_detailed(client=client, limit=100)
    assert listed.status_code == HTTPStatus.OK
    assert item.item_id in {page_item.item_id for page_item in listed.parsed.items}

    deleted = _api(generated, "delete_item").sync_detailed(item.item_id, client=client, if_match='"2"')
    assert deleted.status_code == HTTPStatus.NO_CONTENT
    assert _api(generated, "get_item").sync_detailed(item.item_id, client=client).status_code == HTTPStatus.NOT_FOUND


def test_pages_follow_the_cursor_with_both_query_parameters_signed(generated, client):
    models = _models(generated)
    for index in range(3):
        _api(generated, "create_item").sync_detailed(client=client, body=models.ItemCreate(name=f"page-{index}"))
    first = _api(generated, "list_items").sync_detailed(client=client, limit=1)
    assert first.status_code == HTTPStatus.OK and isinstance(first.parsed.next_cursor, str)

    second = _api(generated, "list_items").sync_detailed(client=client, limit=1, cursor=first.parsed.next_cursor)

    assert second.status_code == HTTPStatus.OK, second.content
    assert second.parsed.items[0].item_id != first.parsed.items[0].item_id


def test_conditional_answers_parse_as_documented(generated, client):
    models = _models(generated)
    item = _api(generated, "create_item").sync_detailed(client=client, body=models.ItemCreate(name="etag")).parsed

    unchanged = _api(generated, "get_item").sync_detailed(item.item_id, client=client, if_none_match='"1"')
    stale = _api(generated, "update_item").sync_detailed(
        item.item_id, client=client, body=models.ItemUpdate.from_dict({"x": 1}), if_match='"9"'
    )

    assert (unchanged.status_code, unchanged.parsed, unchanged.headers["ETag"]) == (
        HTTPStatus.NOT_MODIFIED,
        None,
        '"1"',
    )
    assert (stale.status_code, stale.headers["ETag"]) == (HTTPStatus.PRECONDITION_FAILED, '"1"')
    assert isinstance(stale.parsed, models.ErrorBody)


def test_an_unsigned_call_is_the_documented_403(generated, local_api):
    models = _models(generated)
    anonymous = generated.Client(base_url=local_api.base_url.rstrip("/"))

    refused = _api(generated, "list_items").sync_detailed(client=anonymous)

    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert isinstance(refused.parsed, models.ErrorBody)
