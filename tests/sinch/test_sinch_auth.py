"""OAuth tokens (single flight, refresh before expiry, one retry on "expired") and Basic."""

import logging

import anyio
import pytest

from sinch_numbers import (
    APIConnectionError,
    AuthenticationError,
    SinchNumbers,
    SmsSettings,
)
from sinch_numbers.fake import FakeSinchNumbers
from transports import FakeClock, FakeTransport

from .conftest import AUTH_URL, BASE_URL, KEY_ID, KEY_SECRET, PROJECT

TOKEN = "POST /oauth2/token"
REGIONS = "GET /availableRegions"
RENT = "POST /availableNumbers/{phone_number}:rent"
US = "+12025550100"


def make_client(transport, clock, **kwargs):
    return SinchNumbers(
        PROJECT,
        KEY_ID,
        KEY_SECRET,
        base_url=BASE_URL,
        auth_url=AUTH_URL,
        transport=transport,
        clock=clock,
        **kwargs,
    )


async def run_many(n, make_call):
    async with anyio.create_task_group() as tg:
        for _ in range(n):
            tg.start_soon(make_call)


async def test_token_request_is_form_encoded_with_basic_credentials(client, transport):
    await client.regions.list()
    token_request, api_request = transport.requests
    assert token_request.path == "/oauth2/token"
    assert token_request.form() == {"grant_type": "client_credentials"}
    assert token_request.header("authorization").startswith("Basic ")
    assert token_request.header("content-type") == "application/x-www-form-urlencoded"
    assert api_request.header("authorization") == "Bearer fake-token-1"


async def test_100_concurrent_first_calls_mint_exactly_one_token(client, fake):
    await run_many(100, client.regions.list)
    assert fake.calls[TOKEN] == 1 and fake.calls[REGIONS] == 100


async def test_token_is_refreshed_before_expires_in_runs_out(client, fake, clock):
    await client.regions.list()
    clock.advance(3600 - 61)
    await client.regions.list()
    assert fake.calls[TOKEN] == 1
    clock.advance(2)  # inside the 60 s refresh margin, still valid on the server
    await client.regions.list()
    assert fake.calls[TOKEN] == 2 and fake.calls[REGIONS] == 3  # no 401 round trip


async def test_expired_401_refetches_once_and_retries(client, fake, transport):
    await client.regions.list()
    fake.expire_tokens()
    await client.regions.list()
    assert fake.calls[TOKEN] == 2 and fake.calls[REGIONS] == 3
    assert transport.requests[-1].header("authorization") == "Bearer fake-token-2"


async def test_expiry_under_concurrency_mints_one_new_token(client, fake):
    await client.regions.list()
    fake.expire_tokens()
    await run_many(50, client.regions.list)
    assert fake.calls[TOKEN] == 2


async def test_the_401_retry_happens_once_per_call(fake, transport, clock):
    fake.token_lifetime = 0  # every token is expired on arrival
    fake.advertised_lifetime = 3600  # though the token endpoint promises an hour
    async with make_client(transport, clock) as client:
        with pytest.raises(AuthenticationError) as info:
            await client.regions.list()
    assert fake.calls[TOKEN] == 2 and fake.calls[REGIONS] == 2
    assert info.value.status == 401 and info.value.error_status == "UNAUTHENTICATED"


async def test_a_401_that_is_not_expiry_is_not_retried(client, fake, transport):
    await client.regions.list()
    fake.tokens.clear()  # the server forgot the token: "invalid", not "expired"
    with pytest.raises(AuthenticationError):
        await client.regions.list()
    assert fake.calls[TOKEN] == 1 and fake.calls[REGIONS] == 2


async def test_rent_after_expiry_is_processed_exactly_once(client, fake):
    await client.regions.list()
    fake.expire_tokens()
    with pytest.deprecated_call():
        await client.available.rent(US, sms=SmsSettings("plan"))
    # The first attempt was rejected by auth before the handler ran; the resend rented.
    assert fake.calls[RENT] == 2 and US in fake.active


async def test_rent_is_never_resent_after_the_server_processed_it(client, fake, transport):
    await client.regions.list()
    transport.fail_next(connection_error=True, after_server=True)
    with pytest.deprecated_call(), pytest.raises(APIConnectionError):
        await client.available.rent(US)
    assert fake.calls[RENT] == 1 and US in fake.active


async def test_rent_429_is_retried_because_nothing_was_processed(client, fake, transport, clock):
    await client.regions.list()
    transport.fail_next(429, headers={"retry-after": "2"})
    with pytest.deprecated_call():
        await client.available.rent(US)
    assert fake.calls[RENT] == 1 and clock.sleeps == [2.0]


async def test_bad_credentials_fail_without_leaking_the_secret(fake, transport, clock):
    async with SinchNumbers(
        PROJECT,
        KEY_ID,
        "wrong-secret",
        base_url=BASE_URL,
        auth_url=AUTH_URL,
        transport=transport,
        clock=clock,
    ) as client:
        with pytest.raises(AuthenticationError, match="Bad client credentials") as info:
            await client.regions.list()
    assert "wrong-secret" not in str(info.value) and "wrong-secret" not in repr(client)
    assert fake.calls[REGIONS] == 0


async def test_a_failed_mint_is_retried_by_the_next_call(client, fake, transport, clock):
    transport.fail_next(503)
    transport.fail_next(503)
    transport.fail_next(503)
    with pytest.raises(Exception, match="503"):
        await client.regions.list()
    clock.advance(1)  # past the backoff window after one failed mint
    await client.regions.list()
    assert fake.calls[TOKEN] == 1


async def test_basic_auth_sends_key_and_secret_on_every_request(fake, transport, clock):
    async with make_client(transport, clock, auth="basic") as client:
        await client.regions.list()
        await client.regions.list()
    assert fake.calls[TOKEN] == 0
    assert transport.requests[0].header("authorization").startswith("Basic ")


async def test_basic_auth_rejected_when_the_server_disallows_it(clock):
    fake = FakeSinchNumbers(
        clock=clock, project_id=PROJECT, key_id=KEY_ID, key_secret=KEY_SECRET, allow_basic=False
    )
    async with make_client(FakeTransport(fake), clock, auth="basic") as client:
        with pytest.raises(AuthenticationError):
            await client.regions.list()


async def test_secrets_never_reach_logs_or_reprs(client, fake, transport, caplog):
    caplog.set_level(logging.DEBUG)
    secret = "0123456789abcdef-0123456789ABCDEF"
    transport.fail_next(500)
    await client.callbacks.update_configuration(secret)
    await client.callbacks.get_configuration()
    text = caplog.text + repr(client) + repr(client._auth) + repr(client._auth.tokens)
    for value in (KEY_SECRET, secret, *fake.tokens):
        assert value not in text


async def test_client_closes_only_the_transport_it_created():
    clock = FakeClock()
    transport = FakeTransport(FakeSinchNumbers(clock=clock))
    async with SinchNumbers("p", "k", "s", transport=transport, clock=clock):
        pass
    assert not transport.closed
