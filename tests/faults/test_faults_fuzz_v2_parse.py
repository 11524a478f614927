"""Fuzzing parse_response with every API v2 spec: a model or a typed SendblueError."""

import inspect
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendblue_async import NewContact, builders
from sendblue_async._parse import parse_response
from transports import RequestSpec, Response

from .fuzzing import (
    assert_sendblue_reply,
    assert_typed,
    bodies,
    fuzz,
    json_values,
    paths,
    replace,
    response,
    retry_after,
    statuses,
)

FUZZ = fuzz(80)
PHONE, LINE = "+14155550101", "+13055550100"
AT = "2026-05-18T14:30:00.000Z"
HANDLE = "00000000-0000-0000-0000-000000000001"
HOOK = "https://hooks.example/in"

# Shapes as the fake backend (sendblue_async/fake) answers them.
CONTACT = {
    "phone": PHONE, "contact_id": "ct_000001_ab12cd34", "created_at": AT, "first_name": "Ada",
    "last_name": "Lovelace", "company_name": "Acme", "assigned_to_email": "ops@acme.example",
    "sendblue_number": LINE, "tags": ["vip"], "custom_variables": {"plan": "pro"},
    "opt_out": False, "verified": True,
}
MESSAGE = {
    "message_handle": HANDLE, "account_email": "ops@acme.example", "content": "hello",
    "media_url": "https://cdn.example/a.png", "number": PHONE, "from_number": LINE,
    "to_number": PHONE, "sendblue_number": LINE, "is_outbound": True, "message_type": "message",
    "service": "iMessage", "send_style": "confetti", "group_id": None, "status": "DELIVERED",
    "date_created": AT, "date_updated": AT, "date_sent": "2026-05-18T14:30:02+00:00",
    "error_code": None, "error_message": None, "was_downgraded": False,
}
HISTORY_MESSAGE = {**{k: v for k, v in MESSAGE.items() if k != "account_email"},
                   "accountEmail": "ops@acme.example", "error_code": 4001}
GROUP_MESSAGE = {**MESSAGE, "number": None, "message_type": "group", "group_id": "grp_1"}
TOTP = {
    "id": "totp_0123456789abcdef", "label": "ada@acme", "issuer": "Acme", "algorithm": "SHA1",
    "digits": 6, "period": 30, "created_at": AT,
}
WEBHOOKS = {
    "receive": [HOOK, {"url": "https://hooks.example/line", "secret": "whs_1",
                       "sendblue_numbers": [LINE]}],
    "outbound": [], "contact_created": ["https://hooks.example/contacts"],
    "globalSecret": "whs_global",
}
OK = {"status": "OK"}

