"""Messaging wire JSON -> models through the package converter."""

import pytest

from sendblue_async import ResponseDecodeError, builders
from sendblue_async._parse import parse_response
from sendblue_async.models import Message, MessagePage
from transports import json_response

MESSAGE = {"message_handle": "h-1", "status": "QUEUED", "number": "+14155550123"}


def test_both_account_email_spellings_are_read():
    snake = parse_response(builders.message_status("h-1"),
                           json_response(200, {**MESSAGE, "account_email": "a@example.com"}))
    camel = parse_response(builders.message_status("h-1"),
                           json_response(200, {**MESSAGE, "accountEmail": "a@example.com"}))
    assert snake.account_email == camel.account_email == "a@example.com"


def test_unknown_status_and_extra_fields_are_kept_or_ignored():
    body = {**MESSAGE, "status": "BRAND_NEW", "app_card": {"x": 1}, "error_code": 4001}
    message = parse_response(builders.message_status("h-1"), json_response(200, body))
    assert (message.status, message.error_code, message.failed) == ("BRAND_NEW", 4001, False)


def test_a_history_page():
    body = {"status": "OK", "data": [MESSAGE, {**MESSAGE, "message_handle": "h-2"}],
            "pagination": {"hasMore": True, "limit": 2, "offset": 0, "total": 5}}
    page = parse_response(builders.list_messages(limit=2), json_response(200, body))
    assert isinstance(page, MessagePage) and page.pagination.has_more
    assert [m.message_handle for m in page.data] == ["h-1", "h-2"]
    assert all(isinstance(m, Message) for m in page.data)


@pytest.mark.parametrize("bad", [{"is_outbound": "false"}, {"message_handle": 7}])
def test_wrong_types_are_decode_errors(bad):
    with pytest.raises(ResponseDecodeError):
        parse_response(builders.message_status("h-1"), json_response(200, {**MESSAGE, **bad}))


def test_upload_reply_mixes_snake_and_camel_case():
    body = {"status": "OK", "message": "File uploaded successfully",
            "media_url": "https://storage.example/f.png", "mediaObjectId": "mo-1"}
    uploaded = parse_response(builders.upload_file(b"x", filename="f.png"),
                              json_response(201, body))
    assert (uploaded.media_url, uploaded.media_object_id) == ("https://storage.example/f.png",
                                                              "mo-1")
