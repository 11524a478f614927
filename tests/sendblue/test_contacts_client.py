"""Contacts through the client against the stateful fake."""

from datetime import UTC, datetime

import pytest

from sendblue_async import (
    ConflictError,
    Contact,
    ContactPaginationLimit,
    NewContact,
    NotFoundError,
    ValidationError,
)

PHONE = "+14155550100"


def numbers(count: int, start: int = 0) -> list[str]:
    return [f"+1415555{i:04d}" for i in range(start, start + count)]


async def test_create_then_get(client, transport):
    created = await client.contacts.create(
        PHONE, first_name="Ada", tags=["vip"], custom_variables={"plan": "pro"}
    )
    assert transport.requests[-1].json() == {
        "number": PHONE, "first_name": "Ada", "tags": ["vip"], "custom_variables": {"plan": "pro"}
    }
    fetched = await client.contacts.get(PHONE)
    assert fetched == created
    assert (fetched.first_name, fetched.tags, fetched.custom_variables) == (
        "Ada", ("vip",), {"plan": "pro"})
    assert fetched.contact_id and fetched.created_at is not None
    assert transport.requests[-1].path == "/api/v2/contacts/%2B14155550100"


async def test_create_existing_conflicts_unless_update_if_exists(client):
    await client.contacts.create(PHONE, first_name="Ada", custom_variables={"a": "1"})
    with pytest.raises(ConflictError):
        await client.contacts.create(PHONE)
    merged = await client.contacts.create(
        PHONE, last_name="Lovelace", custom_variables={"b": "2"}, update_if_exists=True
    )
    assert (merged.first_name, merged.last_name) == ("Ada", "Lovelace")
    assert merged.custom_variables == {"a": "1", "b": "2"}


async def test_get_unknown_contact_is_not_found(client):
    with pytest.raises(NotFoundError):
        await client.contacts.get(PHONE)


async def test_count(client, fake):
    assert await client.contacts.count() == 0
    await client.contacts.bulk_create([NewContact(n) for n in numbers(3)])
    assert await client.contacts.count() == 3


async def test_bulk_create_returns_the_stored_contacts(client, fake):
    stored = await client.contacts.bulk_create([
        NewContact(PHONE, first_name="Ada", company_name="ACME", tags=["a"]),
        NewContact("+14155550101", custom_variables={"k": "v"}),
    ])
    assert [c.phone for c in stored] == [PHONE, "+14155550101"]
    assert (stored[0].company_name, stored[1].custom_variables) == ("ACME", {"k": "v"})
    assert set(fake.contact_book(fake.account)) == {PHONE, "+14155550101"}


async def test_bulk_create_validates_before_sending(client, transport):
    with pytest.raises(ValidationError, match=r"contacts\[0\]\.phone"):
        await client.contacts.bulk_create([NewContact("4155550100")])
    assert transport.requests == []


async def test_update_merges_custom_variables_and_replaces_tags(client):
    await client.contacts.create(PHONE, tags=["a", "b"], custom_variables={"x": "1"})
    updated = await client.contacts.update(PHONE, tags=["c"], custom_variables={"y": "2"},
                                           opt_out=True)
    assert updated is not None
    assert (updated.tags, updated.custom_variables, updated.opt_out) == (
        ("c",), {"x": "1", "y": "2"}, True)


async def test_update_unknown_contact_is_not_found(client):
    with pytest.raises(NotFoundError):
        await client.contacts.update(PHONE, first_name="Ada")


async def test_delete(client, transport):
    await client.contacts.create(PHONE)
    await client.contacts.delete(PHONE)
    assert transport.requests[-1].method == "DELETE"
    with pytest.raises(NotFoundError):
        await client.contacts.delete(PHONE)


async def test_bulk_delete_counts_what_was_deleted(client, transport):
    await client.contacts.bulk_create([NewContact(n) for n in numbers(3)])
    amount = await client.contacts.bulk_delete([*numbers(2), "+14155559999"])
    assert amount == 2
    assert transport.requests[-1].json() == {"contact_ids": [*numbers(2), "+14155559999"]}
    assert await client.contacts.count() == 1


async def test_list_one_page_with_filters(client, clock):
    await client.contacts.bulk_create([NewContact(n) for n in numbers(3)])
    clock.advance(60)
    await client.contacts.create("+14155550999", first_name="Late")
    since = datetime.fromtimestamp(clock.now(), UTC)
    late = await client.contacts.list(created_at_gte=since)
    assert [c.phone for c in late] == ["+14155550999"]
    page = await client.contacts.list(limit=2, offset=1, order_by="phone", order_direction="asc")
    assert [c.phone for c in page] == numbers(2, start=1)
    assert [c.phone for c in await client.contacts.list(phone_number=numbers(1)[0])] == numbers(1)
    cid = page[0].contact_id
    assert [c.contact_id for c in await client.contacts.list(cid=cid)] == [cid]


async def test_iter_walks_every_page(client, fake, transport):
    await client.contacts.bulk_create([NewContact(n) for n in numbers(250)])
    seen = [c.phone async for c in client.contacts.iter(page_size=100, order_by="phone",
                                                       order_direction="asc")]
    assert seen == numbers(250)
    offsets = [r.arg("offset") for r in transport.requests if r.method == "GET"]
    assert offsets == ["0", "100", "200"]


async def test_iter_raises_rather_than_stop_silently_at_the_offset_cap(client, transport):
    await client.contacts.bulk_create([NewContact(n) for n in numbers(11_001)])
    seen = 0
    with pytest.raises(ContactPaginationLimit):
        async for _ in client.contacts.iter(page_size=1000):
            seen += 1
    assert seen == 11_000
    assert transport.requests[-1].arg("offset") == "10000"


async def test_reads_the_older_camel_case_spelling(client, fake):
    fake.contact_spelling = "camel"
    await client.contacts.create(PHONE, first_name="Ada", assigned_to_email="ops@example.com")
    contact = await client.contacts.get(PHONE)
    assert isinstance(contact, Contact)
    assert (contact.phone, contact.first_name, contact.assigned_to_email) == (
        PHONE, "Ada", "ops@example.com")
    assert [c.phone for c in await client.contacts.list()] == [PHONE]
