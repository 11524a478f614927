"""A misbehaving token endpoint (a lifetime of zero or less, none at all, an outage) costs
one mint per backoff window, never one per call; mints are counted by the fake server."""

import anyio
import pytest

from sinch_numbers import ResponseDecodeError, ServerError, SinchNumbers
from sinch_numbers.fake import FakeSinchNumbers
from transports import FakeClock, FakeTransport, Router, ServerRequest, json_response

from .conftest import AUTH_URL, BASE_URL, KEY_ID, KEY_SECRET, PROJECT

TOKEN = "POST /oauth2/token"
REGIONS = "GET /availableRegions"


class MintsInFlight:
    """The fake behind a transport, recording how many token requests it held at once."""

    def __init__(self, fake: FakeSinchNumbers) -> None:
        self.fake, self.now, self.most = fake, 0, 0

    async def __call__(self, request: ServerRequest):
        if request.path != "/oauth2/token":
            return await self.fake(request)
        self.now += 1
        self.most = max(self.most, self.now)
        try:
            for _ in range(5):  # let every other caller pile up meanwhile
                await anyio.lowlevel.checkpoint()
            return await self.fake(request)
        finally:
            self.now -= 1


def sinch(handler, clock: FakeClock, **kwargs) -> SinchNumbers:
    return SinchNumbers(
        PROJECT, KEY_ID, KEY_SECRET, base_url=BASE_URL, auth_url=AUTH_URL,
        transport=FakeTransport(handler), clock=clock, **kwargs,
    )


async def call_all(client, n: int) -> list[BaseException | None]:
    outcomes: list[BaseException | None] = []

    async def one() -> None:
        try:
            await client.regions.list()
            outcomes.append(None)
        except Exception as exc:
            outcomes.append(exc)

    async with anyio.create_task_group() as tg:
        for _ in range(n):
            tg.start_soon(one)
    return outcomes


@pytest.mark.parametrize("lifetime", [0, -5, 0.5])
async def test_a_token_that_would_not_live_is_refused_once_for_800_calls(fake, clock, lifetime):
    fake.advertised_lifetime = lifetime
    in_flight = MintsInFlight(fake)
    async with sinch(in_flight, clock) as client:
        outcomes = await call_all(client, 800)
        for _ in range(800):
            with pytest.raises(ResponseDecodeError, match="lifetime"):
                await client.regions.list()
    assert all(isinstance(o, ResponseDecodeError) for o in outcomes) and len(outcomes) == 800
    assert fake.calls[TOKEN] == 1 and in_flight.most == 1
    assert fake.calls[REGIONS] == 0  # a token the server called dead is never sent


async def test_the_refused_token_is_kept_out_of_the_error(fake, clock):
    fake.advertised_lifetime = 0
    async with sinch(fake, clock) as client:
        with pytest.raises(ResponseDecodeError) as info:
            await client.regions.list()
    error = info.value
    assert error.body is None and error.status == 200 and error.path == "/oauth2/token"
    assert "fake-token" not in str(error) and "fake-token" not in repr(error)


async def test_mints_back_off_while_the_lifetime_stays_bad_and_resume_when_fixed(fake, clock):
    fake.advertised_lifetime = 0
    async with sinch(fake, clock) as client:
        for window in (1, 2, 4, 8):
            minted = fake.calls[TOKEN]
            for _ in range(8):  # eight calls spread over the window: one mint
                with pytest.raises(ResponseDecodeError):
                    await client.regions.list()
                clock.advance(window / 8)
            assert fake.calls[TOKEN] == minted + 1
        fake.advertised_lifetime = None
        await client.regions.list()
        await client.regions.list()
    assert fake.calls[TOKEN] == 5 and fake.calls[REGIONS] == 2


async def test_800_callers_during_a_token_endpoint_outage_make_one_mint(fake, clock):
    fake.token_outage = 503
    in_flight = MintsInFlight(fake)
    async with sinch(in_flight, clock, retry=None) as client:
        outcomes = await call_all(client, 800)
        assert all(isinstance(o, ServerError) for o in outcomes)
        assert fake.calls[TOKEN] == 1 and in_flight.most == 1
        clock.advance(1)
        await call_all(client, 800)
        assert fake.calls[TOKEN] == 2 and in_flight.most == 1
        fake.token_outage = None
        clock.advance(2)
        assert await call_all(client, 800) == [None] * 800
    assert fake.calls[TOKEN] == 3 and fake.calls[REGIONS] == 800


async def test_an_outage_at_refresh_time_does_not_fail_calls_while_the_token_lives(fake, clock):
    async with sinch(fake, clock, retry=None) as client:
        await client.regions.list()
        clock.advance(3600 - 30)  # due for refresh, valid for 30 s more
        fake.token_outage = 503
        for _ in range(100):
            await client.regions.list()
        assert fake.calls[TOKEN] == 2  # the first and one failed refresh
        clock.advance(31)  # expired on both sides; the outage goes on
        with pytest.raises(ServerError):
            await client.regions.list()
    assert fake.calls[REGIONS] == 101


async def test_a_reply_without_a_lifetime_is_refused_and_backed_off_too(clock):
    router = Router()
    minted = []

    async def token(request: ServerRequest, **_: str):
        minted.append(request)
        return json_response(200, {"access_token": "t", "token_type": "bearer"})

    router.add("POST", "/oauth2/token", token)
    async with sinch(router, clock) as client:
        for _ in range(100):
            with pytest.raises(ResponseDecodeError):
                await client.regions.list()
    assert len(minted) == 1
