"""The fake's Number Order rules: bad ``createNumberOrder`` / registration / upload requests
get the documented 400 ``{"error": {code, message, status, details}}`` naming the field, and
reserve, store or change nothing.

Raw requests go through ``SinchNumbers.send`` (authenticated, over ``FakeTransport``) so
they reach the fake even when the client's own validation would have stopped them."""


import pytest

from sinch_numbers import (
    BadRequestError,
    FieldViolation,
    NumberOrderOption,
    QuantityOrderOption,
    SmsSettings,
)
from sinch_numbers.fake import FakeNumber
from sinch_numbers.fake._multipart import Part, parse_form_data
from transports import MultipartField

from .conftest import bad, send, violation

US, FREE, FREE2 = "+12025550100", "+12025550101", "+12025550102"
GB, PROOF = "+447700900100", "gb-proof-of-address"
CREATE, LOOKUP = "/numberOrders:createNumberOrder", "/numberOrders:lookupNumberRequirements"
US_LOCAL = {"regionCode": "US", "numberType": "LOCAL"}
ONE = {"numberOrderOption": {"phoneNumbers": [FREE]}}
FILE = MultipartField("file", b"%PDF-1.4", filename="bill.pdf", content_type="application/pdf")



async def gb_order(client) -> str:
    return (await client.orders.create("GB", "MOBILE", NumberOrderOption(GB))).id_number_order


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (CREATE, None, "body"),
        (CREATE, {**US_LOCAL, **ONE, "displayName": "desk"}, "displayName"),
        (CREATE, {"numberType": "LOCAL", **ONE}, "regionCode"),
        (CREATE, {"regionCode": "", "numberType": "LOCAL", **ONE}, "regionCode"),
        (CREATE, {"regionCode": "US", **ONE}, "numberType"),
        (CREATE, US_LOCAL, "numberOrderOption"),
        (
            CREATE,
            {**US_LOCAL, **ONE, "quantityOrderOption": {"requestedQuantity": 1}},
            "numberOrderOption",
        ),
        (
            CREATE,
            {**US_LOCAL, "numberOrderOption": {"phoneNumbers": [FREE, FREE2]}},
            "numberOrderOption.phoneNumbers",
        ),
        (CREATE, {**US_LOCAL, "numberOrderOption": [FREE]}, "numberOrderOption.phoneNumbers"),
        (LOOKUP, ["GB", "MOBILE"], "body"),
        (LOOKUP, {"numberType": "MOBILE"}, "regionCode"),
        (LOOKUP, {"regionCode": "GB", "numberType": 5}, "numberType"),
    ],
)
async def test_order_routes_reject_bad_requests(client, fake, path, body, field):
    stock = sorted(fake.available)
    assert violation(await send(client, "POST", path, json=body)) == bad(field)
    assert sorted(fake.available) == stock and fake.orders == {}


@pytest.mark.parametrize(
    ("option", "field"),
    [
        (1, "quantityOrderOption"),
        ({"requestedQuantity": 1, "size": 2}, "quantityOrderOption.size"),
        ({"requestedQuantity": 0}, "quantityOrderOption.requestedQuantity"),
        ({"requestedQuantity": 101}, "quantityOrderOption.requestedQuantity"),
        ({"requestedQuantity": True}, "quantityOrderOption.requestedQuantity"),
        ({"requestedQuantity": "1"}, "quantityOrderOption.requestedQuantity"),
        ({"requestedQuantity": 1, "numberPattern": "555"}, "quantityOrderOption.numberPattern"),
        (
            {"requestedQuantity": 1, "numberPattern": {"pattern": 5}},
            "quantityOrderOption.numberPattern.pattern",
        ),
        ({"requestedQuantity": 1, "capabilities": [["SMS"]]}, "quantityOrderOption.capabilities"),
    ],
)
async def test_quantity_option_is_checked(client, fake, option, field):
    body = {**US_LOCAL, "quantityOrderOption": option}
    assert violation(await send(client, "POST", CREATE, json=body)) == bad(field)
    assert fake.orders == {} and US in fake.available


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (None, "body"),
        ({"requestDetails": {"businessName": "Acme"}, "attachments": []}, "attachments"),
        ({"requestDetails": "Acme Ltd"}, "requestDetails"),
    ],
)
async def test_registration_put_rejects_bad_bodies(client, fake, body, field):
    order = await gb_order(client)
    path = f"/numberOrders/{order}/registration"
    assert violation(await send(client, "PUT", path, json=body)) == bad(field)
    assert fake.orders[order].request_details is None


