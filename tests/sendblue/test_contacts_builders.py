"""Pure contact builders: plain equality against the expected RequestSpec, no event loop."""

from datetime import UTC, datetime

import attrs
import pytest

from sendblue_async import NewContact, ValidationError, builders
from sendblue_async._convert import converter
from sendblue_async.models import (
    BulkAck,
    BulkDeleteResponse,
    Contact,
    ContactCount,
    ContactDeleteResponse,
    ContactPage,
    ContactResponse,
    ContactsResponse,
    ContactUpdateResponse,
)
from transports import RequestSpec, encode_body

PHONE = "+14155550100"


def test_list_contacts_without_filters():
    assert builders.list_contacts() == RequestSpec("GET", "/api/v2/contacts", ContactPage)


def test_list_contacts_sends_every_filter_as_a_query_pair():
    spec = builders.list_contacts(
        limit=1000, offset=10_000, order_by="created_at", order_direction="asc",
        phone_number=PHONE, cid="ct_1", created_at_gte=datetime(2026, 5, 1, tzinfo=UTC),
    )
    assert spec.query == (
        ("limit", "1000"), ("offset", "10000"), ("order_by", "created_at"),
        ("order_direction", "asc"), ("phone_number", PHONE), ("cid", "ct_1"),
        ("created_at_gte", "2026-05-01T00:00:00+00:00"),
    )


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("limit", {"limit": 1001}), ("limit", {"limit": 0}), ("limit", {"limit": True}),
        ("offset", {"offset": 10_001}), ("offset", {"offset": -1}),
        ("order_by", {"order_by": "first_name"}), ("order_direction", {"order_direction": "up"}),
        ("phone_number", {"phone_number": "4155550100"}),
        ("created_at_gte", {"created_at_gte": datetime(2026, 5, 1)}),
        ("created_at_gte", {"created_at_gte": "yesterday"}),
    ],
)
def test_list_contacts_rejects_bad_filters(field, kwargs):
    with pytest.raises(ValidationError) as info:
        builders.list_contacts(**kwargs)
    assert info.value.field == field


def test_count_contacts():
    assert builders.count_contacts() == RequestSpec("GET", "/api/v2/contacts/count", ContactCount)


def test_get_contact_percent_encodes_the_plus():
    assert builders.get_contact(PHONE) == RequestSpec(
        "GET", "/api/v2/contacts/%2B14155550100", ContactResponse
    )


@pytest.mark.parametrize("phone", ["14155550100", "+0123456789", "+1 415 555 0100", "", None])
def test_phone_paths_require_e164(phone):
    for build in (builders.get_contact, builders.delete_contact):
        with pytest.raises(ValidationError, match="phone"):
            build(phone)


def test_create_contact_minimal():
    assert builders.create_contact(PHONE) == RequestSpec(
        "POST", "/api/v2/contacts", ContactResponse, json={"number": PHONE}
    )


def test_create_contact_with_update_if_exists_is_an_idempotent_upsert():
    spec = builders.create_contact(
        PHONE, first_name="Ada", tags=["vip"], custom_variables={"plan": "pro"},
        assigned_to_email="ops@example.com", sendblue_number="+12125550101",
        update_if_exists=True,
    )
    assert spec.json == {
        "number": PHONE, "first_name": "Ada", "assigned_to_email": "ops@example.com",
        "sendblue_number": "+12125550101", "tags": ["vip"], "custom_variables": {"plan": "pro"},
        "update_if_exists": True,
    }
    assert spec.is_idempotent
    assert not builders.create_contact(PHONE).is_idempotent


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [("tags", {"tags": "vip"}), ("custom_variables", {"custom_variables": {"n": 1}}),
     ("first_name", {"first_name": " "}), ("assigned_to_email", {"assigned_to_email": "x"}),
     ("update_if_exists", {"update_if_exists": "yes"})],
)
def test_create_contact_rejects_bad_fields(field, kwargs):
    with pytest.raises(ValidationError) as info:
        builders.create_contact(PHONE, **kwargs)
    assert info.value.field == field


def test_bulk_create_contacts_sends_only_given_fields():
    spec = builders.bulk_create_contacts([
        NewContact(PHONE, first_name="Ada", company_name="ACME", tags=("a",)),
        NewContact("+14155550101", custom_variables={"k": "v"}),
    ])
    assert spec == RequestSpec("POST", "/api/v2/contacts/bulk", ContactsResponse, json={
        "contacts": [
            {"phone": PHONE, "first_name": "Ada", "company_name": "ACME", "tags": ["a"]},
            {"phone": "+14155550101", "custom_variables": {"k": "v"}},
        ],
    })


