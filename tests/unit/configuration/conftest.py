"""A fresh copy of cdk.json's context for each test to change."""

from __future__ import annotations

import copy

import pytest

from configuration import project_context


@pytest.fixture
def context() -> dict:
    return copy.deepcopy(project_context())
