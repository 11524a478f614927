"""No credential, preview token or child-account secret reaches a log record, a repr or an
exception, whatever the flow and however it ends. Every logger runs at DEBUG."""

import json
import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

import attrs
import pytest

from sendblue_async import (
    PreviewToken,
    SendblueClient,
    SendblueError,
    ValidationError,
    builders,
)
from transports import FaultInjector, FaultPlan, RetryingTransport
from transports.aiohttp import AiohttpTransport
from transports.testing.sandbox import serve

from .leaks import (
    BASE_URL,
    KEY,
    SECRET,
    WRONG_SECRET,
    Env,
    assert_no_secret_in,
    exposed,
)


async def purchase(env: Env) -> None:
    token = await env.attempt(env.client.lines.preview())
    await env.attempt(env.client.lines.confirm(token))
    await env.attempt(env.client.lines.confirm(token))  # PreviewTokenUsed
    await env.attempt(env.client.lines.provision_line())
    await env.attempt(env.client.lines.get_limits())


async def expired_and_forged_tokens(env: Env) -> None:
    token = await env.attempt(env.client.lines.preview())
    env.clock.advance(600)
    await env.attempt(env.client.lines.confirm(token))  # PreviewTokenExpired
    forged = PreviewToken(f"lpv_{secrets.token_hex(8)}", env.clock.now() + 600, env.clock.now())
    env.secrets.add(forged.value)
    await env.attempt(env.client.lines.confirm(forged))  # 410 token_expired


async def refusals(env: Env) -> None:
    account = env.fake.account
    account.card_on_file = False
    await env.attempt(env.client.lines.preview())  # 402
    account.card_on_file, account.plan = True, "blue"
    await env.attempt(env.client.lines.preview())  # 403
    account.plan, account.limits.daily = "inbound_only", 0
    await env.attempt(env.client.lines.preview())  # 429 daily_limit_reached
    account.limits.daily = 3
    env.fake.fail_next_provisioning()
    await env.attempt(env.client.lines.provision_line())  # 500 provisioning_failed
    env.fake.available_numbers.clear()
    await env.attempt(env.client.lines.preview())  # 503 no_lines_available
    await env.attempt(env.client_with(WRONG_SECRET).lines.get_limits())  # 401


async def transport_failures(env: Env) -> None:
    token = await env.attempt(env.client.lines.preview())
    env.transport.fail_next(429, headers={"retry-after": "1"})
    await env.attempt(env.client.lines.confirm(token))  # a 429 is never retried on confirm
    for kind in ({"timeout": True}, {"connection_error": True}, {"status": 503}):
        env.transport.fail_next(**kind, times=3)  # type: ignore[arg-type]
        await env.attempt(env.client.lines.get_limits())
    await env.attempt(env.client.lines.confirm(await env.client.lines.preview()))
    env.transport.fail_next(timeout=True, after_server=True)  # credentials made, reply lost
    await env.attempt(create(env.client, "lost", provision_line=False))
    env.transport.fail_next(connection_error=True, after_server=True)
    await env.attempt(env.client.lines.provision_line())


def create(client: SendblueClient, name: str, **kwargs: Any) -> Awaitable[Any]:
    kwargs.setdefault("provision_line", True)
    return client.accounts.create_child_account(name, f"{name}@example.com", **kwargs)


async def child_accounts(env: Env) -> None:
    await env.attempt(create(env.client, "plain", provision_line=False))
    await env.attempt(create(env.client, "with-line", desired_area_code="415", user="Jo"))
    await env.attempt(create(env.client, "temporary", desired_area_code="999"))
    env.fake.fail_next_line_assignment()
    await env.attempt(create(env.client, "partial"))
    await env.attempt(create(env.client, "plain", provision_line=False))  # 409
    await env.attempt(env.client.accounts.available_area_codes())
    env.fake.account.agency = False
    await env.attempt(create(env.client, "refused"))  # 403


async def undecodable_credentials(env: Env) -> None:
    leaked = {"api_key": f"sbk_{secrets.token_hex(8)}", "api_secret": secrets.token_hex(16)}
    env.secrets |= set(leaked.values())
    body = json.dumps({"status": "OK", "data": {**leaked, "line_request_ticket_id": "x"}})
    env.transport.fail_next(200, body=body.encode())
    await env.attempt(create(env.client, "garbled"))  # ResponseDecodeError keeps the body, hidden


