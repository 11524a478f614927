"""Fuzzing the Sinch response parser with every builder's spec: a fully typed model, the
typed status error or the typed decode error, never a raw KeyError or TypeError."""

import json
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sinch_numbers import builders, errors
from sinch_numbers._parse import parse_response
from sinch_numbers.models import EmergencyAddress, NumberOrderOption
from transports import RequestSpec, Response

from .fuzzing import assert_typed, bodies, fuzz, json_values, paths, replace, retry_after, statuses

FUZZ = fuzz(100)
P, N = "proj-1", "+12025550134"
MONEY = {"currencyCode": "USD", "amount": "2.00"}
AT = "2026-05-18T14:30:00Z"
ACTIVE = {
    "phoneNumber": N, "projectId": P, "displayName": "Main line", "regionCode": "US",
    "type": "LOCAL", "capability": ["SMS", "VOICE"], "money": MONEY,
    "paymentIntervalMonths": 1, "nextChargeDate": AT, "expireAt": AT,
    "smsConfiguration": {"servicePlanId": "plan", "campaignId": "camp", "scheduledProvisioning": {
        "servicePlanId": "plan", "status": "WAITING", "lastUpdatedTime": AT,
        "errorCodes": ["E1"],
    }},
    "voiceConfiguration": {"type": "EST", "trunkId": "t", "lastUpdatedTime": AT,
                           "scheduledVoiceProvisioning": {"type": "EST", "status": "WAITING"}},
    "callbackUrl": "https://cb.example/numbers",
}
AVAILABLE = {
    "phoneNumber": N, "regionCode": "US", "type": "LOCAL", "capability": ["SMS"],
    "setupPrice": {"currencyCode": "USD", "amount": "0.00"}, "monthlyPrice": MONEY,
    "paymentIntervalMonths": 1, "supportingDocumentationRequired": False,
}
ORDER = {
    "idNumberOrder": "o-1", "projectId": P, "regionCode": "US", "state": "CREATED",
    "numberType": "LOCAL", "orderNumbers": [{
        "phoneNumber": N, "capabilities": ["SMS", "VOICE"],
        "numberPrice": {"setupPrice": MONEY, "monthlyPrice": MONEY, "paymentIntervalMonths": 1},
    }],
    "smsConfiguration": {"servicePlanId": "plan"},
    "voiceConfiguration": {"type": "RTC", "appId": "app"},
    "expireTime": AT, "createTime": AT, "updateTime": AT,
}
REQUIREMENTS = {
    "fields": {"type": "object", "properties": {"businessName": {"type": "string"}},
               "required": ["businessName"]},
    "attachments": [{
        "id": "gb-proof", "title": "Proof of address", "description": "A utility bill",
        "mandatory": True, "template": [{"name": "proof.pdf", "url": "https://t.example/p"}],
        "allowedMimeTypes": ["application/pdf"], "allowedDocumentTypes": ["UTILITY_BILL"],
    }],
}
REGISTRATION = {
    "requestDetails": {"businessName": "Acme"},
    "attachments": [{"attachmentId": "gb-proof", "fileName": "bill.pdf",
                     "mimeType": "application/pdf", "documentType": "UTILITY_BILL",
                     "uploadStatus": "COMPLETED", "createTime": AT, "updateTime": AT}],
    "logs": [{"message": "Looks good", "createTime": AT}],
}
ADDRESS = {"streetNumber": "12345", "streetInfo": "Main St", "city": "Springfield",
           "state": "IL", "postalCode": "62701", "location": "Suite 1",
           "postalCodePlusFour": "1234"}
