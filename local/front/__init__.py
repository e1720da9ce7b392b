"""The local stage's HTTP/1.1 front door: sockets, message framing, connection limits; requests go to the gateway.

What `__all__` names is the package's API: other packages import these, never its modules.
"""

from local.front.server import ApiServer, PortInUseError

__all__ = ["ApiServer", "PortInUseError"]