def test_bulk_create_names_the_bad_item():
    with pytest.raises(ValidationError) as info:
        builders.bulk_create_contacts([NewContact(PHONE), NewContact("555")])
    assert info.value.field == "contacts[1].phone"
    with pytest.raises(ValidationError, match="contacts"):
        builders.bulk_create_contacts([])


def test_the_checked_bulk_create_sends_the_bytes_the_general_one_sends():
    contacts = [
        NewContact(PHONE, first_name="Ada", last_name="Zoë", company_name="ACME", tags=("a",)),
        NewContact("+14155550101", custom_variables={"k": "v"}),
    ]
    general = builders.bulk_create_contacts(contacts)
    checked = builders.bulk_create_checked([builders.bulk_contact_item(c) for c in contacts])
    assert (checked.method, checked.path) == (general.method, general.path)
    assert encode_body(checked) == encode_body(general)
    assert checked.response_type is BulkAck and general.response_type is ContactsResponse
    with pytest.raises(ValidationError, match="contacts"):
        builders.bulk_create_checked([])


def test_a_bulk_item_holds_the_phone_then_each_given_field_in_wire_order():
    item = builders.bulk_contact_item(NewContact(PHONE, tags=["t"], first_name="Ada"))
    assert list(item) == ["phone", "first_name", "tags"]
    assert list(builders.BULK_ITEM_CHECKS) == [f.name for f in attrs.fields(NewContact)]
    with pytest.raises(ValidationError, match="first_name"):
        builders.bulk_contact_item(NewContact(PHONE, first_name=" "))


def test_update_contact():
    spec = builders.update_contact(PHONE, company_name="ACME", custom_variables={"a": "1"},
                                   opt_out=False)
    assert spec == RequestSpec(
        "PUT", "/api/v2/contacts/%2B14155550100", ContactUpdateResponse,
        json={"company_name": "ACME", "custom_variables": {"a": "1"}, "opt_out": False},
    )


def test_update_contact_needs_a_field():
    with pytest.raises(ValidationError, match="at least one field"):
        builders.update_contact(PHONE)


def test_delete_contact():
    assert builders.delete_contact(PHONE) == RequestSpec(
        "DELETE", "/api/v2/contacts/%2B14155550100", ContactDeleteResponse
    )


def test_bulk_delete_sends_phones_as_contact_ids_in_a_delete_body():
    spec = builders.bulk_delete_contacts([PHONE, "+14155550101"])
    assert spec == RequestSpec("DELETE", "/api/v2/contacts", BulkDeleteResponse,
                               json={"contact_ids": [PHONE, "+14155550101"]})
    assert spec.is_idempotent


@pytest.mark.parametrize("phones", [[], PHONE, ["555"]])
def test_bulk_delete_rejects_bad_input(phones):
    with pytest.raises(ValidationError, match="phones"):
        builders.bulk_delete_contacts(phones)


def test_converter_reads_camel_case_and_aliases():
    contact = converter.structure({
        "phoneNumber": PHONE, "firstName": "Ada", "lastName": "L", "companyName": "ACME",
        "assignedToEmail": "ops@example.com", "sendblueNumber": "+12125550101",
        "customVariables": {"k": "v"}, "tags": None, "createdAt": "2026-05-01T00:00:00Z",
    }, Contact)
    assert contact == Contact(
        PHONE, "Ada", "L", "ACME", "ops@example.com", "+12125550101", (), {"k": "v"},
        created_at=datetime(2026, 5, 1, tzinfo=UTC),
    )


def test_converter_prefers_snake_case_and_reads_the_old_company_key():
    contact = converter.structure(
        {"firstName": "Old", "first_name": "New", "phone": PHONE, "company": "ACME"}, Contact
    )
    assert (contact.first_name, contact.company_name) == ("New", "ACME")


def test_contact_page_reads_a_bare_array_or_an_object():
    items = [{"phone": PHONE}]
    expected = ContactPage((Contact(PHONE),))
    assert converter.structure(items, ContactPage) == expected
    assert converter.structure({"contacts": items}, ContactPage) == expected
