"""The prod change check: what deploying a synthesized template over the deployed stack would destroy.

Unlike the offline gate (the rest of verify/), it reads the deployed stack from the account (boto3, the prod
account's read-only lookup role), so it is a package of its own that the gate never imports. It shares the gate's
readers of provider schemas and physical names (verify/provider_schemas.py, verify/physical_names.py).
"""

from verify.change_check.changes import PROTECTION_KEY, ChangeReport, compare

__all__ = ["PROTECTION_KEY", "ChangeReport", "compare"]
