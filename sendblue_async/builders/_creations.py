"""What each request that buys, creates or sends something creates: for the client's
completion guarantee, the check after an unknown outcome, and the log line of a result
nobody claimed (non-secret identifiers only)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from transports import Creation

# The provider provisions lines while these requests are open: they get longer than usual.
PROVISIONING_TIMEOUT = 120.0


def _line(line: Any) -> Mapping[str, str]:
    return {"phone_number": line.phone_number, "subscription_id": line.subscription_id}


def _account(reply: Any) -> Mapping[str, str]:
    account = reply.data
    found = {"company_name": account.company_name, "assigned_number": account.assigned_number}
    return {key: value for key, value in found.items() if value}


def _message(message: Any) -> Mapping[str, str]:
    found = {"message_handle": message.message_handle, "number": message.number}
    return {key: value for key, value in found.items() if value}


LINE_PURCHASE = Creation(
    "lines.confirm",
    "the line may have been bought: list the lines (lines.list()) and read the limits "
    "(lines.get_limits()) before buying again",
    _line,
)
CHILD_ACCOUNT = Creation(
    "accounts.create_child_account",
    "the account may have been created, and its one-time credentials cannot be fetched "
    "again: ask Sendblue support before creating it again (a retry answers 409)",
    _account,
)
MESSAGE_SEND = Creation(
    "messages.send",
    "the message may have been sent: look for it in the history (messages.list()) before "
    "sending again",
    _message,
)