async def tickets(env: Env) -> None:
    with pytest.warns(DeprecationWarning):
        ticket = await env.attempt(env.client.lines.request_line("415"))
    await env.attempt(env.client.lines.get_line_request(ticket.id))
    await env.attempt(env.client.lines.wait_for_line_request(ticket.id, timeout=120))
    env.fake.fulfil_line_request(ticket.id)
    await env.attempt(env.client.lines.wait_for_line_request(ticket.id))
    await env.attempt(env.client.lines.get_line_request(999_999))  # 404


async def bad_input(env: Env) -> None:
    token = next(iter(env.fake.preview_tokens), SECRET)
    for call in (
        lambda: builders.provision_confirm(SECRET * 100),
        lambda: builders.provision_confirm(token + "\ud800"),
        lambda: builders.request_child_account(SECRET, f"{SECRET}@", provision_line=True),
        lambda: builders.request_child_account("a", "a@b.co", provision_line=SECRET),
        lambda: builders.get_line_request(SECRET),  # type: ignore[arg-type]
    ):
        with pytest.raises(ValidationError) as info:
            call()
        env.outcomes.append(info.value)
    await env.attempt(env.client.lines.confirm(SECRET))  # type: ignore[arg-type]


FLOWS: list[Callable[[Env], Awaitable[None]]] = [
    purchase, expired_and_forged_tokens, refusals, transport_failures, child_accounts,
    undecodable_credentials, tickets, bad_input,
]


def spec_reprs(env: Env) -> list[str]:
    auth = {"sb-api-key-id": KEY, "sb-api-secret-key": SECRET}
    specs = [builders.provision_confirm(token) for token in env.fake.preview_tokens]
    specs += [builders.request_child_account("a", "a@b.co", provision_line=False,
                                             user=SECRET, email=f"{SECRET}@x.io")]
    return [f"{spec!r}{spec.bind(BASE_URL, auth)!r}" for spec in specs]


@pytest.mark.parametrize("flow", FLOWS, ids=[f.__name__ for f in FLOWS])
async def test_no_secret_leaks_from(flow, caplog):
    caplog.set_level(logging.DEBUG)
    env = Env()
    async with env.client:
        await flow(env)
    texts = exposed(env.outcomes, caplog.records) + spec_reprs(env)
    texts += [repr(env.client), repr(env.transport), repr(RetryingTransport(env.transport))]
    assert env.outcomes and any(isinstance(o, SendblueError) for o in env.outcomes)
    assert_no_secret_in(texts, env.all_secrets())


async def test_the_outcomes_searched_really_hold_the_secrets():
    env = Env()
    for flow in (purchase, child_accounts, undecodable_credentials):
        await flow(env)
    held = str([
        attrs.asdict(o) if attrs.has(type(o)) else getattr(o, "body", None)
        for o in env.outcomes
    ])
    children = env.fake.child_accounts.values()
    wanted = {env.outcomes[0].value} | (env.secrets - {KEY, SECRET, WRONG_SECRET})
    wanted |= {a.api_key for a in children} | {a.api_secret for a in children}
    assert len(wanted) > 10 and all(s in held for s in wanted)


async def test_the_flows_are_logged_at_debug(caplog):
    caplog.set_level(logging.DEBUG)
    env = Env()
    await transport_failures(env)
    messages = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("retrying GET /accounts/limits") for m in messages)
    assert any(m.startswith("POST /accounts/lines/provision-confirm -> ") for m in messages)


async def test_no_secret_leaks_over_the_sandbox_under_faults(caplog):
    caplog.set_level(logging.DEBUG)
    env = Env()
    plan = FaultPlan(unavailable=0.15, reset=0.15, slow=0.15, slow_seconds=0.3, seed=3)
    injector = FaultInjector(env.fake, plan)
    async with serve(injector) as server, AiohttpTransport(timeout=0.2) as http:
        client = SendblueClient(KEY, SECRET, base_url=server.base_url, transport=http,
                                clock=env.clock)
        for i in range(6):
            await env.attempt(client.lines.provision_line())
            await env.attempt(create(client, f"c{i}"))
            await env.attempt(client.lines.get_limits())
        texts = [*exposed(env.outcomes, caplog.records), repr(client), repr(http)]
    assert {"reset", "slow"} <= {k.removesuffix("/after") for k in injector.counts}
    assert_no_secret_in(texts, env.all_secrets())
