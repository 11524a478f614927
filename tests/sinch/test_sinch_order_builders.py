"""Pure Number Order builder tests: exact paths, bodies and retry flags, no event loop."""

from pathlib import Path

import pytest

from sinch_numbers import (
    NumberOrderOption,
    QuantityOrderOption,
    RtcVoice,
    SmsSettings,
    ValidationError,
    builders,
)
from sinch_numbers._parse import parse_response
from sinch_numbers.builders._creations import ORDER_CREATE, ORDER_SUBMIT, PROVISIONING_TIMEOUT
from sinch_numbers.models import (
    FaxVoiceConfiguration,
    NumberOrder,
    NumberRequirements,
    Registration,
)
from transports import MultipartField, RequestSpec, Response, encode_body, read_body

P = "/v1/projects/proj-1/numberOrders"


def test_lookup_requirements_is_a_post_retried_like_a_get():
    spec = builders.lookup_number_requirements("proj-1", "GB", "MOBILE")
    assert spec == RequestSpec(
        "POST",
        f"{P}:lookupNumberRequirements",
        NumberRequirements,
        json={"regionCode": "GB", "numberType": "MOBILE"},
        idempotent=True,
    )
    assert spec.is_idempotent


def test_create_for_one_number_uses_number_type_and_number_order_option():
    spec = builders.create_number_order(
        "proj-1",
        "US",
        "LOCAL",
        NumberOrderOption("+12025550100"),
        sms=SmsSettings("plan", campaign_id="camp"),
        voice=RtcVoice("app"),
        callback_url="https://cb.example/orders",
    )
    assert spec == RequestSpec(
        "POST",
        f"{P}:createNumberOrder",
        NumberOrder,
        json={
            "regionCode": "US",
            "numberType": "LOCAL",
            "numberOrderOption": {"phoneNumbers": ["+12025550100"]},
            "smsConfiguration": {"servicePlanId": "plan", "campaignId": "camp"},
            "voiceConfiguration": {"type": "RTC", "appId": "app"},
            "callbackUrl": "https://cb.example/orders",
        },
        timeout=PROVISIONING_TIMEOUT,
        creates=ORDER_CREATE,
    )
    assert not spec.is_idempotent and spec.retryable  # only a 429 may be resent


def test_create_by_quantity_nests_pattern_and_uses_plural_capabilities():
    option = QuantityOrderOption(
        3, pattern="202", search_pattern="START", sequential=True, capabilities=("SMS",)
    )
    spec = builders.create_number_order("proj-1", "US", "LOCAL", option)
    assert spec.json == {
        "regionCode": "US",
        "numberType": "LOCAL",
        "quantityOrderOption": {
            "requestedQuantity": 3,
            "numberPattern": {"pattern": "202", "searchPattern": "START"},
            "sequential": True,
            "capabilities": ["SMS"],
        },
    }
    minimal = builders.create_number_order("proj-1", "US", "LOCAL", QuantityOrderOption(1))
    assert minimal.json["quantityOrderOption"] == {"requestedQuantity": 1}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"option": QuantityOrderOption(0)}, "option.requested_quantity"),
        ({"option": QuantityOrderOption(101)}, "option.requested_quantity"),
        ({"option": QuantityOrderOption(2, capabilities="SMS")}, "option.capabilities"),  # type: ignore[arg-type]
        ({"option": QuantityOrderOption(2, sequential="yes")}, "option.sequential"),  # type: ignore[arg-type]
        ({"option": QuantityOrderOption(2, search_pattern="END")}, "option.search_pattern"),
        ({"option": QuantityOrderOption(2, pattern="2x")}, "option.pattern"),
        ({"option": NumberOrderOption("12025550100")}, "option.phone_number"),
        ({"option": "+12025550100"}, "option"),
        ({"sms": SmsSettings("")}, "sms.service_plan_id"),
        ({"voice": RtcVoice("")}, "voice"),
        ({"callback_url": "ftp://x"}, "callback_url"),
        ({"region_code": "usa"}, "region_code"),
        ({"number_type": "local"}, "number_type"),
    ],
)
def test_create_rejects_bad_input_before_sending(kwargs, field):
    args = {"region_code": "US", "number_type": "LOCAL", "option": QuantityOrderOption(1)}
    args.update(kwargs)
    with pytest.raises(ValidationError) as info:
        builders.create_number_order("proj-1", **args)
    assert info.value.field == field


def test_get_submit_and_registration_paths_encode_the_order_id():
    assert builders.get_number_order("proj-1", "o/1") == RequestSpec(
        "GET", f"{P}/o%2F1", NumberOrder
    )
    assert builders.submit_number_order("proj-1", "o-1") == RequestSpec(
        "POST", f"{P}/o-1/submit", NumberOrder, timeout=PROVISIONING_TIMEOUT,
        creates=ORDER_SUBMIT,
    )
    assert builders.get_number_order_registration("proj-1", "o-1") == RequestSpec(
        "GET", f"{P}/o-1/registration", Registration
    )
    with pytest.raises(ValidationError):
        builders.get_number_order("proj-1", " ")


