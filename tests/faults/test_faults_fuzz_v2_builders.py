"""Fuzzing the API v2 builders (contacts, history, media, messages, presence, TOTP, webhooks):
a well-formed spec or a ValidationError naming the argument, never another exception."""

import asyncio
import inspect
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendblue_async import ValidationError, builders
from sendblue_async.models import MessageFilter, NewContact, ReplyTo, WebhookEntry, WebhookType
from transports import RequestSpec, encode_body
from transports.ids import DOT_SEGMENTS

from .fuzzing import E164, anything, fuzz, mostly, odd_text

FUZZ = fuzz(80)
AREAS = ("contacts", "history", "media", "messages", "presence", "totp", "webhooks")
MODULES = tuple(getattr(builders, f"_{area}") for area in AREAS)
PHONE, OTHER = "+14155550101", "+442071838750"
URL, HOOK = "https://cdn.example/a.png", "http://hooks.example/in"
WHEN = datetime(2026, 5, 18, 14, 30, tzinfo=UTC)
Call = st.SearchStrategy[tuple[tuple[Any, ...], dict[str, Any]]]


def options(**choices: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Up to three of the keyword arguments, each mostly valid; the rest keep their defaults
    (all of them at once would almost never be valid together)."""
    names = st.lists(st.sampled_from(sorted(choices)), max_size=3, unique=True) if choices \
        else st.just([])
    return names.flatmap(lambda chosen: st.fixed_dictionaries({n: choices[n] for n in chosen}))


def call(*args: st.SearchStrategy[Any], required: dict[str, Any] | None = None,
         **optional: st.SearchStrategy[Any]) -> Call:
    kwargs = st.tuples(st.fixed_dictionaries(required or {}), options(**optional))
    return st.tuples(st.tuples(*args), kwargs.map(lambda pair: pair[0] | pair[1]))


def count(*valid: int) -> st.SearchStrategy[Any]:
    """A mostly valid integer, or one past the int64 a server reads (str() of 10**5000 fails)."""
    return mostly(*valid) | st.sampled_from([-1, 2**63, 10**5000])


def path_ids(*valid: str) -> st.SearchStrategy[Any]:
    """A mostly valid id sent as a path segment, or a dot segment, empty or blank."""
    return mostly(*valid) | st.sampled_from([".", "..", "", " ", "...", "./"])


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


keys = st.sampled_from(["plan", "tier"]) | st.just("plan") | odd_text(max_size=3) | st.integers()
times = mostly("2026-05-18T14:30:00Z", "2026-05-18", WHEN, datetime(2026, 5, 18)) | st.datetimes(
    timezones=st.none() | st.just(UTC))
phones = mostly([PHONE, OTHER], (PHONE,)) | st.lists(mostly(PHONE, OTHER), max_size=4)
tags = mostly(["vip"], ("vip", "beta")) | st.lists(mostly("vip"), max_size=3)
variables = mostly({"plan": "pro"}) | st.dictionaries(keys, mostly("pro") | odd_text(), max_size=2)
new_contacts = st.builds(
    NewContact, mostly(PHONE), first_name=maybe(mostly("Ada")), last_name=maybe(mostly("L")),
    company_name=maybe(mostly("Acme")), tags=maybe(tags), custom_variables=maybe(variables),
)
FILTERS = {
    **{name: mostly(PHONE) for name in ("number", "from_number", "to_number", "sendblue_number")},
    "account_email": mostly("ops@acme.example"), "group_id": mostly("grp_1"),
    "worker_id": mostly("w_1"), "is_outbound": mostly(True, False),
    "message_type": mostly("message", "group"), "service": mostly("iMessage", "SMS"),
    "status": mostly("DELIVERED"), "order_by": mostly("createdAt", "sentAt"),
    "order_direction": mostly("asc", "desc"),
    **{f"{when}_{bound}": times for when in ("created_at", "sent_at", "updated_at")
       for bound in ("gte", "lte")},
}
checked_items = st.builds(NewContact, st.just(PHONE), first_name=maybe(st.just("Ada")),
                          tags=maybe(st.just(["vip"]))).map(builders.bulk_contact_item)
filters = maybe(options(**FILTERS).map(lambda kw: MessageFilter(**kw))) | anything


async def _chunks() -> AsyncIterator[bytes]:
    yield b"GIF89a"


# Paths only to this very file: the spec streams a path lazily, and only the part header is
# read here, but a fuzzer-made path must never reach the disk.
SELF = Path(__file__)
files = st.sampled_from([b"GIF89a", SELF, str(SELF)]) | st.builds(_chunks) | anything.filter(
    lambda x: not isinstance(x, str))
SENDING = {
    "from_number": mostly(PHONE), "send_style": mostly("confetti", "slam"),
    "status_callback": mostly(HOOK), "seat_id": mostly("seat_1"),
    "reply_to": st.builds(ReplyTo, mostly("msg_1"), count(0, 3) | st.none()) | anything,
}
texts = mostly(None, "hello", "ünïcødé 👋")
entries = mostly(HOOK, URL) | st.builds(
    WebhookEntry, mostly(HOOK), secret=maybe(mostly("whs_1")), sendblue_numbers=mostly((), [PHONE])
)
entry_lists = st.lists(entries, max_size=3) | anything
kinds = mostly("receive", "outbound", "contact_created")
webhook_config = st.dictionaries(st.sampled_from(["receive", "outbound", "contact_created"]) | keys,
                                 entry_lists, max_size=3) | anything
OTPAUTH = "otpauth://totp/Acme:ada?secret=JBSWY3DPEHPK3PXP&issuer=Acme"

CALLS: dict[str, Call] = {
    "list_contacts": call(
        limit=count(1, 1000), offset=count(0, 10_000), order_by=mostly("created_at", "phone"),
        order_direction=mostly("asc", "desc"), phone_number=mostly(PHONE), cid=mostly("ct_1"),
        created_at_gte=times,
    ),
    "count_contacts": call(),
    "get_contact": call(mostly(PHONE)),
    "create_contact": call(
        mostly(PHONE), first_name=mostly("Ada"), last_name=mostly("Lovelace"),
        assigned_to_email=mostly("ops@acme.example"), sendblue_number=mostly(OTHER),
        tags=tags, custom_variables=variables, update_if_exists=mostly(True, False),
    ),
    "bulk_create_contacts": call(st.lists(new_contacts, max_size=3) | anything),
    "bulk_contact_item": call(new_contacts | anything),
    # Its items are checked by its caller (bulk_contact_item or the importer): only those.
    "bulk_create_checked": call(st.lists(checked_items, max_size=3)),
    "update_contact": call(
        mostly(PHONE), first_name=mostly("Ada"), last_name=mostly("Lovelace"),
        company_name=mostly("Acme"), assigned_to_email=mostly("ops@acme.example"),
        sendblue_number=mostly(OTHER), tags=tags, custom_variables=variables,
        opt_out=mostly(True, False),
    ),
    "delete_contact": call(mostly(PHONE)),
    "bulk_delete_contacts": call(phones),
    "list_messages": call(filters=filters, limit=count(1, 100, 1000), offset=count(0, 500)),
    "filter_query": call(filters),
    "get_message": call(path_ids("msg_1", "a/b c")),
    "delete_message": call(path_ids("msg_1", "a/b c")),
    "upload_file": call(files, filename=mostly("photo.gif", 'a "b".png'),
                        content_type=mostly("image/gif")),
    "upload_media_object": call(mostly(URL, HOOK)),
    "send_message": call(mostly(PHONE), texts, media_url=mostly(URL), **SENDING),
    "send_group_message": call(texts, group_id=mostly("grp_1"), numbers=phones,
                               media_url=mostly(URL), **SENDING),
    "send_carousel": call(mostly(PHONE), mostly([URL, URL]) | st.lists(mostly(URL), max_size=3),
                          **SENDING),
    "create_group": call(phones, from_number=mostly(PHONE), group_name=mostly("Team")),
    "message_status": call(mostly("msg_1")),
    "evaluate_service": call(mostly(PHONE, "ada@example.com")),
    "list_lines": call(),
    "send_reaction": call(mostly("msg_1"), mostly("love", "like"),
                          required={"from_number": mostly(PHONE)}, part_index=count(0, 2)),
    "mark_read": call(mostly(PHONE), required={"from_number": mostly(OTHER)}),
    "send_typing_indicator": call(mostly(PHONE), from_number=mostly(OTHER),
                                  state=mostly("start", "stop"),
                                  max_duration_ms=count(1, 3_600_000)),
    "create_totp_secret": call(
        mostly(None, "ada@acme"), uri=mostly(OTPAUTH), secret=mostly("JBSWY3DPEHPK3PXP"),
        issuer=mostly("Acme"), algorithm=mostly("SHA1", "SHA512"), digits=count(6, 8),
        period=count(30, 3600),
    ),
    "list_totp_secrets": call(),
    "get_totp_code": call(path_ids("totp_1", "a/b")),
    "delete_totp_secret": call(path_ids("totp_1", "a/b")),
    "list_webhooks": call(),
    "add_webhooks": call(entry_lists, webhook_type=kinds, global_secret=mostly("whs_2")),
    "replace_webhooks": call(webhook_config, global_secret=mostly("whs_2")),
    "delete_webhooks": call(st.lists(mostly(HOOK), max_size=3) | anything, webhook_type=kinds),
}


def public_builders() -> dict[str, Any]:
    return {
        name: f for module in MODULES for name, f in vars(module).items()
        if inspect.isfunction(f) and f.__module__ == module.__name__ and not name.startswith("_")
    }


BUILDERS = public_builders()


def test_every_v2_builder_is_fuzzed():
    assert set(BUILDERS) == set(CALLS)


PHONE_KEYS = frozenset({
    "number", "numbers", "from_number", "to_number", "phone", "phone_number", "sendblue_number",
    "sendblue_numbers", "contact_ids",
})
EMAIL_KEYS = frozenset({"assigned_to_email", "account_email"})
# Under "webhooks" and under each webhook type (a replace body) the strings are URLs.
URL_KEYS = frozenset({"media_url", "media_urls", "status_callback", "url", "webhooks",
                      *WebhookType.ALL})


def leaves(value: Any, key: str | None = None) -> list[tuple[str | None, Any]]:
    """Every key, string and number in a JSON value, each with the key that holds it."""
    if isinstance(value, dict):
        return [(None, k) for k in value] + [
            leaf for k, item in value.items() for leaf in leaves(item, k)
        ]
    if isinstance(value, list):
        return [leaf for item in value for leaf in leaves(item, key)]
    return [(key, value)]


def is_email(text: str) -> bool:
    return text.count("@") == 1 and text.strip() == text


def assert_sane(key: str | None, value: Any, *, email_ok: bool) -> None:
    if not isinstance(value, str):
        assert value is None or isinstance(value, bool) or -(2**63) <= value < 2**63, (key, value)
        return
    value.encode()  # valid Unicode: no lone surrogate reaches a transport
    if key in PHONE_KEYS:
        assert E164.match(value) or (email_ok and is_email(value)), (key, value)
    elif key in EMAIL_KEYS:
        assert is_email(value), (key, value)
    elif key in URL_KEYS:
        parts = urlsplit(value)
        assert parts.scheme in ("http", "https") and parts.hostname, (key, value)
        assert value.isprintable() and " " not in value, (key, value)


async def first_chunk(spec: RequestSpec[Any]) -> bytes:
    """The part header alone: a path's file is never opened."""
    stream: Any = encode_body(spec, boundary="fuzz").data
    try:
        return await anext(stream)  # type: ignore[no-any-return]
    finally:
        await stream.aclose()


def assert_part_header(spec: RequestSpec[Any]) -> None:
    (field,) = spec.multipart or ()
    assert field.name == "file" and isinstance(field.filename, str) and field.filename.strip()
    lines = asyncio.run(first_chunk(spec)).decode().split("\r\n")
    assert len(lines) == 5 and lines[0] == "--fuzz" and lines[-2:] == ["", ""], lines
    assert lines[1].startswith('Content-Disposition: form-data; name="file"; filename="')
    assert lines[2].startswith("Content-Type: ") and "/" in lines[2], lines


def assert_json_and_query(spec: RequestSpec[Any]) -> None:
    body = encode_body(spec).data
    assert isinstance(body, bytes)
    assert (json.loads(body) if body else None) == spec.json
    email_ok = spec.path == "/api/evaluate-service"
    for key, value in [*leaves(spec.json), *spec.query]:
        assert_sane(key, value, email_ok=email_ok)


def assert_well_formed(spec: RequestSpec[Any]) -> None:
    assert isinstance(spec, RequestSpec)
    assert spec.method in ("GET", "POST", "PUT", "DELETE") and spec.path.startswith("/api/")
    assert spec.path.isascii() and " " not in spec.path
    assert not DOT_SEGMENTS & set(spec.path.split("/")), spec.path
    head, _, segment = spec.path.rpartition("/")
    if head == "/api/v2/contacts" and segment not in ("count", "bulk"):
        assert E164.match(unquote(segment)), spec.path
    if spec.multipart is not None:
        assert_part_header(spec)
    else:
        assert_json_and_query(spec)


def build(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> RequestSpec[Any]:
    result = BUILDERS[name](*args, **kwargs)
    if name == "filter_query":  # list_messages' query pairs, not a spec of its own
        return RequestSpec("GET", "/api/v2/messages", query=result)
    if name == "bulk_contact_item":  # one item of a bulk create's body
        return RequestSpec("POST", "/api/v2/contacts/bulk", json={"contacts": [result]})
    return result  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", sorted(CALLS))
@FUZZ
@given(data=st.data())
def test_a_v2_builder_returns_a_well_formed_spec_or_raises_validation_error(name, data):
    args, kwargs = data.draw(CALLS[name])
    try:
        spec = build(name, args, kwargs)
    except ValidationError as exc:
        assert exc.field and str(exc).startswith(exc.field)
        return
    assert_well_formed(spec)


KNOWN_BAD_CALLS = [
    lambda: builders.bulk_create_contacts(None),  # were raw TypeErrors (not iterable)
    lambda: builders.bulk_create_contacts(5),
    # UnicodeEncodeError when the body was encoded
    lambda: builders.create_contact(PHONE, custom_variables={"plan": "pro\ud800"}),
    lambda: builders.list_messages(offset=10**5000),  # ValueError: str() of a huge int
    lambda: builders.send_reaction("msg_1", "love", from_number=PHONE, part_index=10**5000),
    lambda: builders.send_message(PHONE, "hi", reply_to=ReplyTo("msg_1", 2**63)),
    # content_type was not checked: a surrogate failed in the part header, CR LF added a header
    lambda: builders.upload_file(b"GIF89a", filename="a.gif", content_type="image/gif\ud800"),
    lambda: builders.upload_file(b"GIF89a", filename="a.gif", content_type="a/b\r\nX-Evil: 1"),
    lambda: builders.upload_file(b"GIF89a", filename="a.gif", content_type=5),
    lambda: builders.upload_file(b"GIF89a", filename="data:a/b\r\nX-Evil: 1,x"),  # guessed
    lambda: builders.upload_media_object("https://cdn.example/a.png\x7f"),  # was sent as is
    lambda: builders.upload_media_object("https://[cdn.example/a.png"),  # ValueError (urlsplit)
    lambda: builders.send_message(PHONE, media_url="https://\uff03cdn.example/a.png"),
    # Sent as dot segments: DELETE /api/message/.. reached DELETE /api/
    lambda: builders.delete_message(".."),
    lambda: builders.get_message("."),
    lambda: builders.get_totp_code(".."),
    lambda: builders.delete_totp_secret("."),
]


def test_the_fuzzers_known_finds_stay_fixed():
    for make in KNOWN_BAD_CALLS:
        with pytest.raises(ValidationError):
            make()
    spec = builders.upload_file(b"GIF89a", filename="photo.gif")
    assert spec.multipart is not None and spec.multipart[0].content_type == "image/gif"
    assert_well_formed(spec)
