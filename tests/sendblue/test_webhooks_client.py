"""Webhook configuration through the client against the stateful fake."""

import pytest

from sendblue_async import BadRequestError, ValidationError, WebhookEntry
from sendblue_async.models import WebhooksResponse
from transports import RequestSpec

A, B, C = "https://a.example/hook", "https://b.example/hook", "https://c.example/hook"


async def test_list_starts_empty_with_every_documented_type(client):
    config = await client.webhooks.list()
    assert config.types == frozenset() and config.global_secret is None
    assert "contact_profile" in config.by_type


async def test_add_appends_and_returns_the_config(client, transport):
    await client.webhooks.add([A])
    config = await client.webhooks.add(
        [WebhookEntry(B, secret="hook-secret", sendblue_numbers=("+12125550101",))],
        webhook_type="receive", global_secret="account-secret",
    )
    assert config.urls("receive") == (A, B)
    assert config.get("receive")[1].secret == "hook-secret"
    assert config.global_secret == "account-secret"
    assert "hook-secret" not in repr(config) and "account-secret" not in repr(config)
    assert transport.requests[-1].json()["type"] == "receive"


async def test_add_to_other_types(client):
    await client.webhooks.add([A], webhook_type="call_completed")
    config = await client.webhooks.add([B], webhook_type="contact_created")
    assert config.types == {"call_completed", "contact_created"}


async def test_contact_created_object_entries_never_reach_the_server(client, transport):
    with pytest.raises(ValidationError):
        await client.webhooks.add([WebhookEntry(A, secret="s")], webhook_type="contact_created")
    assert transport.requests == []


async def test_replace_removes_types_left_out(client):
    await client.webhooks.add([A], webhook_type="outbound", global_secret="keep")
    config = await client.webhooks.replace({"receive": [B, WebhookEntry(C, secret="s")]})
    assert config.types == {"receive"}
    assert config.urls("receive") == (B, C)
    assert config.global_secret == "keep"
    assert (await client.webhooks.list()) == config


async def test_delete_by_url_from_one_type_or_all(client):
    await client.webhooks.replace({"receive": [A, B], "outbound": [A]})
    await client.webhooks.delete([A], webhook_type="receive")
    config = await client.webhooks.list()
    assert (config.urls("receive"), config.urls("outbound")) == ((B,), (A,))
    await client.webhooks.delete([A, B])
    assert (await client.webhooks.list()).types == frozenset()


async def test_unknown_types_on_the_server_are_kept(client, fake):
    fake.webhooks_of(fake.account).hooks["future_type"] = [A]
    config = await client.webhooks.list()
    assert config.urls("future_type") == (A,)


async def test_fake_rejects_an_unknown_type_sent_on_the_wire(client):
    spec = RequestSpec("POST", "/api/account/webhooks", WebhooksResponse,
                       json={"webhooks": [A], "type": "future_type"})
    with pytest.raises(BadRequestError, match="Unknown webhook type"):
        await client.call(spec)
