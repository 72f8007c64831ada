"""Where the current request came from, so audit rows can say it without every caller passing it along."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None = None
    user_agent: str = ""
    request_id: str = ""


_NO_REQUEST = RequestContext()
_current: ContextVar[RequestContext | None] = ContextVar("jianfu_request_context", default=None)


def current() -> RequestContext:
    """The bound request's origin; outside a request (commands, jobs) an empty one."""
    return _current.get() or _NO_REQUEST


def bind(context: RequestContext):
    return _current.set(context)


def reset(token) -> None:
    _current.reset(token)