def test_registration_is_a_put_of_request_details():
    details = {"businessName": "Acme", "nested": {"a": [1, 2]}}
    spec = builders.update_number_order_registration("proj-1", "o-1", details)
    assert spec == RequestSpec(
        "PUT", f"{P}/o-1/registration", Registration, json={"requestDetails": details}
    )
    assert spec.is_idempotent
    with pytest.raises(ValidationError, match="string keys"):
        builders.update_number_order_registration("proj-1", "o-1", {1: "x"})  # type: ignore[dict-item]
    with pytest.raises(ValidationError, match="JSON") as info:
        builders.update_number_order_registration("proj-1", "o-1", {"id": {1, 2}})
    assert "{1, 2}" not in str(info.value)  # personal data is never echoed


def test_upload_builds_document_type_then_file_parts(tmp_path: Path):
    doc = tmp_path / "bill.pdf"
    doc.write_bytes(b"%PDF-1.4")
    spec = builders.upload_number_order_attachment(
        "proj-1", "o-1", "gb-proof", doc, document_type="UTILITY_BILL"
    )
    assert spec == RequestSpec(
        "POST",
        f"{P}/o-1/attachments/gb-proof",
        None,
        multipart=(
            MultipartField("documentType", "UTILITY_BILL"),
            MultipartField("file", doc, filename="bill.pdf", content_type="application/pdf"),
        ),
        idempotent=True,
    )


async def test_upload_of_bytes_encodes_as_multipart_form_data():
    spec = builders.upload_number_order_attachment(
        "proj-1", "o-1", "id-1", b"\x89PNG", filename="scan.png"
    )
    body = encode_body(spec, boundary="b0undary")
    assert body.content_type == "multipart/form-data; boundary=b0undary"
    assert await read_body(body) == (
        b"--b0undary\r\n"
        b'Content-Disposition: form-data; name="file"; filename="scan.png"\r\n'
        b"Content-Type: image/png\r\n\r\n"
        b"\x89PNG\r\n"
        b"--b0undary--\r\n"
    )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"file": b"x"}, "filename"),
        ({"file": 42}, "file"),
        ({"file": b"x", "filename": "a.pdf", "content_type": "pdf\r\nX-Evil: 1"}, "content_type"),
        ({"file": b"x", "filename": "a.pdf", "document_type": ""}, "document_type"),
    ],
)
def test_upload_rejects_bad_input(kwargs, field):
    with pytest.raises(ValidationError) as info:
        builders.upload_number_order_attachment("proj-1", "o-1", "id-1", **kwargs)
    assert info.value.field == field


def test_an_unknown_extension_uploads_as_octet_stream():
    spec = builders.upload_number_order_attachment("p", "o", "a", b"x", filename="blob.zzz")
    assert spec.multipart is not None
    assert spec.multipart[-1].content_type == "application/octet-stream"


def test_order_replies_decode_with_nulls_left_out_and_unknown_fields_ignored():
    body = (
        b'{"idNumberOrder":"o-1","state":"IN_REVIEW","numberType":"MOBILE","newField":1,'
        b'"orderNumbers":[{"phoneNumber":"+447700900100","capabilities":["SMS"],'
        b'"numberPrice":{"monthlyPrice":{"currencyCode":"GBP","amount":"1.20"}}}],'
        b'"voiceConfiguration":{"type":"FAX","serviceId":"fax-1"},'
        b'"createTime":"2025-11-23T08:54:58.115Z"}'
    )
    order = parse_response(builders.get_number_order("p", "o-1"), Response(200, {}, body))
    assert order.expire_time is None and order.phone_numbers == ("+447700900100",)
    assert order.order_numbers[0].capabilities == ("SMS",)
    assert str(order.order_numbers[0].number_price.monthly_price.amount) == "1.20"
    assert order.voice_configuration == FaxVoiceConfiguration(service_id="fax-1")
    empty = parse_response(
        builders.get_number_order_registration("p", "o"), Response(200, {}, b"{}")
    )
    assert empty == Registration()
    needs = parse_response(
        builders.lookup_number_requirements("p", "GB", "MOBILE"),
        Response(200, {}, b'{"attachments":[{"id":"a1","mandatory":true}]}'),
    )
    assert needs.fields == {} and [a.id for a in needs.mandatory_attachments] == ["a1"]


def test_an_order_is_identified_by_its_id_and_numbers_in_logs():
    order = NumberOrder("o-1", order_numbers=(), state="COMPLETED")
    assert ORDER_SUBMIT.identifiers(order) == {"number_order_id": "o-1", "phone_numbers": ""}
