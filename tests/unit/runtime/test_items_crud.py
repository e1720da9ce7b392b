"""Items through the handler against dynalite: create, read, update, delete and their headers."""

import re
import uuid
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def test_create_returns_201_with_the_item_location_and_etag(invoke):
    response = invoke("POST", "/items", body={"name": "lamp"})
    item = response.json()
    assert (response.status, response.header("Location"), response.header("ETag")) == (
        201,
        f"/test/items/{item['itemId']}",
        '"1"',
    )


def test_created_item_has_server_fields(invoke):
    item = invoke("POST", "/items", body={"name": "lamp"}).json()
    assert UUID4.match(item["itemId"]) and TIMESTAMP.match(item["createdAt"]) and item["version"] == 1
    assert item["updatedAt"] == item["createdAt"]


def test_created_item_keeps_client_attributes_of_every_json_type(invoke):
    attributes = {"name": "lamp", "tags": ["a", None, True], "spec": {"watts": Decimal(40)}, "note": ""}
    item = invoke("POST", "/items", body=attributes).json()
    assert {key: item[key] for key in attributes} == attributes


def test_numbers_come_back_with_exactly_the_digits_sent(invoke):
    body = '{"name": "lamp", "price": 19.99, "serial": 12345678901234567890}'
    created = invoke("POST", "/items", body=body, headers={"Content-Type": "application/json"}).json()
    fetched = invoke("GET", f"/items/{created['itemId']}")
    assert '"price":19.99' in fetched.text and '"serial":12345678901234567890' in fetched.text


