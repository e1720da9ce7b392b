"""Reading CloudWatch's alarm history (DescribeAlarmHistory, StateUpdate items) for the after-traffic hook."""

from __future__ import annotations

import json

from release_hooks.alarms import alarmed


def _update(name: str, old: str, new: str, at: str) -> dict[str, str]:
    data = {"version": "1.0", "oldState": {"stateValue": old}, "newState": {"stateValue": new}}
    return {"AlarmName": name, "HistoryItemType": "StateUpdate", "Timestamp": at, "HistoryData": json.dumps(data)}


def test_an_alarm_that_went_to_alarm_and_back_during_the_bake_is_found() -> None:
    history = [
        _update("items-api-prod-release-error-rate", "OK", "ALARM", "2026-12-01T10:02:00Z"),
        _update("items-api-prod-release-error-rate", "ALARM", "OK", "2026-12-01T10:03:00Z"),
    ]

    assert alarmed(history) == ["items-api-prod-release-error-rate entered ALARM at 2026-12-01T10:02:00Z"]


def test_quiet_history_and_unreadable_entries_pass() -> None:
    history = [_update("a", "INSUFFICIENT_DATA", "OK", "t"), {"AlarmName": "b", "HistoryData": "not json"}]

    assert alarmed(history) == []
