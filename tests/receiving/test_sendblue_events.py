"""What a Sendblue webhook body becomes (pure): the type sniffed on the single path, the
typed event, the event id, and the de-duplication key."""

import pytest

from sendblue_async import InboundMessage, StatusCallback, WebhookPayloadError
from sendblue_async.inbound import (
    UNKNOWN,
    CallLog,
    TypingIndicator,
    UnknownWebhook,
    WebhookEvent,
    dedup_key,
    sniff_type,
)
from sendblue_async.inbound._events import MAX_KEY_LENGTH, webhook_event


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        ({"message_handle": "m", "is_outbound": False}, "receive"),
        ({"message_handle": "m"}, "receive"),
        ({"message_handle": "m", "is_outbound": "true"}, "receive"),  # only true is true
        ({"message_handle": "m", "is_outbound": True}, "outbound"),
        ({"is_outbound": True}, UNKNOWN),
        ({}, UNKNOWN),
    ],
)
def test_the_single_path_sniffs_message_webhooks(data, kind):
    assert sniff_type(data) == kind


def test_each_type_has_its_event():
    assert webhook_event("receive", {"message_handle": "m"}) == InboundMessage("m")
    assert webhook_event("outbound", {"message_handle": "m", "status": "SENT"}) == (
        StatusCallback("m", status="SENT"))
    assert webhook_event("call_log", {"a": 1}) == CallLog("call_log", {"a": 1})
    assert webhook_event("typing_indicator", {}) == TypingIndicator("typing_indicator", {})
    assert webhook_event("new_kind", {}) == UnknownWebhook("new_kind", {})
    assert CallLog("call_log", {}) != UnknownWebhook("call_log", {})
    assert "data" not in repr(CallLog("call_log", {"content": "private"}))
    with pytest.raises(WebhookPayloadError, match="InboundMessage"):
        webhook_event("receive", {"content": "no handle"})


@pytest.mark.parametrize(
    ("data", "event_id"),
    [
        ({"event_id": "e", "id": "i", "call_id": "c"}, "e"),
        ({"id": 42, "call_id": "c"}, "42"),
        ({"id": True, "call_id": "c"}, "c"),  # a boolean is no id
        ({"event_id": "", "call_id": "c"}, "c"),
        ({"id": None, "event_id": 1.5}, None),
        ({}, None),
    ],
)
def test_an_event_id_is_the_first_id_field_of_usable_type(data, event_id):
    assert WebhookEvent("x", data).event_id == event_id


@pytest.mark.parametrize(
    ("kind", "event", "key"),
    [
        ("receive", InboundMessage("m-1", status="RECEIVED"), "receive:m-1:RECEIVED"),
        ("outbound", StatusCallback("m-1", status="DELIVERED"), "outbound:m-1:DELIVERED"),
        ("outbound", StatusCallback("m-1"), "outbound:m-1:"),
        ("call_log", CallLog("call_log", {"call_id": "c-1"}), "call_log:c-1"),
        ("x", UnknownWebhook("x", {"message_handle": "m", "status": "SENT"}), "x:m:SENT"),
        ("x", UnknownWebhook("x", {"message_handle": "m", "status": {"a": 1}}), "x:m:"),
        ("x", UnknownWebhook("x", {"message_handle": ""}), None),
        ("typing_indicator", TypingIndicator("typing_indicator", {"number": "+1"}), None),
    ],
)
def test_the_dedup_key(kind, event, key):
    assert dedup_key(kind, event) == key


def test_a_key_of_unusual_length_is_kept_as_its_digest():
    long_key = dedup_key("receive", InboundMessage("m" * 500, status="RECEIVED"))
    assert long_key is not None and long_key.startswith("sha256:")
    assert len(long_key) <= MAX_KEY_LENGTH
    other = dedup_key("receive", InboundMessage("m" * 500, status="DELIVERED"))
    assert other != long_key
    assert dedup_key("x", WebhookEvent("x", {"id": "\udcff" * 300})) is not None