# Every v2 spec with a body its endpoint really returns.
CASES: dict[str, tuple[RequestSpec[Any], Any]] = {
    "list_contacts": (builders.list_contacts(limit=10), [CONTACT]),
    "count_contacts": (builders.count_contacts(), {**OK, "count": 3}),
    "get_contact": (builders.get_contact(PHONE), {**OK, "contact": CONTACT}),
    "create_contact": (builders.create_contact(PHONE), {**OK, "contact": CONTACT}),
    "bulk_create_contacts": (builders.bulk_create_contacts([NewContact(PHONE)]),
                             {**OK, "contacts": [CONTACT, {**CONTACT, "phone": LINE}]}),
    "bulk_create_checked": (builders.bulk_create_checked([{"phone": PHONE}]),
                            {**OK, "contacts": [CONTACT]}),
    "update_contact": (builders.update_contact(PHONE, first_name="Ada"),
                       {**OK, "contact": CONTACT}),
    "delete_contact": (builders.delete_contact(PHONE), {**OK, "message": "Contact deleted"}),
    "bulk_delete_contacts": (builders.bulk_delete_contacts([PHONE]), {**OK, "amount": 1}),
    "list_messages": (builders.list_messages(), {**OK, "data": [HISTORY_MESSAGE], "pagination": {
        "hasMore": False, "limit": 100, "offset": 0, "total": 1}}),
    "get_message": (builders.get_message(HANDLE), {**OK, "data": HISTORY_MESSAGE}),
    "delete_message": (builders.delete_message(HANDLE), {**OK, "message": "Message deleted"}),
    "upload_file": (builders.upload_file(b"GIF89a", filename="a.gif"), {
        **OK, "message": "File uploaded successfully", "mediaObjectId": HANDLE,
        "media_url": f"https://storage.googleapis.com/fake-sendblue-media/{HANDLE}/a.gif"}),
    "upload_media_object": (builders.upload_media_object("https://cdn.example/a.png"),
                            {**OK, "message": "Media object uploaded", "mediaObjectId": HANDLE}),
    "send_message": (builders.send_message(PHONE, "hello"), {**MESSAGE, "status": "QUEUED"}),
    "send_group_message": (builders.send_group_message("hi", group_id="grp_1"), GROUP_MESSAGE),
    "send_carousel": (builders.send_carousel(PHONE, ["https://a.example/1.png"] * 2),
                      {**HISTORY_MESSAGE, "message_type": "carousel"}),
    "create_group": (builders.create_group([PHONE, "+14155550102"]), {
        **OK, "group_id": "grp_1", "group_name": "Team", "numbers": [PHONE, "+14155550102"],
        "from_number": LINE}),
    "message_status": (builders.message_status(HANDLE), MESSAGE),
    "evaluate_service": (builders.evaluate_service(PHONE), {"number": PHONE, "service": "SMS"}),
    "list_lines": (builders.list_lines(), {"numbers": [LINE, "+14155550199"]}),
    "send_reaction": (builders.send_reaction(HANDLE, "love", from_number=LINE), {
        **OK, "message": "Reaction request sent", "message_handle": HANDLE, "reaction": "love"}),
    "mark_read": (builders.mark_read(PHONE, from_number=LINE),
                  {**OK, "message": "Mark read request sent", "number": PHONE}),
    "send_typing_indicator": (builders.send_typing_indicator(PHONE),
                              {"number": PHONE, "status": "SENT", "error_message": None}),
    "create_totp_secret": (builders.create_totp_secret("ada@acme"),
                           {**OK, "totp_secret": {**TOTP, "secret": "JBSWY3DPEHPK3PXP"}}),
    "list_totp_secrets": (builders.list_totp_secrets(), {**OK, "totp_secrets": [TOTP, TOTP]}),
    "get_totp_code": (builders.get_totp_code(TOTP["id"]), {**OK, "code": "042137",
                                                            "expires_in": 17}),
    "delete_totp_secret": (builders.delete_totp_secret(TOTP["id"]), OK),
    "list_webhooks": (builders.list_webhooks(), {**OK, "webhooks": WEBHOOKS}),
    "add_webhooks": (builders.add_webhooks([HOOK]),
                     {**OK, "message": "Webhooks added", "webhooks": WEBHOOKS}),
    "replace_webhooks": (builders.replace_webhooks({"receive": [HOOK]}),
                         {**OK, "message": "Webhooks replaced", "webhooks": WEBHOOKS}),
    "delete_webhooks": (builders.delete_webhooks([HOOK]), {**OK, "message": "Webhooks deleted"}),
}
AREAS = ("contacts", "history", "media", "messages", "presence", "totp", "webhooks")
# list_messages' query pairs and one bulk item: they build no request of their own.
NOT_SPECS = {"filter_query", "bulk_contact_item"}


def test_every_v2_builder_has_a_case():
    modules = [getattr(builders, f"_{area}") for area in AREAS]
    public = {
        name for module in modules for name, f in vars(module).items()
        if inspect.isfunction(f) and f.__module__ == module.__name__ and not name.startswith("_")
    }
    assert set(CASES) == public - NOT_SPECS


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_real_body_parses_to_a_fully_typed_model(name):
    spec, good = CASES[name]
    model = parse_response(spec, Response(200, {}, json.dumps(good).encode()))
    assert_typed(model, spec.response_type)


# Values a server or a proxy gets subtly wrong: numbers as text, odd timestamps, nulls.
near_misses = st.sampled_from([
    None, "", "ERROR", "17", "1e400", "9" * 5000, " 12 ", "\u0661\u0662", 1e400, -1, 2**64,
    True, "2026-02-30T00:00:00Z", "2026-05-18", "\ud800", [], {}, ["+14155550101"],
]) | json_values


@st.composite
def mutants(draw: st.DrawFn, good: Any) -> bytes:
    """The real body with one to three values replaced or deleted."""
    body = good
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths(body)))
        delete = bool(path) and draw(st.booleans())
        body = replace(body, path, draw(near_misses), delete=delete)
    return json.dumps(body).encode()


# What parse_response does depends on the response type alone: one fuzzed case per type.
BY_TYPE = {spec.response_type: name for name, (spec, _) in sorted(CASES.items(), reverse=True)}


@pytest.mark.parametrize("name", sorted(BY_TYPE.values()))
@FUZZ
@given(data=st.data())
def test_any_response_is_a_typed_model_or_a_typed_error(name, data):
    spec, good = CASES[name]
    status = data.draw(st.sampled_from([200, 201, 202]) | statuses)
    body = data.draw(bodies(good) | mutants(good))
    assert_sendblue_reply(spec, response(status, body, data.draw(retry_after)))
