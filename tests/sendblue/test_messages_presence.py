"""Reactions, read receipts and typing indicators against the fake."""

import pytest

from sendblue_async import (
    APIStatusError,
    BadRequestError,
    NotFoundError,
    Reaction,
    ValidationError,
    builders,
)
from sendblue_async._parse import parse_response
from transports import Response, json_response

TO = "+14155550123"


async def test_react_to_a_message(client, fake):
    message = fake.receive_message(TO, "lunch?")
    sent = await client.messages.react(
        message.handle, Reaction.LIKE, from_number=fake.shared_line, part_index=1)
    assert (sent.message_handle, sent.reaction) == (message.handle, "like")
    assert fake.reactions == [{"from_number": fake.shared_line, "message_handle": message.handle,
                               "reaction": "like", "part_index": 1}]


async def test_reaction_errors(client, fake, transport):
    with pytest.raises(ValidationError):
        await client.messages.react("h", "heart", from_number=fake.shared_line)
    assert transport.requests == []
    with pytest.raises(NotFoundError):
        await client.messages.react("no-such", "love", from_number=fake.shared_line)
    handle = fake.receive_message(TO, "x").handle
    with pytest.raises(BadRequestError) as info:
        await client.messages.react(handle, "love", from_number="+19995550100")
    assert "not registered" in info.value.message


async def test_mark_read(client, fake):
    receipt = await client.messages.mark_read(TO, from_number=fake.shared_line)
    assert receipt.number == TO and receipt.message == "Mark read request sent"
    assert fake.read_receipts == [{"number": TO, "from_number": fake.shared_line}]


async def test_typing_in_an_existing_chat(client, fake):
    fake.receive_message(TO, "hi")
    result = await client.messages.typing(TO, state="start")
    assert result.status == "SENT"
    assert fake.typing_indicators == [{"number": TO, "state": "start"}]


async def test_typing_error_in_a_200_body_raises_a_typed_error(client, fake):
    with pytest.raises(APIStatusError) as info:
        await client.messages.typing(TO)
    error = info.value
    assert (error.status, error.message) == (200, "No recent chat with this number")
    assert error.path == "/api/send-typing-indicator"
    assert fake.typing_indicators == []


def test_parse_turns_a_typing_error_body_into_an_api_status_error():
    spec = builders.send_typing_indicator(TO)
    body = {"number": TO, "status": "ERROR", "error_message": "Not supported in groups"}
    with pytest.raises(APIStatusError) as info:
        parse_response(spec, json_response(200, body))
    assert info.value.message == "Not supported in groups"
    ok = parse_response(spec, Response(200, {}, b'{"number":"+14155550123","status":"SENT"}'))
    assert ok.status == "SENT"
