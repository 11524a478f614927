"""TokenCache: single-flight minting, refresh margin, compare-and-clear invalidation."""

import anyio
import pytest

from transports import FakeClock, Token, TokenCache

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


async def test_a_mint_failure_reaches_every_waiter_and_the_next_call_retries(cache, mint):
    boom = RuntimeError("auth server down")
    mint.failures.append(boom)
    results = await gather_gets(cache, 10)
    assert results == [boom] * 10
    assert mint.calls == 1
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
