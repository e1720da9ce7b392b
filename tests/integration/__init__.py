"""Integration suite: the Items API contract checked over HTTP, against a deployed stage or the local stack."""
