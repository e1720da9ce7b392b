"""Lambda handlers run in worker processes (one invocation at a time each), with SnapStart's hooks.

What `__all__` names is the package's API: other packages import these, never its modules.
"""

from local.workers.lambda_runtime import restore_from_snapshot, snapshot_for_snapstart
from local.workers.pool import HandlerPool, PoolClosedError, worker_spec

__all__ = ["HandlerPool", "PoolClosedError", "restore_from_snapshot", "snapshot_for_snapstart", "worker_spec"]
