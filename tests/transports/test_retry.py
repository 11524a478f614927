"""Retry rules: pure decisions on RetryPolicy, and RetryingTransport over FakeTransport."""

import logging
import time
from collections.abc import AsyncIterator
from email.utils import formatdate
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transports import (
    FakeClock,
    FakeTransport,
    MultipartField,
    RequestSpec,
    Response,
    ResponseTooLarge,
    RetryingTransport,
    RetryPolicy,
    ServerRequest,
    TransportError,
    TransportTimeout,
)

NOW = 1_800_000_000.0
NO_JITTER = RetryPolicy(random=lambda: 0.0)


def spec(method: str = "GET", **kw) -> RequestSpec:
    return RequestSpec(method, "/v1/things/%2B1", **kw).bind("https://api.test")


def delay(policy=NO_JITTER, method="GET", attempt=0, status=None, headers=None, error=None, **kw):
    response = None if status is None else Response(status, headers or {})
    return policy.delay_for(spec(method, **kw), attempt, response, error, now=NOW)


class Server:
    """Counts requests and answers 200 with the request number."""

    def __init__(self) -> None:
        self.requests: list[ServerRequest] = []

    async def __call__(self, request: ServerRequest) -> Response:
        self.requests.append(request)
        return Response(200, {}, str(len(self.requests)).encode())


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def server() -> Server:
    return Server()


@pytest.fixture
def inner(server: Server) -> FakeTransport:
    return FakeTransport(server)


@pytest.fixture
def retrying(inner: FakeTransport, clock: FakeClock) -> RetryingTransport:
    return RetryingTransport(inner, NO_JITTER, clock)


# --- pure rules ---------------------------------------------------------------------


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504, 599])
def test_idempotent_requests_retry_on_408_429_and_5xx(status):
    assert delay(status=status) == 0.5
    assert delay(method="PUT", status=status) == 0.5


@pytest.mark.parametrize("status", [200, 201, 204, 301, 400, 401, 403, 404, 409, 422])
def test_other_statuses_are_never_retried(status):
    assert delay(status=status) is None
    assert delay(method="POST", status=status) is None


@pytest.mark.parametrize("error", [TransportError("reset"), TransportTimeout("slow")])
def test_idempotent_requests_retry_on_transport_errors(error):
    assert delay(error=error) == 0.5


def test_errors_that_are_not_transport_errors_are_not_retried():
    assert delay(error=ValueError("bug")) is None


def test_a_response_too_large_to_read_is_not_retried():
    assert delay(error=ResponseTooLarge("GET /x: response body over 10 bytes")) is None


@pytest.mark.parametrize("method", ["POST", "PATCH"])
@pytest.mark.parametrize("status", [408, 500, 503])
def test_non_idempotent_requests_do_not_retry_what_the_server_may_have_processed(method, status):
    assert delay(method=method, status=status) is None
    assert delay(method=method, error=TransportError("reset")) is None
    assert delay(method=method, error=TransportTimeout("slow")) is None


def test_non_idempotent_requests_retry_on_429_only():
    assert delay(method="POST", status=429) == 0.5


def test_a_post_marked_idempotent_retries_like_a_get():
    assert delay(method="POST", status=503, idempotent=True) == 0.5
    assert delay(method="POST", error=TransportError("reset"), idempotent=True) == 0.5


def test_retryable_false_is_never_retried_not_even_on_429():
    assert delay(status=429, retryable=False) is None
    assert delay(status=503, retryable=False) is None
    assert delay(method="POST", status=429, retryable=False) is None
    assert delay(error=TransportError("reset"), retryable=False) is None


def test_no_retry_once_max_retries_are_used():
    assert delay(attempt=1, status=503) == 1.0
    assert delay(attempt=2, status=503) is None
    assert delay(RetryPolicy(max_retries=0), status=503) is None


def test_retry_after_seconds_is_honoured_without_jitter():
    jittery = RetryPolicy(random=lambda: 0.9)
    assert delay(jittery, status=429, headers={"Retry-After": "3"}) == 3.0
    assert delay(jittery, status=503, headers={"retry-after": "1.5"}) == 1.5


def test_retry_after_http_date_is_relative_to_now():
    header = {"Retry-After": formatdate(NOW + 10, usegmt=True)}
    assert delay(status=429, headers=header) == 10.0
    assert delay(status=429, headers={"Retry-After": formatdate(NOW + 20)}) == 20.0  # -0000


@pytest.mark.parametrize(
    "value",
    ["0", "-5", "61", "3600", "nan", "inf", "soon", "", formatdate(NOW - 5, usegmt=True)],
)
def test_out_of_range_or_unparseable_retry_after_falls_back_to_backoff(value):
    assert delay(status=429, headers={"Retry-After": value}) == 0.5


