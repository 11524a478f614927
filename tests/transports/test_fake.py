"""Router and FakeTransport: the in-process server toolkit fake backends use."""

import pytest

from transports import (
    FakeTransport,
    RequestSpec,
    Response,
    Router,
    ServerRequest,
    TransportError,
    TransportTimeout,
    json_response,
)
from transports.testing.fake import to_server_request

BASE = "https://fake.test"


def make_router(calls: list[ServerRequest]) -> Router:
    router = Router()

    @router.route("GET", "/numbers/{number}/lines/{line_id}")
    async def get_line(request: ServerRequest, number: str, line_id: str) -> Response:
        calls.append(request)
        return json_response(200, {"number": number, "line": line_id})

    @router.route("POST", "/numbers/{number}")
    async def post_number(request: ServerRequest, number: str) -> Response:
        calls.append(request)
        return json_response(201, {"number": number, "body": request.json()})

    return router


@pytest.fixture
def calls() -> list[ServerRequest]:
    return []


@pytest.fixture
def fake(calls: list[ServerRequest]) -> FakeTransport:
    return FakeTransport(make_router(calls))


def spec(method="GET", path="/numbers/%2B1555/lines/a%2Fb", **kw) -> RequestSpec:
    return RequestSpec(method, path, **kw).bind(BASE)


async def test_router_passes_percent_decoded_params(fake: FakeTransport):
    response = await fake.send(spec())
    assert response.status == 200
    assert response.json() == {"number": "+1555", "line": "a/b"}


async def test_router_answers_404_for_unknown_paths_and_405_for_other_methods(fake, calls):
    missing = await fake.send(spec(path="/nothing/here"))
    wrong_method = await fake.send(spec("DELETE", "/numbers/1"))
    assert missing.status == 404
    assert missing.json()["message"] == "No route for /nothing/here"
    assert wrong_method.status == 405
    assert calls == []


async def test_the_handler_sees_the_request_as_the_wire_carries_it(fake, calls):
    sent = spec("POST", "/numbers/%2B1", json={"a": 1}, query=[("k", 1), ("k", 2)])
    sent = sent.bind(BASE, {"X-Api-Key": "key"})
    response = await fake.send(sent)
    assert response.status == 201
    assert (
        fake.requests
        == calls
        == [
            ServerRequest(
                "POST",
                "/numbers/%2B1",
                (("k", "1"), ("k", "2")),
                {"x-api-key": "key", "content-type": "application/json"},
                b'{"a":1}',
            )
        ]
    )
    assert calls[0] == await to_server_request(sent)
    assert calls[0].args("k") == ["1", "2"] and calls[0].arg("k") == "1"


async def test_a_spec_content_type_wins_over_the_encoded_one():
    request = await to_server_request(
        spec("POST", "/x", json={}, headers={"Content-Type": "application/vnd+json"})
    )
    assert request.headers == {"content-type": "application/vnd+json"}


def test_server_request_helpers():
    form = ServerRequest("POST", "/f", body=b"a=1&b=&a=2")
    assert form.form() == {"a": "2", "b": ""}
    assert ServerRequest("GET", "/").json() is None
    assert ServerRequest("GET", "/", headers={"x-a": "1"}).header("X-A") == "1"


async def test_fail_next_status_answers_without_reaching_the_server(fake, calls):
    fake.fail_next(503, headers={"Retry-After": "2"}, body=b"busy")
    first = await fake.send(spec())
    second = await fake.send(spec())
    assert first == Response(503, {"retry-after": "2"}, b"busy")
    assert second.status == 200
    assert len(calls) == 1


async def test_fail_next_timeout_and_connection_error(fake, calls):
    fake.fail_next(timeout=True)
    fake.fail_next(connection_error=True, times=2)
    with pytest.raises(TransportTimeout, match="GET /numbers/%2B1555/lines/a%2Fb timed out"):
        await fake.send(spec())
    for _ in range(2):
        with pytest.raises(TransportError) as info:
            await fake.send(spec())
        assert not isinstance(info.value, TransportTimeout)
        assert (info.value.method, info.value.path) == ("GET", "/numbers/%2B1555/lines/a%2Fb")
    assert calls == []
    assert (await fake.send(spec())).status == 200


async def test_fail_next_after_server_loses_the_reply_of_a_processed_request(fake, calls):
    fake.fail_next(connection_error=True, after_server=True)
    with pytest.raises(TransportError):
        await fake.send(spec("POST", "/numbers/1", json={}))
    assert len(calls) == 1  # the server acted; only the reply was lost


@pytest.mark.parametrize(
    "kwargs", [{}, {"status": 500, "timeout": True}, {"timeout": True, "connection_error": True}]
)
def test_fail_next_wants_exactly_one_kind_of_failure(fake, kwargs):
    with pytest.raises(ValueError, match="exactly one"):
        fake.fail_next(**kwargs)


async def test_a_closed_fake_refuses_to_send(fake):
    await fake.aclose()
    with pytest.raises(TransportError, match="closed"):
        await fake.send(spec())


def test_a_server_request_repr_shows_header_names_and_body_size_only():
    request = ServerRequest("POST", "/x", (("q", "1"),), {"sb-api-secret-key": "s3cret"},
                            b'{"preview_token":"t0ken"}')
    shown = repr(request)
    assert "sb-api-secret-key" in shown and "25 bytes" in shown and "'/x'" in shown
    assert "s3cret" not in shown and "t0ken" not in shown
