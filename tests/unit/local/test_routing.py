"""Matching request paths to resource paths with API Gateway's precedence."""

from __future__ import annotations

from local.gateway.routing import RouteMatch, Router

ROUTER = Router(["/", "/items", "/items/{id}", "/items/search", "/files/{proxy+}"])


def test_literal_path() -> None:
    assert ROUTER.match("/items") == RouteMatch("/items", {})


def test_variable_segment_binds_the_raw_value() -> None:
    assert ROUTER.match("/items/a%2Fb") == RouteMatch("/items/{id}", {"id": "a%2Fb"})


def test_literal_segment_wins_over_a_variable() -> None:
    assert ROUTER.match("/items/search") == RouteMatch("/items/search", {})


def test_greedy_variable_takes_the_rest_of_the_path() -> None:
    assert ROUTER.match("/files/a/b/c") == RouteMatch("/files/{proxy+}", {"proxy": "a/b/c"})


def test_root() -> None:
    assert ROUTER.match("/") == RouteMatch("/", {})


def test_trailing_slash_matches_the_resource() -> None:
    assert ROUTER.match("/items/") == RouteMatch("/items", {})


def test_unknown_path_does_not_match() -> None:
    assert ROUTER.match("/items/1/extra") is None
    assert ROUTER.match("/orders") is None


def test_empty_segment_does_not_bind_a_variable() -> None:
    assert ROUTER.match("/items//1") is None
