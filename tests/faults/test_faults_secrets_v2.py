"""The API v2 flows (messages, contacts, bulk import, webhooks, TOTP) at DEBUG: no API key or
secret, webhook secret or TOTP seed reaches a log record, a repr or an exception."""

import logging
import secrets
from base64 import b32encode
from collections.abc import Awaitable, Callable

import pytest

from sendblue_async import NewContact, ValidationError, WebhookEntry
from sendblue_async.bulk import import_contacts
from sendblue_async.inbound import verify_signing_secret

from .leaks import Env, assert_nothing_leaked

TO = "+14155550100"
HOOK_SECRET, GLOBAL_SECRET = (f"whs_{secrets.token_hex(12)}" for _ in range(2))
SEED = b32encode(secrets.token_bytes(20)).decode()


async def messaging(env: Env) -> None:
    sent = await env.attempt(env.client.messages.send(TO, "hello"))
    await env.attempt(env.client.messages.status(sent.message_handle))
    await env.attempt(env.client.messages.list())
    await env.attempt(env.client.messages.status("no-such-handle"))  # 404
    env.transport.fail_next(503, after_server=True)
    await env.attempt(env.client.messages.send(TO, "lost reply"))  # never retried
    env.transport.fail_next(connection_error=True)
    await env.attempt(env.client.messages.status(sent.message_handle))  # retried
    await env.attempt(env.client.messages.send("415", "bad number"))


async def contacts(env: Env) -> None:
    await env.attempt(env.client.contacts.create(TO, first_name="Ada"))
    await env.attempt(env.client.contacts.create(TO, first_name="Ada"))  # 409
    await env.attempt(env.client.contacts.update(TO, last_name="Lovelace"))
    await env.attempt(env.client.contacts.bulk_create([NewContact("+14155550101")]))
    await env.attempt(env.client.contacts.list())
    await env.attempt(env.client.contacts.delete(TO))
    await env.attempt(env.client.contacts.get(TO))  # 404


async def bulk_import(env: Env) -> None:
    rows = [{"phone": f"+1415555{i:04d}"} for i in range(40)] + [{"phone": "415"}]
    env.transport.fail_next(503)
    report = await import_contacts(env.client, rows, batch_size=10)
    env.outcomes += [report, *report.failed, *report.rejected]
    env.outcomes += [o.error for o in report.failed + report.rejected if o.error is not None]


async def webhooks(env: Env) -> None:
    entry = WebhookEntry("https://hooks.example/in", secret=HOOK_SECRET,
                         sendblue_numbers=("+12125550101",))
    await env.attempt(env.client.webhooks.add([entry], global_secret=GLOBAL_SECRET))
    await env.attempt(env.client.webhooks.list())
    replace = env.client.webhooks.replace({"receive": [entry]}, global_secret=GLOBAL_SECRET)
    await env.attempt(replace)
    await env.attempt(env.client.webhooks.add([entry], webhook_type="no_such_type"))
    env.outcomes.append(verify_signing_secret({"sb-signing-secret": HOOK_SECRET}, GLOBAL_SECRET))
    await env.attempt(env.client.webhooks.delete(["https://hooks.example/in"]))


async def totp(env: Env) -> None:
    created = await env.attempt(env.client.totp.create("agent", secret=SEED, issuer="ACME"))
    await env.attempt(env.client.totp.create(uri=f"otpauth://totp/ACME:x?secret={SEED}&digits=8"))
    await env.attempt(env.client.totp.list())
    await env.attempt(env.client.totp.get_code(created.id))
    await env.attempt(env.client.totp.create("bad", secret=SEED + "!1"))  # not base32
    await env.attempt(env.client.totp.delete(created.id))
    await env.attempt(env.client.totp.get_code(created.id))  # 404


FLOWS: list[Callable[[Env], Awaitable[None]]] = [messaging, contacts, bulk_import, webhooks, totp]


@pytest.mark.parametrize("flow", FLOWS, ids=[f.__name__ for f in FLOWS])
async def test_no_secret_leaks_from(flow, caplog):
    caplog.set_level(logging.DEBUG)
    env = Env()
    env.secrets |= {HOOK_SECRET, GLOBAL_SECRET, SEED}
    async with env.client:
        await flow(env)
    assert_nothing_leaked(env, caplog.records)


async def test_the_secrets_really_went_over_the_wire():
    env = Env()
    for flow in (webhooks, totp):
        await flow(env)
    bodies = b"".join(request.body for request in env.transport.requests)
    assert all(s.encode() in bodies for s in (HOOK_SECRET, GLOBAL_SECRET, SEED))
    assert any(isinstance(o, ValidationError) for o in env.outcomes)
