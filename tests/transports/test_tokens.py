"""TokenCache: single-flight minting, refresh margin, compare-and-clear invalidation, and
backoff after failed mints."""

import math
import traceback

import anyio
import pytest

from transports import FakeClock, MintBackoff, Token, TokenCache

HOUR = 3600.0


class Minter:
    """Mints ``tok-1``, ``tok-2``, ... valid for ``lifetime``; yields to the loop meanwhile."""

    def __init__(self, clock: FakeClock, lifetime: float = HOUR) -> None:
        self.clock = clock
        self.lifetime = lifetime
        self.calls = 0
        self.failures: list[Exception] = []

    async def __call__(self) -> Token:
        self.calls += 1
        for _ in range(5):  # give every waiting caller a chance to pile up
            await anyio.lowlevel.checkpoint()
        if self.failures:
            raise self.failures.pop(0)
        return Token(f"tok-{self.calls}", self.clock.now() + self.lifetime)


@pytest.fixture
def mint(clock: FakeClock) -> Minter:
    return Minter(clock)


@pytest.fixture
def cache(mint: Minter, clock: FakeClock) -> TokenCache:
    return TokenCache(mint, clock=clock)


async def gather_gets(cache: TokenCache, n: int) -> list[Token | BaseException]:
    results: list[Token | BaseException] = []

    async def one() -> None:
        try:
            results.append(await cache.get())
        except Exception as exc:
            results.append(exc)

    async with anyio.create_task_group() as tg:
        for _ in range(n):
            tg.start_soon(one)
    return results


async def test_100_concurrent_first_calls_mint_exactly_once(cache, mint):
    results = await gather_gets(cache, 100)
    assert mint.calls == 1
    assert len(results) == 100
    assert {r.value for r in results if isinstance(r, Token)} == {"tok-1"}
    assert (await cache.get()).value == "tok-1" and mint.calls == 1


async def test_refreshes_once_within_the_margin_of_expiry(cache, mint, clock):
    first = await cache.get()
    clock.advance(HOUR - 60 - 1)
    assert await cache.get() is first
    clock.advance(1)  # now == expires_at - 60
    second = await cache.get()
    assert second.value == "tok-2"
    assert second.expires_at == clock.now() + HOUR


async def test_refresh_margin_is_configurable(mint, clock):
    cache = TokenCache(mint, clock=clock, refresh_margin=300)
    await cache.get()
    clock.advance(HOUR - 301)
    await cache.get()
    clock.advance(1)
    assert (await cache.get()).value == "tok-2"


async def test_a_token_shorter_lived_than_the_margin_is_still_reused(cache, mint, clock):
    mint.lifetime = 30.0  # the margin would be 60 s: clamped to half the life, 15 s
    first = await cache.get()
    clock.advance(14)
    assert await cache.get() is first
    clock.advance(1)
    assert (await cache.get()).value == "tok-2"
    assert mint.calls == 2


async def test_invalidate_clears_only_the_token_it_is_given(cache, mint):
    stale = await cache.get()
    cache.invalidate(stale)
    fresh = await cache.get()
    assert fresh.value == "tok-2"
    cache.invalidate(stale)  # a late 401 for the old token
    assert await cache.get() is fresh
    cache.invalidate(Token("tok-2", 0.0))  # the same credential, however it is held
    assert (await cache.get()).value == "tok-3"
    assert mint.calls == 3


async def test_a_mint_failure_reaches_every_waiter_and_the_next_call_retries(
    cache, mint, clock
):
    boom = RuntimeError("auth server down")
    mint.failures.append(boom)
    results = await gather_gets(cache, 10)
    assert results == [boom] * 10
    assert mint.calls == 1
    clock.advance(1)  # past the backoff window after one failure
    assert (await cache.get()).value == "tok-2"
    assert mint.calls == 2


async def test_a_cancelled_mint_lets_a_waiter_mint_instead(cache, mint):
    leader_scope = anyio.CancelScope()
    waited: list[Token] = []

    async def leader() -> None:
        with leader_scope:
            await cache.get()

    async def waiter() -> None:
        waited.append(await cache.get())

    async with anyio.create_task_group() as tg:
        tg.start_soon(leader)
        while mint.calls == 0:
            await anyio.lowlevel.checkpoint()
        tg.start_soon(waiter)
        await anyio.lowlevel.checkpoint()  # the waiter now queues on the lock
        leader_scope.cancel()
    assert leader_scope.cancelled_caught
    assert [token.value for token in waited] == ["tok-2"]


def test_reprs_never_show_the_token_value():
    token = Token("s3cret-value", 1_800_000_000.0)
    assert "s3cret" not in repr(token) and "s3cret" not in str(token)
    assert "1800000000" in repr(token)


async def test_cache_repr_never_shows_the_token_value(cache):
    assert "tok" not in repr(cache)
    await cache.get()
    assert "tok-1" not in repr(cache)
    assert "expires_at" in repr(cache)


# -- backoff after failed mints -------------------------------------------------------------