def test_an_item_with_a_number_beyond_38_digits_of_magnitude_stays_readable(invoke):
    created = invoke("POST", "/items", body='{"name": "n", "big": 1e40}', headers={"Content-Type": "application/json"})
    fetched = invoke("GET", f"/items/{created.json()['itemId']}")
    assert (created.status, fetched.status, fetched.json()["big"]) == (201, 200, Decimal("1e40"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.decimals(allow_nan=False, allow_infinity=False, places=6, min_value=-(10**25), max_value=10**25))
def test_any_decimal_survives_a_round_trip_through_dynamodb(invoke, number):
    created = invoke("POST", "/items", body={"name": "n", "value": number}).json()
    assert invoke("GET", f"/items/{created['itemId']}").json()["value"] == number


def test_get_returns_the_item_and_its_etag(invoke, created_item):
    item = created_item(color="red")
    response = invoke("GET", f"/items/{item['itemId']}")
    assert (response.status, response.json(), response.header("ETag")) == (200, item, '"1"')


def test_get_unknown_item_returns_404(invoke):
    assert invoke("GET", f"/items/{uuid.uuid4()}").status == 404


def test_get_with_an_id_that_is_not_an_item_id_returns_404(invoke):
    assert invoke("GET", "/items/" + "x" * 3000).status == 404


def test_update_sets_given_attributes_and_keeps_the_others(invoke, created_item):
    item = created_item(color="red", size=Decimal(3))
    updated = invoke("PUT", f"/items/{item['itemId']}", body={"color": "blue"}).json()
    assert (updated["color"], updated["size"], updated["name"]) == ("blue", 3, "widget")


def test_update_increments_version_and_returns_the_new_etag(invoke, created_item):
    item = created_item()
    response = invoke("PUT", f"/items/{item['itemId']}", body={"color": "blue"})
    assert (response.status, response.json()["version"], response.header("ETag")) == (200, 2, '"2"')


def test_update_moves_updated_at_but_not_created_at(invoke, created_item):
    item = created_item()
    updated = invoke("PUT", f"/items/{item['itemId']}", body={"color": "blue"}).json()
    assert updated["createdAt"] == item["createdAt"] and updated["updatedAt"] >= item["updatedAt"]


def test_update_with_matching_if_match_succeeds(invoke, created_item):
    item = created_item()
    response = invoke("PUT", f"/items/{item['itemId']}", body={"color": "blue"}, headers={"If-Match": '"1"'})
    assert response.status == 200


def test_update_with_stale_if_match_returns_412(invoke, created_item):
    item = created_item()
    invoke("PUT", f"/items/{item['itemId']}", body={"color": "blue"})
    response = invoke("PUT", f"/items/{item['itemId']}", body={"color": "green"}, headers={"If-Match": '"1"'})
    assert response.status == 412


def test_update_with_stale_if_match_changes_nothing(invoke, created_item):
    item = created_item(color="red")
    invoke("PUT", f"/items/{item['itemId']}", body={"color": "green"}, headers={"If-Match": '"7"'})
    assert invoke("GET", f"/items/{item['itemId']}").json() == item


def test_update_with_one_matching_etag_in_a_list_succeeds(invoke, created_item):
    item = created_item()
    response = invoke("PUT", f"/items/{item['itemId']}", body={"color": "blue"}, headers={"If-Match": '"5", "1"'})
    assert response.status == 200


def test_update_of_an_absent_item_returns_404_and_creates_nothing(invoke):
    item_id = str(uuid.uuid4())
    response = invoke("PUT", f"/items/{item_id}", body={"name": "ghost"})
    assert (response.status, invoke("GET", f"/items/{item_id}").status) == (404, 404)


def test_update_of_an_absent_item_with_if_match_returns_404(invoke):
    response = invoke("PUT", f"/items/{uuid.uuid4()}", body={"name": "ghost"}, headers={"If-Match": '"1"'})
    assert response.status == 404


def test_update_with_if_match_star_updates_an_existing_item(invoke, created_item):
    item = created_item()
    response = invoke("PUT", f"/items/{item['itemId']}", body={"color": "blue"}, headers={"If-Match": "*"})
    assert response.status == 200


def test_delete_returns_204_and_the_item_is_gone(invoke, created_item):
    item = created_item()
    response = invoke("DELETE", f"/items/{item['itemId']}")
    assert (response.status, invoke("GET", f"/items/{item['itemId']}").status) == (204, 404)


def test_delete_of_an_absent_item_returns_404(invoke):
    assert invoke("DELETE", f"/items/{uuid.uuid4()}").status == 404


def test_delete_with_stale_if_match_returns_412_and_keeps_the_item(invoke, created_item):
    item = created_item()
    response = invoke("DELETE", f"/items/{item['itemId']}", headers={"If-Match": '"2"'})
    assert (response.status, invoke("GET", f"/items/{item['itemId']}").status) == (412, 200)


def test_delete_with_matching_if_match_deletes(invoke, created_item):
    item = created_item()
    assert invoke("DELETE", f"/items/{item['itemId']}", headers={"If-Match": '"1"'}).status == 204


def test_update_that_would_grow_the_item_past_400_kb_returns_422(invoke, created_item):
    item = created_item()
    statuses = [
        invoke("PUT", f"/items/{item['itemId']}", body={f"part{index}": "x" * 60_000}).status for index in range(8)
    ]
    assert statuses[-1] == 422 and set(statuses) == {200, 422}


@pytest.fixture
def item_with_sets_and_binary(stored_item):
    """An item written straight to the table with the types JSON has no word for: sets and binary."""
    return stored_item(
        colors={"SS": ["red", "blue"]},
        sizes={"NS": ["10", "2.5"]},
        blob={"B": b"\x00\xff"},
        blobs={"BS": [b"b", b"a"]},
    )


def test_get_of_a_stored_item_with_sets_and_binary_reads_them_as_json(invoke, item_with_sets_and_binary):
    item = invoke("GET", f"/items/{item_with_sets_and_binary}").json()
    assert {key: item[key] for key in ("colors", "sizes", "blob", "blobs")} == {
        "colors": ["blue", "red"],
        "sizes": [Decimal("2.5"), Decimal(10)],
        "blob": "AP8=",
        "blobs": ["YQ==", "Yg=="],
    }


def test_list_with_a_stored_item_with_sets_and_binary_lists_it(all_pages, item_with_sets_and_binary):
    listed = {item["itemId"]: item for page in all_pages() for item in page["items"]}
    assert listed[item_with_sets_and_binary]["colors"] == ["blue", "red"]
