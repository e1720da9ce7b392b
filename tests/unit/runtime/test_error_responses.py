"""Error statuses, the one error body shape, and CORS headers on every response."""

import uuid

import pytest
from items_api import names

CORS_ORIGIN = "Access-Control-Allow-Origin"
JSON = {"Content-Type": "application/json"}


def test_body_that_is_not_json_returns_400(invoke):
    response = invoke("POST", "/items", body="{name:", headers=JSON)
    assert (response.status, response.json()) == (400, {"message": "request body is not valid JSON"})


@pytest.mark.parametrize("body", ["[]", '"lamp"', "42", "null"])
def test_body_that_is_not_an_object_returns_400(invoke, body):
    assert invoke("POST", "/items", body=body, headers=JSON).status == 400


def test_body_over_64_kib_returns_413(invoke):
    body = {"name": "lamp", "blob": "x" * (64 * 1024)}
    assert invoke("POST", "/items", body=body).status == 413


def test_base64_encoded_json_body_is_read(invoke):
    response = invoke("POST", "/items", body='{"name": "lamp"}', headers=JSON, base64_body=True)
    assert response.status == 201


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
def test_post_without_json_content_type_returns_415(invoke, content_type):
    assert invoke("POST", "/items", body='{"name": "lamp"}', headers={"Content-Type": content_type}).status == 415


def test_post_without_content_type_returns_415(invoke):
    assert invoke("POST", "/items", body='{"name": "lamp"}').status == 415


def test_put_without_json_content_type_returns_415(invoke, created_item):
    item = created_item()
    response = invoke("PUT", f"/items/{item['itemId']}", body='{"a": 1}', headers={"Content-Type": "text/plain"})
    assert response.status == 415


def test_json_content_type_with_charset_is_accepted(invoke):
    headers = {"content-type": "application/json; charset=utf-8"}
    assert invoke("POST", "/items", body='{"name": "lamp"}', headers=headers).status == 201


def test_validation_error_names_each_field(invoke):
    response = invoke("POST", "/items", body={"name": " ", "bad-name": 1, "version": 3})
    body = response.json()
    assert (response.status, body["field"], [error["field"] for error in body["errors"]]) == (
        422,
        "name",
        ["name", "bad-name", "version"],
    )


def test_put_with_empty_object_returns_422(invoke, created_item):
    item = created_item()
    assert invoke("PUT", f"/items/{item['itemId']}", body={}).status == 422


def test_put_validates_name(invoke, created_item):
    item = created_item()
    assert invoke("PUT", f"/items/{item['itemId']}", body={"name": ""}).status == 422


@pytest.mark.parametrize("if_match", ["abc", '"1', "W/1", "1", '"1" "2"', '*, "1"', 'w/"1"'])
def test_malformed_if_match_returns_400(invoke, created_item, if_match):
    item = created_item()
    assert invoke("DELETE", f"/items/{item['itemId']}", headers={"If-Match": if_match}).status == 400


@pytest.mark.parametrize("key", ["", "x" * 256, "tab\there", "é"])
def test_malformed_idempotency_key_returns_400(invoke, key):
    assert invoke("POST", "/items", body={"name": "lamp"}, headers={"Idempotency-Key": key}).status == 400


def test_unknown_route_returns_404_in_the_error_shape(invoke):
    response = invoke("GET", "/nothing-here")
    assert (response.status, response.json()) == (404, {"message": "Not found"})


def test_preflight_lists_the_allowed_methods(invoke):
    response = invoke("OPTIONS", "/items", headers={"Origin": "https://example.com"})
    assert (response.status, set(response.header("Access-Control-Allow-Methods").split(","))) == (
        204,
        set(names.CORS_ALLOW_METHODS),
    )


REQUESTS = {
    "201": ("POST", "/items", {"body": {"name": "lamp"}}),
    "200 list": ("GET", "/items", {}),
    "400": ("POST", "/items", {"body": "[", "headers": JSON}),
    "400 parameter": ("GET", "/items", {"query": {"limit": "0"}}),
    "404 item": ("GET", f"/items/{uuid.uuid4()}", {}),
    "404 route": ("GET", "/nowhere", {}),
    "413": ("POST", "/items", {"body": {"name": "x" * 70_000}}),
    "415": ("POST", "/items", {"body": "{}", "headers": {"Content-Type": "text/plain"}}),
    "422": ("POST", "/items", {"body": {"name": ""}}),
}


@pytest.mark.parametrize("request_key", REQUESTS)
def test_every_response_carries_cors_headers(invoke, request_key):
    method, path, event = REQUESTS[request_key]
    response = invoke(method, path, **event)
    exposed = response.header("Access-Control-Expose-Headers").split(",")
    assert (response.header(CORS_ORIGIN), exposed) == ("*", list(names.CORS_EXPOSE_HEADERS))


def test_cors_headers_are_sent_to_browsers_that_send_an_origin(invoke):
    response = invoke("GET", "/items", headers={"Origin": "https://app.example.com"})
    assert response.header(CORS_ORIGIN) == "*"


def test_cors_allow_headers_include_the_api_headers(invoke):
    allowed = invoke("GET", "/items").header("Access-Control-Allow-Headers").split(",")
    assert set(names.CORS_ALLOW_HEADERS) <= set(allowed)
