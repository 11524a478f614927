"""PURE request builders: one function per endpoint, each returning a ``RequestSpec``.

No credentials and no I/O here; the client binds the base URL and the auth headers. Input is
validated first, so a bad argument raises ``ValidationError`` and nothing is sent.
"""

from ._lines import (
    available_area_codes,
    get_limits,
    get_line_request,
    provision_confirm,
    provision_preview,
    request_child_account,
    request_line,
)

__all__ = [
    "available_area_codes",
    "get_limits",
    "get_line_request",
    "provision_confirm",
    "provision_preview",
    "request_child_account",
    "request_line",
]
