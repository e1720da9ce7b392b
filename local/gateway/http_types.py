"""The HTTP request and response as the local gateway sees them: raw path and query, headers in order and case."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class HttpRequest:
    """A request as it arrived: nothing decoded, header names in the client's case, repeats kept."""

    method: str
    raw_path: str
    raw_query: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    source_ip: str = "127.0.0.1"
    protocol: str = "HTTP/1.1"
    content_length: int | None = None

    def header(self, name: str) -> str | None:
        """The last value of a header, case-insensitively (as API Gateway's single-value `headers`)."""
        values = self.header_values(name)
        return values[-1] if values else None

    def header_values(self, name: str) -> list[str]:
        wanted = name.lower()
        return [value for key, value in self.headers if key.lower() == wanted]

    @property
    def body_size(self) -> int:
        return self.content_length if self.content_length is not None else len(self.body)


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        values = [value for key, value in self.headers if key.lower() == wanted]
        return values[-1] if values else None
