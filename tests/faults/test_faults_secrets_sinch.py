"""Every Sinch flow at DEBUG, OAuth and Basic, under faults and token expiry: no key
secret, Basic credential, OAuth token or callback HMAC secret reaches a log record, a repr
or an exception."""

import base64
import logging
import secrets
from collections.abc import Awaitable, Callable

import pytest

from sinch_numbers import EmergencyAddress, SinchNumbers
from sinch_numbers.errors import SinchError
from sinch_numbers.fake import FakeSinchNumbers
from sinch_numbers.inbound import compute_signature, verify_and_parse
from transports import FakeClock, FakeTransport

from .leaks import Outcomes, assert_nothing_leaked

PROJECT, KEY_ID = "test-project", "test-key-id"
KEY_SECRET, WRONG_SECRET, HMAC_SECRET = (f"snx-{secrets.token_hex(16)}" for _ in range(3))
US = "+12025550100"
URLS = {"base_url": "https://numbers.sinch.test", "auth_url": "https://auth.sinch.test"}


class Env(Outcomes):
    errors = SinchError

    def __init__(self, auth: str) -> None:
        super().__init__()
        self.clock = FakeClock()
        self.fake = FakeSinchNumbers(clock=self.clock, project_id=PROJECT, key_id=KEY_ID,
                                     key_secret=KEY_SECRET)
        self.transport = FakeTransport(self.fake)
        self.client = self.client_with(KEY_SECRET, auth)

    def client_with(self, secret: str, auth: str = "oauth") -> SinchNumbers:
        return SinchNumbers(PROJECT, KEY_ID, secret, auth=auth,  # type: ignore[arg-type]
                            transport=self.transport, clock=self.clock, **URLS)

    def bearer_tokens(self) -> set[str]:
        """Every OAuth token sent (the fake forgets the ones it expires)."""
        sent = (r.header("authorization") or "" for r in self.transport.requests)
        return {h.removeprefix("Bearer ") for h in sent if h.startswith("Bearer ")}

    def all_secrets(self) -> set[str]:
        basic = {base64.b64encode(f"{KEY_ID}:{s}".encode()).decode()
                 for s in (KEY_SECRET, WRONG_SECRET)}
        tokens = self.bearer_tokens() | set(self.fake.tokens)
        return {KEY_SECRET, WRONG_SECRET, HMAC_SECRET, *basic, *tokens}


async def numbers(env: Env) -> None:
    await env.attempt(env.client.available.search("US", "LOCAL"))
    with pytest.deprecated_call():
        await env.attempt(env.client.available.rent(US))
        await env.attempt(env.client.available.rent(US))  # no longer available
    await env.attempt(env.client.active.list_page())
    await env.attempt(env.client.active.get(US))
    address = EmergencyAddress("12345", "Main St", "Springfield", "IL", "62701")
    await env.attempt(env.client.emergency.provision(US, "HQ", address))
    await env.attempt(env.client.active.release(US))
    await env.attempt(env.client.active.get(US))  # 404


async def expiry_and_faults(env: Env) -> None:
    await env.attempt(env.client.regions.list())
    env.fake.expire_tokens()
    await env.attempt(env.client.regions.list())  # 401 expired: a new token, once
    env.clock.advance(3600)
    env.transport.fail_next(503, times=3)
    await env.attempt(env.client.regions.list())  # the mint fails
    env.transport.fail_next(connection_error=True)
    await env.attempt(env.client.regions.list())
    env.transport.fail_next(timeout=True, times=3)
    await env.attempt(env.client.regions.list())
    env.fake.tokens.clear()
    await env.attempt(env.client.regions.list())  # 401 invalid token
    async with env.client_with(WRONG_SECRET) as wrong:
        await env.attempt(wrong.regions.list())


async def callbacks(env: Env) -> None:
    await env.attempt(env.client.callbacks.update_configuration(HMAC_SECRET))
    await env.attempt(env.client.callbacks.get_configuration())
    await env.attempt(env.client.callbacks.update_configuration(HMAC_SECRET + " bad\n"))
    body = (b'{"eventId":"e1","timestamp":"2023-06-06T07:45:27.785357","projectId":"P",'
            b'"resourceId":"+12025550134","resourceType":"ACTIVE_NUMBER",'
            b'"eventType":"PROVISIONING_TO_SMS_PLATFORM","status":"SUCCEEDED"}')
    for signature in (compute_signature(HMAC_SECRET, body), "forged", None):
        headers = {} if signature is None else {"X-Sinch-Signature": signature}
        try:
            env.outcomes.append(verify_and_parse(HMAC_SECRET, body, headers))
        except SinchError as exc:
            env.outcomes.append(exc)


FLOWS: list[Callable[[Env], Awaitable[None]]] = [numbers, expiry_and_faults, callbacks]


@pytest.mark.parametrize("auth", ["oauth", "basic"])
@pytest.mark.parametrize("flow", FLOWS, ids=[f.__name__ for f in FLOWS])
async def test_no_secret_leaks_from(flow, auth, caplog):
    caplog.set_level(logging.DEBUG)
    env = Env(auth)
    async with env.client:
        await flow(env)
    assert_nothing_leaked(env, caplog.records)


async def test_the_secrets_really_went_over_the_wire():
    env = Env("oauth")
    for flow in FLOWS:
        await flow(env)
    assert len(env.bearer_tokens()) >= 3  # minted, re-minted after expiry, after a restart
    assert any(HMAC_SECRET.encode() in r.body for r in env.transport.requests)
