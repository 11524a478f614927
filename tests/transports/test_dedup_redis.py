"""The Redis de-duplication store against a real redis-server (the ``redis_url`` fixture):
first claim wins within the window, across clients as across replicas; Redis expires keys
itself; a client passed in stays the caller's."""

import subprocess
import sys
import uuid

import anyio
import pytest
from redis.asyncio import Redis

from transports.dedup import DEFAULT_WINDOW, RedisDedup


@pytest.fixture
def prefix() -> str:
    """Keys of one test only: the server is shared by the session."""
    return f"test:{uuid.uuid4().hex}:"


@pytest.fixture
async def admin(redis_url):
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()


async def claim_concurrently(stores: list[RedisDedup], key: str, count: int) -> list[bool]:
    results: list[bool] = []

    async def claim(store: RedisDedup) -> None:
        results.append(await store.claim(key))

    async with anyio.create_task_group() as group:
        for i in range(count):
            group.start_soon(claim, stores[i % len(stores)])
    return results


async def test_the_first_claim_wins_and_redis_expires_the_key_after_the_window(
    redis_url, admin, prefix
):
    store = RedisDedup(redis_url, 60, prefix=prefix)
    assert store.window == 60 and store.prefix == prefix
    assert await store.claim("m-1:DELIVERED") is True
    assert await store.claim("m-1:DELIVERED") is False
    assert await store.claim("m-1:SENT") is True
    assert await admin.get(f"{prefix}m-1:DELIVERED") == b"1"
    assert 59_000 < await admin.pttl(f"{prefix}m-1:DELIVERED") <= 60_000
    await store.aclose()


async def test_a_key_is_new_again_once_its_window_is_over(redis_url, prefix):
    store = RedisDedup(redis_url, 0.2, prefix=prefix)
    assert await store.claim("k") is True
    assert await store.claim("k") is False
    await anyio.sleep(0.3)
    assert await store.claim("k") is True
    await store.aclose()


async def test_the_default_window_is_a_day(redis_url, admin, prefix):
    store = RedisDedup(redis_url, prefix=prefix)
    assert store.window == DEFAULT_WINDOW and store.prefix == prefix
    await store.claim("k")
    assert DEFAULT_WINDOW * 1000 - 5_000 < await admin.pttl(f"{prefix}k") <= DEFAULT_WINDOW * 1000
    await store.aclose()


async def test_keys_have_the_package_prefix_by_default(redis_url, admin):
    store = RedisDedup(redis_url, 60)
    key = uuid.uuid4().hex
    assert await store.claim(key)
    assert await admin.exists(f"sendblue-async:dedup:{key}") == 1
    await store.release(key)
    assert await admin.exists(f"sendblue-async:dedup:{key}") == 0
    await store.aclose()


async def test_a_released_key_can_be_claimed_again(redis_url, prefix):
    store = RedisDedup(redis_url, 60, prefix=prefix)
    assert await store.claim("e-1")
    await store.release("e-1")
    await store.release("never-claimed")
    assert await store.claim("e-1")
    await store.aclose()


async def test_of_100_concurrent_claims_of_one_key_exactly_one_wins(redis_url, prefix):
    store = RedisDedup(redis_url, 60, prefix=prefix)
    assert sorted(await claim_concurrently([store], "evt-1", 100)) == [False] * 99 + [True]
    await store.aclose()


async def test_two_replicas_with_their_own_clients_share_their_keys(redis_url, prefix):
    replicas = [RedisDedup(redis_url, 60, prefix=prefix) for _ in range(2)]
    assert await replicas[0].claim("k") and not await replicas[1].claim("k")
    results = await claim_concurrently(replicas, "shared", 100)
    assert sorted(results) == [False] * 99 + [True]
    for replica in replicas:
        await replica.aclose()


async def test_a_store_made_from_a_url_closes_its_client(redis_url, admin, prefix):
    name = f"dedup-{uuid.uuid4().hex}"
    store = RedisDedup(f"{redis_url}?client_name={name}", 60, prefix=prefix)
    await store.claim("k")
    assert name in await client_names(admin)
    await store.aclose()
    with anyio.fail_after(5):
        while True:  # the server sees the connection close soon after
            if name not in await client_names(admin):
                break
            await anyio.sleep(0.01)


async def test_a_client_passed_in_stays_open_after_close(redis_url, prefix):
    client = Redis.from_url(redis_url)
    store = RedisDedup(client, 60, prefix=prefix)
    assert await store.claim("k") and not await store.claim("k")
    await store.aclose()
    assert await client.ping() is True
    await client.aclose()


async def client_names(admin: Redis) -> set[str]:
    return {entry["name"] for entry in await admin.client_list()}


def test_importing_the_stores_does_not_import_redis():
    code = "import sys, transports.dedup; assert 'redis' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_without_the_redis_package_a_url_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "redis", None)
    monkeypatch.setitem(sys.modules, "redis.asyncio", None)
    with pytest.raises(ImportError, match=r"sendblue-async\[redis\]"):
        RedisDedup("redis://127.0.0.1:1/0")


def test_the_window_must_be_positive():
    with pytest.raises(ValueError, match="window"):
        RedisDedup("redis://127.0.0.1:1/0", 0)