VALIDATION = {
    "phoneNumber": N, "displayName": "Front desk", "validatedAddress": ADDRESS,
    "validationResult": "NO_MATCH", "validationMessage": "Address not found",
    "correctedAddress": ADDRESS, "candidateAddresses": [ADDRESS],
}
ADDR = EmergencyAddress("12345", "Main St", "Springfield", "IL", "62701")
CASES: dict[str, tuple[RequestSpec[Any], Any]] = {
    "list_active_numbers": (builders.list_active_numbers(P), {
        "activeNumbers": [ACTIVE], "nextPageToken": "t", "totalSize": 1}),
    "get_active_number": (builders.get_active_number(P, N), ACTIVE),
    "update_active_number": (builders.update_active_number(P, N, display_name="x"), ACTIVE),
    "release_number": (builders.release_number(P, N), ACTIVE),
    "search_available_numbers": (builders.search_available_numbers(P, "US", "LOCAL"), {
        "availableNumbers": [AVAILABLE]}),
    "get_available_number": (builders.get_available_number(P, N), AVAILABLE),
    "rent_number": (builders.rent_number(P, N), ACTIVE),
    "rent_any_number": (builders.rent_any_number(P), ACTIVE),
    "lookup_number_requirements": (
        builders.lookup_number_requirements(P, "GB", "MOBILE"), REQUIREMENTS),
    "create_number_order": (
        builders.create_number_order(P, "US", "LOCAL", NumberOrderOption(N)), ORDER),
    "get_number_order": (builders.get_number_order(P, "o-1"), ORDER),
    "update_number_order_registration": (
        builders.update_number_order_registration(P, "o-1", {"businessName": "Acme"}),
        REGISTRATION),
    "get_number_order_registration": (
        builders.get_number_order_registration(P, "o-1"), REGISTRATION),
    "upload_number_order_attachment": (builders.upload_number_order_attachment(
        P, "o-1", "gb-proof", b"%PDF", filename="bill.pdf"), {}),
    "submit_number_order": (builders.submit_number_order(P, "o-1"), ORDER),
    "get_emergency_address": (builders.get_emergency_address(P, N), ADDRESS),
    "provision_emergency_address": (
        builders.provision_emergency_address(P, N, "Front desk", ADDR), ADDRESS),
    "deprovision_emergency_address": (builders.deprovision_emergency_address(P, N), {}),
    "validate_emergency_address": (
        builders.validate_emergency_address(P, N, "Front desk", ADDR), VALIDATION),
    "list_available_regions": (builders.list_available_regions(P), {"availableRegions": [
        {"regionCode": "US", "regionName": "United States", "types": ["LOCAL", "TOLL_FREE"]}]}),
    "get_callback_configuration": (builders.get_callback_configuration(P), {
        "projectId": P, "hmacSecret": "a" * 32}),
    "update_callback_configuration": (builders.update_callback_configuration(P, "a" * 32), {
        "projectId": P, "hmacSecret": "a" * 32}),
    "oauth_token": (builders.oauth_token(), {
        "access_token": "tok", "token_type": "bearer", "expires_in": 3599, "scope": ""}),
}


# The parser reads a spec's response type only (its method and path go into messages), so
# the fuzzers run one case per response type; the real-body test runs every builder's case.
FUZZED = sorted({spec.response_type: name for name, (spec, _) in CASES.items()}.values())


def test_every_builder_has_a_case():
    assert set(CASES) == set(builders.__all__)
    assert len(FUZZED) == 13


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_real_body_parses_to_a_fully_typed_model(name):
    spec, good = CASES[name]
    model = parse_response(spec, Response(200, {}, json.dumps(good).encode()))
    if spec.response_type is None:
        assert model is None
    else:
        assert_typed(model, spec.response_type)
        for field in attrs.fields(type(model)):  # the body has every field: none is defaulted
            default = field.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                default = default.factory()
            assert getattr(model, field.name) != default, field.name


def json_or(*valid: Any) -> st.SearchStrategy[Any]:
    return st.sampled_from(valid) | json_values


field_violations = st.fixed_dictionaries({"type": st.just("BadRequest"), "fieldViolations": (
    st.lists(st.fixed_dictionaries({"field": json_or("regionCode"),
                                    "description": json_or("is required")}), max_size=2)
    | json_values)})
resource_info = st.fixed_dictionaries({"type": st.just("ResourceInfo"),
                                       "resourceType": json_or("ActiveNumber"),
                                       "resourceName": json_or(N)})
sinch_errors = st.fixed_dictionaries({"error": st.fixed_dictionaries({
    "code": json_or(400, 404, 429, 500),
    "message": json_or("Invalid argument", "Not found", ""),
    "status": json_or("INVALID_ARGUMENT", "NOT_FOUND", "RESOURCE_EXHAUSTED", "UNAUTHENTICATED",
                      "PERMISSION_DENIED", "CONTENT_TOO_LARGE", "INTERNAL"),
    "details": st.lists(field_violations | resource_info | json_values, max_size=3) | json_values,
})})
oauth_errors = st.fixed_dictionaries({"error": json_or("invalid_client"),
                                      "error_description": json_or("Bad client credentials")})
