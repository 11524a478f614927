"""Contacts, webhooks and TOTP over real HTTP: AiohttpTransport -> sandbox on 127.0.0.1.

Checks what only the wire can break: ``%2B`` in a path segment and JSON bodies on DELETE.
"""

from sendblue_async import NewContact, SendblueClient
from sendblue_async.fake import FakeSendblue
from transports import FakeClock
from transports.aiohttp import AiohttpTransport
from transports.testing.sandbox import serve

PHONE = "+14155550100"


async def test_round_trip_over_http():
    clock = FakeClock()
    fake = FakeSendblue(clock=clock, api_key="k", api_secret="s")
    async with serve(fake) as server, AiohttpTransport() as transport, SendblueClient(
        "k", "s", base_url=server.base_url, transport=transport, clock=clock
    ) as client:
        await client.contacts.bulk_create([NewContact(PHONE), NewContact("+14155550101")])
        assert (await client.contacts.get(PHONE)).phone == PHONE
        assert await client.contacts.update(PHONE, custom_variables={"a": "1"})
        await client.contacts.delete(PHONE)
        assert await client.contacts.bulk_delete(["+14155550101"]) == 1
        await client.webhooks.add(["https://a.example/hook", "https://b.example/hook"])
        await client.webhooks.delete(["https://a.example/hook"])
        assert (await client.webhooks.list()).urls("receive") == ("https://b.example/hook",)
        secret = await client.totp.create("agent")
        assert len((await client.totp.get_code(secret.id)).code) == 6
    assert fake.contact_book(fake.account) == {}
