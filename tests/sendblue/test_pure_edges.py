"""Edges of the pure modules that the endpoint tests do not reach: wrong composite arguments,
bodies of the wrong shape, the preview token's shared latch."""

from collections.abc import Callable
from typing import Any

import attrs
import pytest

from sendblue_async import PreviewToken, ResponseDecodeError, ValidationError, builders
from sendblue_async._parse import parse_response
from transports import Response

NUMBER = "+14155550101"


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: builders.bulk_create_contacts([NUMBER]), "contacts[0].item"),
        (lambda: builders.list_messages({"number": NUMBER}), "filters"),
        (lambda: builders.send_message(NUMBER, "hi", reply_to=("handle", 0)), "reply_to"),
        (lambda: builders.create_contact(NUMBER, custom_variables=["vip"]), "custom_variables"),
    ],
    ids=["bulk-item", "filters", "reply-to", "custom-variables"],
)
def test_a_plain_value_where_a_typed_one_belongs_is_a_validation_error(
    build: Callable[[], Any], field: str
):
    with pytest.raises(ValidationError) as info:
        build()
    assert info.value.field == field


def test_typing_indicator_from_a_given_line():
    spec = builders.send_typing_indicator(NUMBER, from_number="+14155550199")
    assert spec.json == {"number": NUMBER, "from_number": "+14155550199"}


@pytest.mark.parametrize(
    ("spec", "body"),
    [
        (builders.send_message(NUMBER, "hi"), b"[1, 2]"),
        (builders.list_contacts(), b'{"contacts": 5}'),
        (builders.list_webhooks(), b'{"status": "OK", "webhooks": ["https://x.test"]}'),
    ],
    ids=["message-not-an-object", "contacts-not-an-array", "webhooks-not-an-object"],
)
def test_a_body_of_the_wrong_shape_is_a_decode_error(spec: Any, body: bytes):
    with pytest.raises(ResponseDecodeError) as info:
        parse_response(spec, Response(200, {}, body))
    assert info.value.status == 200 and info.value.body is not None


def test_copies_of_a_preview_token_share_one_single_use_latch():
    token = PreviewToken("lpv_x", expires_at=2.0, issued_at=1.0)
    copy = attrs.evolve(token, message="copied")
    assert token._claim() is True
    assert copy.used and copy._claim() is False
    assert token.seconds_left(1.5) == 0.5
