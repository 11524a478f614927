"""The bulk acknowledgement is read from the head of the reply when it says OK there; any
other reply is decoded in full, so an error or a bad body is still a typed error."""

import pytest

from sendblue_async import errors
from sendblue_async._parse import parse_response
from sendblue_async.models import BulkAck
from transports import RequestSpec, Response

SPEC = RequestSpec("POST", "/api/v2/contacts/bulk", BulkAck, json={"contacts": []})


def reply(body: bytes, status: int = 200) -> Response:
    return Response(status, {"content-type": "application/json"}, body)


@pytest.mark.parametrize("body", [
    b'{"status":"OK","contacts":[{"phone":"+14155550100"}]}',
    b' \n{ "status" : "OK" }\n',
    b'{"status":"OK","contacts":[]}   ',
])
def test_an_ok_head_is_an_acknowledgement(body):
    assert BulkAck.from_head(body) == BulkAck("OK")
    assert parse_response(SPEC, reply(body)) == BulkAck("OK")


@pytest.mark.parametrize("body", [
    b'{"contacts":[],"status":"OK"}',  # the status elsewhere: decoded in full
    b'{"status":"OKAY"}',
    b'{"status":"OK","contacts":[{"phone":"+1415',  # truncated: not closed
    b'{"status":"ERROR","message":"x"}',
    b"<html>OK</html>",
    b"",
])
def test_any_other_body_is_decoded_in_full(body):
    assert BulkAck.from_head(body) is None


def test_the_full_decode_still_reads_the_status_elsewhere_and_rejects_bad_bodies():
    assert parse_response(SPEC, reply(b'{"contacts":[],"status":"OK"}')) == BulkAck("OK")
    with pytest.raises(errors.ResponseDecodeError):
        parse_response(SPEC, reply(b'{"status":"OK","contacts":[{"phone":"+1415'))
    with pytest.raises(errors.ResponseDecodeError):
        parse_response(SPEC, reply(b"<html>OK</html>"))
    with pytest.raises(errors.APIStatusError, match="invalid contact"):
        parse_response(SPEC, reply(b'{"status":"ERROR","message":"invalid contact"}'))
