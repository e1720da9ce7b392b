"""The Location of a created item resolves where the client sent the request: under the stage on the execute-api
URL, under the base path on a custom domain (and routes are found there too)."""

from urllib.parse import urljoin

import pytest

BASE_PATHS = ["/shop", "/v1/shop"]


def test_location_on_the_execute_api_url_keeps_the_stage(invoke):
    response = invoke("POST", "/items", body={"name": "lamp"})
    assert response.header("Location") == f"/test/items/{response.json()['itemId']}"


def test_location_on_the_execute_api_url_resolves_to_the_item_under_the_stage(invoke):
    response = invoke("POST", "/items", body={"name": "lamp"})
    base = "https://abcdef1234.execute-api.us-east-1.amazonaws.com/test"
    resolved = urljoin(f"{base}/items", response.header("Location"))
    assert resolved == f"{base}/items/{response.json()['itemId']}"


@pytest.mark.parametrize("base_path", BASE_PATHS)
def test_create_on_a_custom_domain_base_path_returns_201(invoke, base_path):
    assert invoke("POST", "/items", body={"name": "lamp"}, base_path=base_path).status == 201


@pytest.mark.parametrize("base_path", BASE_PATHS)
def test_location_on_a_custom_domain_keeps_the_base_path(invoke, base_path):
    response = invoke("POST", "/items", body={"name": "lamp"}, base_path=base_path)
    assert response.header("Location") == f"{base_path}/items/{response.json()['itemId']}"


@pytest.mark.parametrize("base_path", BASE_PATHS)
def test_item_is_found_under_a_custom_domain_base_path(invoke, created_item, base_path):
    item = created_item()
    response = invoke("GET", f"/items/{item['itemId']}", base_path=base_path)
    assert (response.status, response.json()) == (200, item)


@pytest.mark.parametrize("base_path", BASE_PATHS)
def test_list_is_found_under_a_custom_domain_base_path(invoke, base_path):
    assert invoke("GET", "/items", base_path=base_path).status == 200


def test_an_item_id_that_reads_items_is_not_taken_for_the_list(invoke):
    assert invoke("GET", "/items/items").status == 404
