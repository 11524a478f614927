"""Fuzzing every Sinch Numbers builder: a well-formed spec or a ValidationError naming the
argument, whatever the input (odd strings, numbers, unicode, huge values, wrong types)."""

import asyncio
import inspect
import json
import re
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sinch_numbers import _validate as v
from sinch_numbers import builders
from sinch_numbers.builders import _active, _available, _bodies, _orders, _paths, _project
from sinch_numbers.errors import ValidationError
from sinch_numbers.models import (
    UNSET,
    EmergencyAddress,
    EstVoice,
    FaxVoice,
    NumberOrderOption,
    QuantityOrderOption,
    RtcVoice,
    SmsSettings,
)
from transports import RequestSpec, encode_body, read_body

from .fuzzing import E164, anything, fuzz, json_values, mostly, odd_text

FUZZ = fuzz(80)  # x 23 builders: the four fuzz files run in about 13 s
Call = st.SearchStrategy[tuple[tuple[Any, ...], dict[str, Any]]]

PROJECT_ID = re.compile(r"[A-Za-z0-9_-]{1,100}\Z")
REGION = re.compile(r"[A-Z]{2}\Z")
TOKEN = re.compile(r"[A-Z][A-Z0-9_]*\Z")
DIGITS = re.compile(r"\+?[0-9]{1,15}\Z")
HMAC = re.compile(r"[a-zA-Z0-9-]{32,64}\Z")
MIME = re.compile(r"[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+\Z")
VERBS = {"", "rent", "rentAny", "release", "provision", "deprovision", "validate",
         "lookupNumberRequirements", "createNumberOrder"}


def often(*valid: Any) -> st.SearchStrategy[Any]:
    """``mostly`` with the valid values drawn more often: a builder takes up to ten
    arguments, and the fuzzer should often get all of them right to check the spec.
    (Repeating a branch of ``st.one_of`` does not weigh it: the choice is a coin here.)"""
    return coin(st.sampled_from(valid), mostly(*valid))