other_errors = st.one_of(
    st.fixed_dictionaries({"message": json_values}),
    st.fixed_dictionaries({"status": json_or("ERROR"), "error_message": json_values}),
    st.fixed_dictionaries({"errors": st.lists(json_values, max_size=2)}),
)
# Values a sloppy server or proxy really writes where a number, a date or an object belongs.
QUIRKS = [float("nan"), float("inf"), -float("inf"), 1e308, -1, 0, 2**64, 10**400, "nan", "inf",
          "1e400", "-0", "١٢", " 12 ", "2.00", "", "0001-01-01T00:00:00+01:00", "2026-05-18",
          "9999-12-31T23:59:59-01:00", "true", True, None, [], {}, [{}], "[]", "{}"]


error_bodies = (sinch_errors | oauth_errors | other_errors).map(lambda b: json.dumps(b).encode())


@pytest.mark.parametrize("name", FUZZED)
@FUZZ
@given(data=st.data())
def test_any_response_is_a_typed_model_or_a_typed_error(name, data):
    spec, good = CASES[name]
    status = data.draw(statuses)
    body = data.draw(bodies(good) | error_bodies)
    header = data.draw(retry_after)
    response = Response(status, {} if header is None else {"retry-after": header}, body)
    try:
        model = parse_response(spec, response)
    except errors.APIStatusError as exc:
        assert_status_error(exc, status)
    except errors.ResponseDecodeError as exc:
        assert 200 <= status < 300 and exc.status == status and spec.response_type is not None
    else:
        assert 200 <= status < 300
        if spec.response_type is None:
            assert model is None
            return
        assert_typed(model, spec.response_type)
        assert isinstance(json.loads(body), dict), "a body that is not an object read as a model"


@pytest.mark.parametrize("name", FUZZED)
def test_every_quirk_in_every_place_is_a_typed_model_or_a_decode_error(name):
    """Exhaustive where the fuzzer samples: each quirk at each place of the real body."""
    spec, good = CASES[name]
    for path in paths(good):
        template = json.dumps(replace(good, path, "<quirk>", delete=False))
        for quirk in QUIRKS:
            body = template.replace('"<quirk>"', json.dumps(quirk)).encode()
            try:
                model = parse_response(spec, Response(200, {}, body))
            except errors.ResponseDecodeError:
                continue
            if spec.response_type is not None:
                assert_typed(model, spec.response_type)
                assert isinstance(json.loads(body), dict), (path, quirk)


def assert_status_error(exc: errors.APIStatusError, status: int) -> None:
    assert exc.status == status and not 200 <= status < 300
    if status in errors.STATUS_ERRORS:
        assert type(exc) is errors.STATUS_ERRORS[status]
    elif status >= 500:
        assert type(exc) is errors.ServerError
    assert isinstance(exc.message, str) and exc.message and str(exc)
    assert exc.code is None or type(exc.code) is int
    assert exc.error_status is None or isinstance(exc.error_status, str)
    assert type(exc.details) is tuple
    for violation in exc.field_violations:
        assert type(violation.field) is str and type(violation.description) is str
    if isinstance(exc, errors.NotFoundError):
        assert exc.resource_type is None or type(exc.resource_type) is str
        assert exc.resource_name is None or type(exc.resource_name) is str
    if isinstance(exc, errors.RateLimitError):
        assert exc.retry_after in (None, 0.0, 1.0)


def test_the_fuzzers_known_finds_stay_fixed():
    search, _ = CASES["search_available_numbers"]
    active, _ = CASES["get_active_number"]
    token, _ = CASES["oauth_token"]
    order, _ = CASES["get_number_order"]
    broken = [
        (search, b"[]"), (search, b'"oops"'),  # were empty models: "no numbers available"
        (active, json.dumps({**ACTIVE, "smsConfiguration": []}).encode()),
        (order, json.dumps({**ORDER, "orderNumbers": [{"phoneNumber": N, "numberPrice": "x"}]})
         .encode()),
        *[(token, b'{"access_token": "t", "expires_in": %s}' % number)  # a token for ever
          for number in (b"NaN", b"Infinity", b'"inf"', b"1e400")],
        (token, b'{"access_token": "t", "expires_in": 1%s}' % (b"0" * 400)),  # OverflowError
    ]
    for spec, body in broken:
        with pytest.raises(errors.ResponseDecodeError):
            parse_response(spec, Response(200, {}, body))
