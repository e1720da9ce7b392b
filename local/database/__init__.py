"""The DynamoDB-compatible servers a local stage uses (dynalite, DynamoDB Local, or an endpoint) and its tables.

What `__all__` names is the package's API: other packages import these, never its modules.
"""

from local.database.data_lock import DataInUseError, DataLock, holder
from local.database.dynalite import DatabaseStartError, Dynalite, client_environment, free_port, port_in_use
from local.database.endpoint import DATABASES, Database, chosen_database, create_tables

__all__ = [
    "DATABASES",
    "DataInUseError",
    "DataLock",
    "Database",
    "DatabaseStartError",
    "Dynalite",
    "chosen_database",
    "client_environment",
    "create_tables",
    "free_port",
    "holder",
    "port_in_use",
]
