"""PURE request builders: one function per endpoint, each returning a ``RequestSpec``.

No credentials and no I/O here; the client binds the base URL and the auth headers. Input is
validated first, so a bad argument raises ``ValidationError`` and nothing is sent.
"""

from ._contacts import (
    BULK_CONTACTS,
    BULK_ITEM_CHECKS,
    bulk_contact_item,
    bulk_create_checked,
    bulk_create_contacts,
    bulk_delete_contacts,
    count_contacts,
    create_contact,
    delete_contact,
    get_contact,
    list_contacts,
    update_contact,
)
from ._history import delete_message, get_message, list_messages
from ._lines import (
    available_area_codes,
    get_limits,
    get_line_request,
    provision_confirm,
    provision_preview,
    request_child_account,
    request_line,
)
from ._media import upload_file, upload_media_object
from ._messages import (
    create_group,
    evaluate_service,
    list_lines,
    message_status,
    send_carousel,
    send_group_message,
    send_message,
)
from ._presence import mark_read, send_reaction, send_typing_indicator
from ._totp import create_totp_secret, delete_totp_secret, get_totp_code, list_totp_secrets
from ._webhooks import add_webhooks, delete_webhooks, list_webhooks, replace_webhooks

__all__ = [
    "BULK_CONTACTS",
    "BULK_ITEM_CHECKS",
    "add_webhooks",
    "available_area_codes",
    "bulk_contact_item",
    "bulk_create_checked",
    "bulk_create_contacts",
    "bulk_delete_contacts",
    "count_contacts",
    "create_contact",
    "create_group",
    "create_totp_secret",
    "delete_contact",
    "delete_message",
    "delete_totp_secret",
    "delete_webhooks",
    "evaluate_service",
    "get_contact",
    "get_limits",
    "get_line_request",
    "get_message",
    "get_totp_code",
    "list_contacts",
    "list_lines",
    "list_messages",
    "list_totp_secrets",
    "list_webhooks",
    "mark_read",
    "message_status",
    "provision_confirm",
    "provision_preview",
    "replace_webhooks",
    "request_child_account",
    "request_line",
    "send_carousel",
    "send_group_message",
    "send_message",
    "send_reaction",
    "send_typing_indicator",
    "update_contact",
    "upload_file",
    "upload_media_object",
]