def one_of(*strategies: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """The given strategies (usually valid input objects), or as often anything at all."""
    return coin(st.one_of(*strategies), anything)


def coin(first: st.SearchStrategy[Any], second: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.sampled_from([first, second]).flatmap(lambda chosen: chosen)


project = often("proj-1", "51bc3f40", "A_b-9")
number = often("+12025550134", "+447700900100", "+1202555")
region, kind = often("US", "GB", "SE"), often("LOCAL", "MOBILE", "TOLL_FREE")
capabilities = often((), ("SMS",), ["SMS", "VOICE"])
pattern, search = often(None, "202", "+1202"), often(None, "START", "CONTAINS", "END")
# Ids are free text, percent-encoded into the path: dot segments must never get through.
order_id = often("01hq5b6", "o-1", "..", ".", "a/b c")
url = often(None, "https://cb.example/numbers", "http://h/x", "ftp://h")
sms = one_of(st.builds(SmsSettings, often("plan", "", " "), often(UNSET, None, "camp", "")))
order_sms = one_of(st.builds(SmsSettings, often("plan"), often(UNSET, None, "camp")))
voice = one_of(
    st.builds(RtcVoice, often("app", "")), st.builds(EstVoice, often("trunk")),
    st.builds(FaxVoice, often("fax")),
)
address = one_of(st.builds(
    EmergencyAddress, often("12345"), often("Main St"), often("Springfield"), often("IL"),
    often("62701"), often(None, "Suite 1"), often(None, "1234"),
))
option = one_of(
    st.builds(NumberOrderOption, number),
    st.builds(
        QuantityOrderOption, often(1, 5, 100, 101), pattern=pattern, search_pattern=search,
        sequential=often(None, True, False), capabilities=capabilities,
    ),
)
details = one_of(
    st.just({"businessName": "Acme", "contactEmail": "ops@acme.example"}),
    st.dictionaries(odd_text(max_size=5), json_values, max_size=3),
)
# Bytes or junk, never a str or path: the builder would point the upload at a real file.
files = often(b"%PDF-1.4", b"").filter(lambda f: not isinstance(f, str))


def call(*args: st.SearchStrategy[Any], **kwargs: st.SearchStrategy[Any]) -> Call:
    return st.tuples(st.tuples(*args), st.fixed_dictionaries(kwargs))


CALLS: dict[str, Call] = {
    "list_active_numbers": call(
        project, region_code=often(None, "US"), number_type=often(None, "MOBILE"),
        pattern=pattern, search_pattern=search, capabilities=capabilities,
        page_size=often(None, 1, 50), page_token=often(None, "", "tok"),
        order_by=often(None, "phoneNumber", "displayName"),
    ),
    "get_active_number": call(project, number),
    "update_active_number": call(
        project, number, display_name=often(UNSET, None, "Main line"),
        sms=st.just(UNSET) | st.none() | sms, voice=st.just(UNSET) | st.none() | voice,
        callback_url=st.just(UNSET) | url,
    ),
    "release_number": call(project, number),
    "search_available_numbers": call(
        project, region, kind, pattern=pattern, search_pattern=search,
        capabilities=capabilities, size=often(None, 1, 10),
    ),
    "get_available_number": call(project, number),
    "rent_number": call(project, number, sms=st.none() | sms, voice=st.none() | voice,
                        callback_url=url),
    "rent_any_number": call(
        project, often("US", "GB"), often("LOCAL", "MOBILE"), pattern=pattern,
        search_pattern=search, capabilities=capabilities, sms=st.none() | sms,
        voice=st.none() | voice, callback_url=url,
    ),
    "lookup_number_requirements": call(project, region, kind),
    "create_number_order": call(
        project, region, kind, option, sms=st.none() | order_sms, voice=st.none() | voice,
        callback_url=url,
    ),
    "get_number_order": call(project, order_id),
    "update_number_order_registration": call(project, order_id, details),
    "get_number_order_registration": call(project, order_id),
    "upload_number_order_attachment": call(
        project, order_id, often("gb-proof", "..", "id 1"), files,
        filename=often(None, "scan.pdf", "proof.png", "blob.zzz"),
        content_type=often(None, "application/pdf", "text/plain; charset=utf-8"),
        document_type=often(None, "UTILITY_BILL"),
    ),
    "submit_number_order": call(project, order_id),
    "get_emergency_address": call(project, number),
    "provision_emergency_address": call(project, number, often("Front desk"), address),
    "deprovision_emergency_address": call(project, number),
    "validate_emergency_address": call(project, number, often("Front desk"), address),
    "list_available_regions": call(project, often((), ("MOBILE",), ["LOCAL", "TOLL_FREE"])),
    "get_callback_configuration": call(project),
    "update_callback_configuration": call(project, often("a" * 32, "0123456789-ABCDEF" * 3)),
    "oauth_token": call(),
}
# Fields a builder's own checks name that are not one of its parameters.
EXTRA_FIELDS = {"update_active_number": {"update"}}


def test_every_sinch_builder_is_fuzzed():
    public = {
        name
        for module in (_active, _available, _bodies, _orders, _paths, _project)
        for name, f in vars(module).items()
        if inspect.isfunction(f) and f.__module__ == module.__name__
        and not name.startswith("_") and name in builders.__all__
    }
    assert public == set(CALLS) == set(builders.__all__)


@pytest.mark.parametrize("name", sorted(CALLS))
@FUZZ
@given(data=st.data())
def test_a_builder_returns_a_well_formed_spec_or_raises_validation_error(name, data):
    args, kwargs = data.draw(CALLS[name])
    builder = getattr(builders, name)
    try:
        spec = builder(*args, **kwargs)
    except ValidationError as exc:
        parameters = set(inspect.signature(builder).parameters)
        assert_clear(exc, parameters | EXTRA_FIELDS.get(name, set()))
        if name == "update_callback_configuration" and isinstance(args[1], str):
            assert len(args[1]) < 8 or args[1] not in str(exc)  # never echo the secret
        return
    assert isinstance(spec, RequestSpec)
    assert_well_formed(spec)


def assert_clear(exc: ValidationError, parameters: set[str]) -> None:
    assert exc.field.split(".")[0] in parameters, exc.field
    message = str(exc).removeprefix(f"{exc.field}: ")
    assert message != str(exc) and len(message) > 8 and message.isascii(), str(exc)


def assert_well_formed(spec: RequestSpec[Any]) -> None:
    assert spec.method in ("GET", "POST", "PATCH", "PUT")
    assert_path(spec.path)
    for key, value in spec.query:
        assert QUERY[key](value), (key, value)
    encoded = encode_body(spec)
    if spec.json is not None:
        assert isinstance(encoded.data, bytes)
        assert json.loads(encoded.data.decode()) == spec.json  # round-trips, strict UTF-8
        for key, value in spec.json.items():
            assert_json(key, value)
    elif spec.form is not None:
        assert spec.form == (("grant_type", "client_credentials"),)
    elif spec.multipart is not None:
        assert_multipart(spec, asyncio.run(read_body(encoded)))


def assert_path(path: str) -> None:
    assert path.isascii() and " " not in path, path
    if path == "/oauth2/token":
        return
    segments = path.split("/")
    assert segments[:3] == ["", "v1", "projects"] and PROJECT_ID.match(unquote(segments[3]))
    for i, segment in enumerate(segments[4:], start=4):
        decoded = unquote(segment, errors="strict")
        assert decoded.encode() and segment not in (".", ".."), path
        name, _, verb = segment.partition(":")
        assert verb in VERBS, path
        if name in ("activeNumbers", "availableNumbers") and i + 1 < len(segments):
            phone = unquote(segments[i + 1].partition(":")[0])
            assert E164.match(phone), path


def assert_multipart(spec: RequestSpec[Any], raw: bytes) -> None:
    assert spec.multipart is not None
    *document, upload = spec.multipart
    assert [part.name for part in document] in ([], ["documentType"])
    assert upload.name == "file" and isinstance(upload.value, bytes)
    assert upload.filename is not None and text(upload.filename)
    assert upload.content_type is not None and MIME.match(upload.content_type)
    assert all(isinstance(part.value, str) and text(part.value) for part in document)
    assert upload.value in raw and raw.endswith(b"--\r\n")


def text(value: object, *, blank: bool = False) -> bool:
    """A string the validators let through: not blank (unless allowed), short, valid Unicode."""
    return (
        isinstance(value, str) and (blank or bool(value.strip())) and len(value) <= v.MAX_TEXT
        and bool(value.encode() or blank)
    )


def tokens(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(t, str) and TOKEN.match(t) for t in value)


def count(value: object, top: int) -> bool:
    return type(value) is int and 0 < value <= top


QUERY = {
    "regionCode": REGION.match, "type": TOKEN.match, "capability": TOKEN.match,
    "capabilities": TOKEN.match, "types": TOKEN.match, "numberPattern.pattern": DIGITS.match,
    "numberPattern.searchPattern": v.SEARCH_PATTERNS.__contains__,
    "pageSize": lambda x: x.isdigit() and count(int(x), 2**31 - 1),
    "size": lambda x: x.isdigit() and count(int(x), 2**31 - 1),
    "pageToken": text, "orderBy": v.ORDER_BY.__contains__,
}
BODY = {
    "regionCode": lambda x: REGION.match(x), "type": lambda x: TOKEN.match(x),
    "numberType": lambda x: TOKEN.match(x), "capabilities": tokens,
    "pattern": lambda x: DIGITS.match(x), "searchPattern": v.SEARCH_PATTERNS.__contains__,
    "servicePlanId": lambda x: text(x, blank=True),
    "campaignId": lambda x: x is None or text(x, blank=True),
    "appId": lambda x: text(x, blank=True), "trunkId": lambda x: text(x, blank=True),
    "serviceId": lambda x: text(x, blank=True),
    "callbackUrl": lambda x: x is None or (text(x) and x.startswith(("https://", "http://"))),
    "displayName": lambda x: x is None or text(x), "hmacSecret": lambda x: HMAC.match(x),
    "phoneNumbers": lambda x: [n for n in x if E164.match(n)] == x and len(x) == 1,
    "requestedQuantity": lambda x: count(x, 100), "sequential": lambda x: type(x) is bool,
    **{key: text for key in ("streetNumber", "streetInfo", "city", "state", "postalCode",
                             "location", "postalCodePlusFour")},
}
OBJECTS = {"smsConfiguration", "voiceConfiguration", "address", "numberPattern",
           "numberOrderOption", "quantityOrderOption"}


def assert_json(key: str, value: Any) -> None:
    if key == "requestDetails":  # free-form: it round-tripped, and that is all it must do
        assert isinstance(value, dict)
    elif key in OBJECTS:
        assert value is None or (isinstance(value, dict) and value), (key, value)
        for inner, item in (value or {}).items():
            assert_json(inner, item)
    else:
        assert BODY[key](value), (key, value)