class InFlight:
    """Wraps a minter and records how many of its mints ran at the same time."""

    def __init__(self, mint: Minter) -> None:
        self.mint, self.now, self.most = mint, 0, 0

    async def __call__(self) -> Token:
        self.now += 1
        self.most = max(self.most, self.now)
        try:
            return await self.mint()
        finally:
            self.now -= 1


async def test_callers_in_the_backoff_window_share_the_failure_without_a_mint(cache, mint, clock):
    boom = RuntimeError("auth server down")
    mint.failures.append(boom)
    for _ in range(800):
        with pytest.raises(RuntimeError) as info:
            await cache.get()
        assert info.value is boom
    assert mint.calls == 1 and cache.failures == 1
    assert cache.retry_at == clock.now() + 1.0


async def test_the_window_doubles_on_consecutive_failures_up_to_a_cap_and_resets(mint, clock):
    cache = TokenCache(mint, clock=clock, backoff=MintBackoff(first=1.0, cap=4.0))
    mint.failures.extend(RuntimeError(f"down {n}") for n in range(4))
    windows = []
    for _ in range(4):
        failed_at = clock.now()
        with pytest.raises(RuntimeError):
            await cache.get()
        windows.append(cache.retry_at - failed_at)
        clock.advance(cache.retry_at - clock.now() - 0.5)
        with pytest.raises(RuntimeError):  # still inside the window: no mint
            await cache.get()
        clock.advance(0.5)
    assert windows == [1.0, 2.0, 4.0, 4.0] and mint.calls == 4
    assert (await cache.get()).value == "tok-5" and cache.failures == 0
    mint.failures.append(RuntimeError("down again"))
    cache.invalidate(Token("tok-5", 0.0))
    with pytest.raises(RuntimeError, match="down again"):
        await cache.get()
    assert cache.retry_at == clock.now() + 1.0  # the window starts over after a success


async def test_800_concurrent_callers_of_a_failing_mint_start_one_mint_at_a_time(mint, clock):
    in_flight = InFlight(mint)
    cache = TokenCache(in_flight, clock=clock)
    mint.failures.append(RuntimeError("auth server down"))
    results = await gather_gets(cache, 800)
    assert len(results) == 800 and all(isinstance(r, RuntimeError) for r in results)
    assert mint.calls == 1 and in_flight.most == 1
    clock.advance(1)
    results = await gather_gets(cache, 800)
    assert {r.value for r in results if isinstance(r, Token)} == {"tok-2"}
    assert mint.calls == 2 and in_flight.most == 1


async def test_a_failed_refresh_keeps_handing_out_the_token_until_it_expires(cache, mint, clock):
    first = await cache.get()
    clock.advance(HOUR - 30)  # inside the refresh margin, 30 s before expiry
    mint.failures.extend([RuntimeError("down"), RuntimeError("still down")])
    assert await cache.get() is first  # the refresh failed; the token is still good
    assert await cache.get() is first and mint.calls == 2  # no mint in the window
    clock.advance(1)
    assert await cache.get() is first and mint.calls == 3  # failed again: window of 2 s
    clock.advance(29)  # the token has expired, the window has passed
    assert (await cache.get()).value == "tok-4"


async def test_a_shared_failure_keeps_the_traceback_of_its_mint(cache, mint):
    mint.failures.append(RuntimeError("auth server down"))
    depths = []
    for _ in range(50):
        with pytest.raises(RuntimeError) as info:
            await cache.get()
        depths.append(len(list(traceback.walk_tb(info.value.__traceback__))))
    assert max(depths) <= depths[0] + 1  # not grown by every caller it was raised to


def test_mint_backoff_delays_and_bounds():
    backoff = MintBackoff(first=0.5, cap=30.0)
    assert [backoff.delay(n) for n in (1, 2, 3, 7, 8)] == [0.5, 1.0, 2.0, 30.0, 30.0]
    assert backoff.delay(100_000) == 30.0  # a long outage does not overflow
    assert MintBackoff().delay(1) == 1.0 and MintBackoff().delay(10) == 60.0
    for bad in (0.0, -1.0, math.nan):
        with pytest.raises(ValueError, match="positive"):
            MintBackoff(first=bad)
        with pytest.raises(ValueError, match="positive"):
            MintBackoff(cap=bad)


class WallClock:
    """A wall clock that an NTP correction can step back (``time`` is settable)."""

    def __init__(self, time: float) -> None:
        self.time = time

    def now(self) -> float:
        return self.time

    async def sleep(self, seconds: float) -> None:
        self.time += seconds


async def test_a_wall_clock_stepped_back_does_not_stretch_the_window():
    clock = WallClock(1_800_000_000.0)
    mint = Minter(clock)
    cache = TokenCache(mint, clock=clock)
    mint.failures.append(RuntimeError("down"))
    with pytest.raises(RuntimeError):
        await cache.get()
    clock.time -= 3600  # the window would now end an hour and a second from now
    assert (await cache.get()).value == "tok-2"
