"""Pure messaging builders: plain equality against the expected RequestSpec, no event loop."""

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from sendblue_async import ValidationError, builders
from sendblue_async.builders._creations import MESSAGE_SEND
from sendblue_async.models import (
    Group,
    LineNumbers,
    MediaObject,
    Message,
    MessageEnvelope,
    MessageFilter,
    MessagePage,
    ReactionSent,
    ReplyTo,
    SendStyle,
    ServiceCheck,
    UploadedFile,
)
from transports import MultipartField, RequestSpec, encode_body

TO, LINE = "+14155550123", "+13055550100"
IMAGES = ["https://img.example/1.png", "https://img.example/2.png"]


def test_send_message_minimal():
    assert builders.send_message(TO, "hello") == RequestSpec(
        "POST", "/api/send-message", Message, json={"number": TO, "content": "hello"},
        creates=MESSAGE_SEND,
    )


def test_send_message_every_option():
    spec = builders.send_message(
        TO, "hi", from_number=LINE, media_url="https://img.example/a.png",
        send_style=SendStyle.SLAM, status_callback="https://hooks.example/status",
        reply_to=ReplyTo("handle-1", 2), seat_id="seat-9",
    )
    assert spec.json == {
        "number": TO, "content": "hi", "media_url": "https://img.example/a.png",
        "from_number": LINE, "send_style": "slam",
        "status_callback": "https://hooks.example/status",
        "reply_to": {"message_handle": "handle-1", "part_index": 2}, "seat_id": "seat-9",
    }
    assert spec.is_idempotent is False and spec.retryable


def test_media_alone_is_a_message():
    spec = builders.send_message(TO, media_url="https://img.example/a.png")
    assert spec.json == {"number": TO, "media_url": "https://img.example/a.png"}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"number": "4155550123", "content": "x"}, "number"),
        ({"number": "+0123456789", "content": "x"}, "number"),
        ({"number": TO}, "content"),
        ({"number": TO, "content": "   "}, "content"),
        ({"number": TO, "content": "x" * 18_997}, "content"),
        ({"number": TO, "content": "x", "send_style": "sparkle"}, "send_style"),
        ({"number": TO, "content": "x", "from_number": "305"}, "from_number"),
        ({"number": TO, "content": "x", "media_url": "ftp://x/y"}, "media_url"),
        ({"number": TO, "content": "x", "reply_to": ReplyTo("h", -1)}, "part_index"),
    ],
)
def test_send_message_rejects_bad_input(kwargs, field):
    with pytest.raises(ValidationError) as info:
        builders.send_message(**kwargs)
    assert info.value.field == field


def test_every_documented_send_style_is_accepted():
    assert len(SendStyle.ALL) == 13
    for style in SendStyle.ALL:
        assert builders.send_message(TO, "x", send_style=style).json["send_style"] == style


def test_group_message_by_id_or_members():
    by_id = builders.send_group_message("hi", group_id="g-1")
    assert by_id == RequestSpec(
        "POST", "/api/send-group-message", Message, json={"group_id": "g-1", "content": "hi"},
        creates=MESSAGE_SEND,
    )
    by_members = builders.send_group_message("hi", numbers=[TO, "+14155550124"])
    assert by_members.json == {"numbers": [TO, "+14155550124"], "content": "hi"}


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"group_id": "g", "numbers": [TO, "+14155550124"]}, {"numbers": [TO]},
     {"numbers": [TO, TO]}, {"numbers": [f"+1415555{i:04d}" for i in range(26)]},
     {"numbers": TO}],
)
def test_group_message_rejects_bad_targets(kwargs):
    with pytest.raises(ValidationError):
        builders.send_group_message("hi", **kwargs)


def test_send_carousel():
    assert builders.send_carousel(TO, IMAGES, from_number=LINE) == RequestSpec(
        "POST", "/api/send-carousel", Message,
        json={"number": TO, "media_urls": IMAGES, "from_number": LINE}, creates=MESSAGE_SEND,
    )


@pytest.mark.parametrize(
    "urls",
    [IMAGES[:1], [f"https://img.example/{i}.png" for i in range(21)],
     ["https://img.example/1.png", "http://img.example/2.png"], "https://img.example/1.png"],
)
def test_send_carousel_checks_urls_before_sending(urls):
    with pytest.raises(ValidationError) as info:
        builders.send_carousel(TO, urls)
    assert info.value.field == "media_urls"


def test_create_group():
    assert builders.create_group([TO, "+14155550124"], group_name="Team") == RequestSpec(
        "POST", "/api/create-group", Group,
        json={"numbers": [TO, "+14155550124"], "group_name": "Team"},
    )


def test_status_evaluate_and_lines():
    assert builders.message_status("h-1") == RequestSpec(
        "GET", "/api/status", Message, query={"handle": "h-1"}
    )
    assert builders.evaluate_service(TO).url == "/api/evaluate-service?number=%2B14155550123"
    assert builders.evaluate_service("kim@example.com").response_type is ServiceCheck
    assert builders.list_lines() == RequestSpec("GET", "/api/lines", LineNumbers)
    with pytest.raises(ValidationError):
        builders.evaluate_service("not a number")


def test_list_messages_defaults():
    assert builders.list_messages() == RequestSpec(
        "GET", "/api/v2/messages", MessagePage, query=[("limit", 100), ("offset", 0)]
    )