def test_retry_after_cap_is_configurable():
    policy = RetryPolicy(retry_after_cap=120.0, random=lambda: 0.0)
    assert delay(policy, status=429, headers={"Retry-After": "120"}) == 120.0
    assert delay(NO_JITTER, status=429, headers={"Retry-After": "60"}) == 60.0


def test_backoff_doubles_and_is_capped_at_8_seconds():
    assert [NO_JITTER.backoff(n) for n in range(7)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert NO_JITTER.backoff(5000) == 8.0


@settings(derandomize=True, database=None)
@given(attempt=st.integers(0, 40), r=st.floats(0.0, 1.0, exclude_max=True))
def test_jitter_keeps_the_delay_within_75_to_100_percent(attempt, r):
    base = NO_JITTER.backoff(attempt)
    jittered = RetryPolicy(random=lambda: r).backoff(attempt)
    assert 0.75 * base <= jittered <= base <= 8.0
    assert RetryPolicy(random=lambda: 0.5).backoff(attempt) == 0.875 * base


def test_the_default_policy():
    policy = RetryPolicy()
    assert (policy.max_retries, policy.backoff_base, policy.backoff_cap) == (2, 0.5, 8.0)
    assert policy.retry_after_cap == 60.0
    assert 0.375 < policy.backoff(0) <= 0.5


# --- RetryingTransport ---------------------------------------------------------------


async def test_retries_then_returns_the_success(retrying, inner, server, clock):
    inner.fail_next(503)
    inner.fail_next(connection_error=True)
    response = await retrying.send(spec())
    assert response.body == b"1"
    assert clock.sleeps == [0.5, 1.0]


async def test_after_the_last_attempt_the_last_response_is_returned(retrying, inner, clock):
    for body in (b"first", b"second", b"third"):
        inner.fail_next(503, body=body)
    response = await retrying.send(spec())
    assert response == Response(503, {}, b"third")
    assert clock.sleeps == [0.5, 1.0]
    assert (await retrying.send(spec())).status == 200  # nothing left over


async def test_after_the_last_attempt_the_last_error_is_raised(retrying, inner, clock):
    inner.fail_next(connection_error=True, times=2)
    inner.fail_next(timeout=True)
    with pytest.raises(TransportTimeout):
        await retrying.send(spec())
    assert len(clock.sleeps) == 2


async def test_a_post_is_not_resent_after_a_503_or_a_lost_reply(retrying, inner, server, clock):
    inner.fail_next(503)
    assert (await retrying.send(spec("POST", json={}))).status == 503
    inner.fail_next(connection_error=True, after_server=True)
    with pytest.raises(TransportError):
        await retrying.send(spec("POST", json={}))
    assert len(server.requests) == 1  # processed once, never twice
    assert clock.sleeps == []


async def test_a_post_is_resent_after_429_honouring_retry_after(retrying, inner, server, clock):
    inner.fail_next(429, headers={"Retry-After": "7"})
    response = await retrying.send(spec("POST", json={"a": 1}))
    assert response.status == 200
    assert clock.sleeps == [7.0]
    assert clock.now() == NOW + 7.0
    assert server.requests[0].body == b'{"a":1}'


async def test_a_non_retryable_spec_is_sent_once(retrying, inner, clock):
    inner.fail_next(429)
    assert (await retrying.send(spec("POST", json={}, retryable=False))).status == 429
    assert clock.sleeps == []


async def test_a_multipart_file_is_resent_whole(retrying, inner, server, tmp_path: Path):
    upload = tmp_path / "doc.txt"
    upload.write_bytes(b"contents")
    inner.fail_next(429, after_server=True)
    await retrying.send(spec("POST", multipart=(MultipartField("doc", upload),)))
    assert len(server.requests) == 2
    assert b"contents" in server.requests[1].body
    assert server.requests[0].body.count(b"contents") == 1


async def test_a_body_streamed_from_an_iterator_is_not_resent(retrying, inner, clock):
    async def once() -> AsyncIterator[bytes]:
        yield b"can be read once"

    inner.fail_next(429)
    response = await retrying.send(spec("POST", multipart=(MultipartField("f", once()),)))
    assert response.status == 429
    assert clock.sleeps == []


async def test_each_retry_is_logged_without_headers_or_body(retrying, inner, caplog):
    inner.fail_next(503)
    caplog.set_level(logging.DEBUG, logger="transports.retry")
    secret = spec("PUT", json={"pin": "9876"}).bind("https://api.test", {"X-Key": "s3cret"})
    await retrying.send(secret)
    assert "PUT /v1/things/%2B1" in caplog.text and "status 503" in caplog.text
    assert "s3cret" not in caplog.text and "9876" not in caplog.text


async def test_aclose_closes_the_inner_transport(retrying, inner):
    await retrying.aclose()
    assert inner.closed


def test_defaults_are_the_default_policy_and_real_time(inner):
    retrying = RetryingTransport(inner)
    assert retrying.policy == RetryPolicy()
    assert abs(retrying.clock.now() - time.time()) < 5
