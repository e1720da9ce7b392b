"""Whether release alarms were in ALARM since a deployment started, from CloudWatch's alarm history.

CodeDeploy polls the alarms while it shifts traffic; an alarm that went to ALARM and back between two polls
would pass. The history records every state change, so the after-traffic hook reads it instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any


def alarmed(history: Iterable[Mapping[str, Any]]) -> list[str]:
    """Summaries of the history items (DescribeAlarmHistory, type StateUpdate) that entered ALARM."""
    found = []
    for item in history:
        try:
            data = json.loads(item.get("HistoryData") or "{}")
        except ValueError:
            continue
        if data.get("newState", {}).get("stateValue") == "ALARM":
            found.append(f"{item.get('AlarmName')} entered ALARM at {item.get('Timestamp')}")
    return found
