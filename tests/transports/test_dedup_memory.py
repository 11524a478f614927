"""The in-memory de-duplication store: first claim wins within the window, on a FakeClock."""

import pytest

from transports import FakeClock
from transports.dedup import MemoryDedup


async def test_the_first_claim_wins_until_the_window_ends():
    clock = FakeClock()
    store = MemoryDedup(60, clock=clock)
    assert await store.claim("m-1:DELIVERED") is True
    assert await store.claim("m-1:DELIVERED") is False
    assert await store.claim("m-1:SENT") is True
    clock.advance(60)
    assert await store.claim("m-1:DELIVERED") is True  # the window is over: new again


async def test_expired_keys_are_swept_as_new_ones_arrive():
    clock = FakeClock()
    store = MemoryDedup(10, clock=clock)
    for i in range(100):
        await store.claim(f"k-{i}")
        clock.advance(1)
    assert len(store) == 10


async def test_a_released_key_can_be_claimed_again_and_close_forgets_everything():
    store = MemoryDedup(60, clock=FakeClock())
    assert await store.claim("e-1")
    await store.release("e-1")
    await store.release("never-claimed")
    assert await store.claim("e-1")
    await store.aclose()
    assert len(store) == 0 and await store.claim("e-1")


def test_the_window_must_be_positive():
    with pytest.raises(ValueError, match="window"):
        MemoryDedup(0)