@pytest.mark.parametrize(
    ("parts", "content_type", "field"),
    [
        ((FILE,), "multipart/form-data", "body"),
        ((FILE,), "multipart/form-data; charset=utf-8", "body"),
        ((FILE,), "multipart/form-data; boundary=not-the-one-used", "body"),  # misframed
        ((MultipartField("documentType", "UTILITY_BILL"),), None, "file"),
        ((MultipartField("file", b"%PDF-1.4"),), None, "file"),  # no filename
    ],
)
async def test_upload_framing_is_checked(client, fake, parts, content_type, field):
    order = await gb_order(client)
    headers = {"content-type": content_type} if content_type else {}
    path = f"/numberOrders/{order}/attachments/{PROOF}"
    response = await send(client, "POST", path, multipart=parts, headers=headers)
    assert violation(response) == bad(field)
    assert fake.orders[order].attachments == {}


MULTIPART_GOOD = (
    b'--b1\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
    b"Content-Type: application/pdf\r\n\r\n%PDF\r\n--b1--\r\n"
)


def test_multipart_parser_reads_a_file_part():
    assert parse_form_data(MULTIPART_GOOD, "b1") == [
        Part("file", b"%PDF", "a.pdf", "application/pdf")
    ]


@pytest.mark.parametrize(
    "body",
    [
        MULTIPART_GOOD.replace(b"--b1\r\nContent", b"--b1Content"),  # no CRLF after boundary
        MULTIPART_GOOD.replace(b"form-data; name", b"attachment; name"),  # not form-data
        MULTIPART_GOOD.replace(b'name="file"; ', b""),  # no name
    ],
)
def test_multipart_parser_rejects_malformed_parts(body):
    assert parse_form_data(body, "b1") is None


async def test_a_completed_order_takes_no_more_uploads(client, fake):
    order = (await client.orders.create("US", "LOCAL", NumberOrderOption(FREE))).id_number_order
    await client.orders.submit(order)
    with pytest.raises(BadRequestError) as caught:
        await client.orders.upload_attachment(order, PROOF, b"%PDF", filename="a.pdf")
    assert [v.field for v in caught.value.field_violations] == ["numberOrderId"]
    assert fake.orders[order].attachments == {}


async def test_an_empty_attachment_is_rejected(client, fake):
    order = await gb_order(client)
    with pytest.raises(BadRequestError) as caught:
        await client.orders.upload_attachment(order, PROOF, b"", filename="bill.pdf")
    assert [v.field for v in caught.value.field_violations] == ["file"]
    assert fake.orders[order].attachments == {}


async def test_registration_values_must_be_strings(client, fake):
    order = await gb_order(client)
    details = {"businessName": 5, "contactEmail": "kyc@acme.test"}
    with pytest.raises(BadRequestError) as caught:
        await client.orders.update_registration(order, details)
    expected = FieldViolation("requestDetails.businessName", "must be a string")
    assert caught.value.field_violations == (expected,)
    assert fake.orders[order].request_details is None


async def test_an_order_without_requirements_takes_any_registration(client):
    order = (await client.orders.create("US", "LOCAL", NumberOrderOption(FREE))).id_number_order
    registration = await client.orders.update_registration(order, {"note": "anything"})
    assert registration.request_details == {"note": "anything"}


async def test_sms_needs_a_number_with_sms(client, fake):
    voice_only = "+12025550300"
    fake.available[voice_only] = FakeNumber(voice_only, "US", "LOCAL", ("VOICE",))
    option = NumberOrderOption(voice_only)
    with pytest.raises(BadRequestError) as caught:
        await client.orders.create("US", "LOCAL", option, sms=SmsSettings("plan"))
    assert [v.field for v in caught.value.field_violations] == ["smsConfiguration"]
    assert fake.orders == {} and voice_only in fake.available


def sequential(quantity: int) -> QuantityOrderOption:
    return QuantityOrderOption(quantity, pattern="1303", search_pattern="START", sequential=True)


async def test_sequential_orders_take_the_first_consecutive_run(client, fake):
    numbers = ("+13035550100", "+13035550102", "+13035550103")
    fake.available.update({n: FakeNumber(n, "US", "LOCAL") for n in numbers})
    with pytest.raises(BadRequestError) as caught:
        await client.orders.create("US", "LOCAL", sequential(3))
    assert caught.value.field_violations[0].field == "quantityOrderOption.requestedQuantity"
    order = await client.orders.create("US", "LOCAL", sequential(2))
    assert order.phone_numbers == numbers[1:]