def test_list_messages_every_filter():
    since = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
    filters = MessageFilter(
        number=TO, from_number=TO, to_number=LINE, sendblue_number=LINE,
        account_email="ops@example.com", group_id="g", worker_id="w", is_outbound=False,
        message_type="message", service="SMS", status="SOMETHING_NEW",
        created_at_gte=since, created_at_lte="2026-05-02T00:00:00Z", sent_at_gte=since,
        sent_at_lte=since, updated_at_gte=since, updated_at_lte=since,
        order_by="sentAt", order_direction="asc",
    )
    query = dict(builders.list_messages(filters, limit=1000, offset=5).query)
    assert query["is_outbound"] == "false" and query["status"] == "SOMETHING_NEW"
    assert query["created_at_gte"] == "2026-05-01T12:00:00+00:00"
    assert query["created_at_lte"] == "2026-05-02T00:00:00Z"
    assert (query["limit"], query["offset"], query["order_by"]) == ("1000", "5", "sentAt")
    assert len(query) == 21


@pytest.mark.parametrize(
    ("filters", "kwargs", "field"),
    [
        (None, {"limit": 0}, "limit"),
        (None, {"limit": 1001}, "limit"),
        (None, {"offset": -1}, "offset"),
        (MessageFilter(message_type="carousel"), {}, "message_type"),
        (MessageFilter(order_by="created_at"), {}, "order_by"),
        (MessageFilter(created_at_gte=datetime(2026, 5, 1)), {}, "created_at_gte"),
        (MessageFilter(number="555"), {}, "number"),
    ],
)
def test_list_messages_rejects_bad_input(filters, kwargs, field):
    with pytest.raises(ValidationError) as info:
        builders.list_messages(filters, **kwargs)
    assert info.value.field == field


def test_aware_times_in_any_zone_are_accepted():
    paris = datetime(2026, 5, 1, 14, 0, tzinfo=timezone(timedelta(hours=2)))
    query = dict(builders.list_messages(MessageFilter(sent_at_gte=paris)).query)
    assert query["sent_at_gte"] == "2026-05-01T14:00:00+02:00"


def test_get_and_delete_encode_the_handle():
    assert builders.get_message("a/b+c") == RequestSpec(
        "GET", "/api/v2/messages/a%2Fb%2Bc", MessageEnvelope
    )
    spec = builders.delete_message("h-1")
    assert (spec.method, spec.path, spec.is_idempotent) == ("DELETE", "/api/message/h-1", True)


def test_send_reaction():
    assert builders.send_reaction("h-1", "love", from_number=LINE, part_index=0) == RequestSpec(
        "POST", "/api/send-reaction", ReactionSent,
        json={"from_number": LINE, "message_handle": "h-1", "reaction": "love", "part_index": 0},
    )


@pytest.mark.parametrize(
    ("reaction", "part_index", "field"),
    [("heart", None, "reaction"), ("LOVE", None, "reaction"), ("like", -1, "part_index"),
     ("like", True, "part_index")],
)
def test_send_reaction_rejects_bad_input(reaction, part_index, field):
    with pytest.raises(ValidationError) as info:
        builders.send_reaction("h-1", reaction, from_number=LINE, part_index=part_index)
    assert info.value.field == field


def test_mark_read_and_typing():
    assert builders.mark_read(TO, from_number=LINE).json == {"number": TO, "from_number": LINE}
    spec = builders.send_typing_indicator(TO, state="stop", max_duration_ms=5000)
    assert spec.json == {"number": TO, "state": "stop", "max_duration_ms": 5000}
    with pytest.raises(ValidationError):
        builders.send_typing_indicator(TO, state="paused")


def test_upload_file_from_a_path_keeps_the_path(tmp_path: Path):
    photo = tmp_path / "cat.png"
    spec = builders.upload_file(photo)
    assert spec == RequestSpec(
        "POST", "/api/upload-file", UploadedFile,
        multipart=(MultipartField("file", photo, filename="cat.png", content_type="image/png"),),
    )
    assert builders.upload_file(str(photo)).multipart == spec.multipart


def test_upload_file_bytes_need_a_filename():
    spec = builders.upload_file(b"%PDF", filename="a.pdf")
    assert spec.multipart == (
        MultipartField("file", b"%PDF", filename="a.pdf", content_type="application/pdf"),
    )
    with pytest.raises(ValidationError) as info:
        builders.upload_file(b"%PDF")
    assert info.value.field == "filename"
    with pytest.raises(ValidationError):
        builders.upload_file(42)


async def test_a_path_upload_is_encoded_in_chunks(tmp_path: Path):
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * (1024 * 1024))
    body = encode_body(builders.upload_file(big))
    assert not isinstance(body.data, bytes)
    sizes = [len(chunk) async for chunk in body.data]
    assert len(sizes) > 10 and max(sizes) <= 64 * 1024


def test_upload_media_object():
    assert builders.upload_media_object("https://cdn.example/v.mp4?sig=1") == RequestSpec(
        "POST", "/api/upload-media-object", MediaObject,
        json={"media_url": "https://cdn.example/v.mp4?sig=1"},
    )


@pytest.mark.parametrize("handle", [".", "..", "", "  "])
def test_a_message_handle_is_never_a_dot_segment_or_empty(handle):
    with pytest.raises(ValidationError, match="message_handle"):
        builders.delete_message(handle)
    with pytest.raises(ValidationError, match="message_id"):
        builders.get_message(handle)


def test_handles_made_of_dots_but_not_dot_segments_are_sent():
    assert builders.delete_message("...").path == "/api/message/..."
    assert builders.get_message(".a").path == "/api/v2/messages/.a"
