"""The Number Order API through the client against the stateful fake: the purchase flow,
expiry on the shared clock, registration and attachment rules, and what is (not) resent."""

from collections.abc import AsyncIterator

import pytest

from sinch_numbers import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ContentTooLargeError,
    NotFoundError,
    NumberOrderOption,
    NumberOrderState,
    QuantityOrderOption,
    RtcVoice,
    ServerError,
    SmsSettings,
)
from sinch_numbers.fake._multipart import boundary_of, parse_form_data
from transports import ServerRequest

GB = "+447700900100"
CREATE = "POST /numberOrders:createNumberOrder"
SUBMIT = "POST /numberOrders/{number_order_id}/submit"
UPLOAD = "POST /numberOrders/{number_order_id}/attachments/{attachment_id}"
PROOF = "gb-proof-of-address"
DETAILS = {"businessName": "Acme Ltd", "contactEmail": "kyc@acme.test"}


async def gb_order(client):
    return await client.orders.create(
        "GB", "MOBILE", NumberOrderOption(GB), sms=SmsSettings("plan-gb")
    )


async def stream(*chunks: bytes) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


async def test_kyc_purchase_flow_end_to_end(client, fake, clock):
    needs = await client.orders.requirements("GB", "MOBILE")
    assert needs.fields["required"] == ["businessName", "contactEmail"]
    assert [a.id for a in needs.mandatory_attachments] == [PROOF]
    assert needs.attachments[0].allowed_document_types == ("UTILITY_BILL", "BANK_STATEMENT")
    order = await gb_order(client)
    assert order.state == NumberOrderState.CREATED and order.phone_numbers == (GB,)
    assert order.expire_time.timestamp() == clock.now() + 1800
    assert str(order.order_numbers[0].number_price.monthly_price.amount) == "1.20"
    assert GB not in fake.available
    registration = await client.orders.update_registration(order.id_number_order, DETAILS)
    assert registration.request_details == DETAILS
    assert "Acme" not in repr(registration)  # KYC details are personal data
    await client.orders.upload_attachment(
        order.id_number_order,
        PROOF,
        b"%PDF-1.4 bill",
        filename="bill.pdf",
        document_type="UTILITY_BILL",
    )
    stored = fake.orders[order.id_number_order].attachments[PROOF]
    assert (stored.data, stored.mime_type) == (b"%PDF-1.4 bill", "application/pdf")
    seen = await client.orders.get_registration(order.id_number_order)
    assert [(a.attachment_id, a.document_type, a.upload_status) for a in seen.attachments] == [
        (PROOF, "UTILITY_BILL", "COMPLETED")
    ]
    assert [log.message for log in seen.logs][-1] == f"Attachment {PROOF} received"
    done = await client.orders.submit(order.id_number_order)
    assert done.state == NumberOrderState.COMPLETED and done.expire_time is None
    active = await client.active.get(GB)
    assert active.sms_configuration.service_plan_id == "plan-gb"
    assert (await client.orders.get(order.id_number_order)).state == "COMPLETED"


async def test_quantity_order_without_requirements(client, fake):
    with pytest.raises(NotFoundError):  # the live API's answer when nothing is required
        await client.orders.requirements("US", "LOCAL")
    option = QuantityOrderOption(1, pattern="0104", search_pattern="END", capabilities=("VOICE",))
    single = await client.orders.create("US", "LOCAL", option)
    assert single.phone_numbers == ("+12025550104",)
    order = await client.orders.create(
        "US", "LOCAL", QuantityOrderOption(3, sequential=True), voice=RtcVoice("app-1")
    )
    assert order.phone_numbers == ("+12025550100", "+12025550101", "+12025550102")
    assert order.order_numbers[0].capabilities == ("SMS", "VOICE")
    await client.orders.submit(order.id_number_order)
    assert set(order.phone_numbers) <= set(fake.active)
    assert (await client.active.get("+12025550101")).voice_configuration.app_id == "app-1"


async def test_an_unsubmitted_order_expires_and_frees_its_numbers(client, fake, clock):
    order = await gb_order(client)
    clock.advance(1799)
    assert (await client.orders.get(order.id_number_order)).state == "CREATED"
    clock.advance(1)
    expired = await client.orders.get(order.id_number_order)
    assert expired.state == NumberOrderState.EXPIRED
    assert [n.phone_number for n in await client.available.search("GB", "MOBILE")] == [GB]
    with pytest.raises(BadRequestError) as info:
        await client.orders.submit(order.id_number_order)
    assert info.value.field_violations[0].description == "the order is EXPIRED, not CREATED"


async def test_registration_names_every_missing_or_invalid_field(client):
    order = await gb_order(client)
    with pytest.raises(BadRequestError) as info:
        await client.orders.update_registration(
            order.id_number_order, {"businessName": " ", "vatNumber": "x" * 21, "shoeSize": "9"}
        )
    assert sorted(v.field for v in info.value.field_violations) == [
        "requestDetails.businessName",
        "requestDetails.contactEmail",
        "requestDetails.shoeSize",
        "requestDetails.vatNumber",
    ]
    assert (await client.orders.get_registration(order.id_number_order)).request_details == {}


async def test_submit_lists_what_is_still_missing(client, fake):
    order = await gb_order(client)
    with pytest.raises(BadRequestError) as info:
        await client.orders.submit(order.id_number_order)
    assert [v.field for v in info.value.field_violations] == [
        "requestDetails",
        f"attachments.{PROOF}",
    ]
    assert GB not in fake.active


async def test_create_errors(client, fake):
    with pytest.raises(NotFoundError):
        await client.orders.create("US", "LOCAL", NumberOrderOption("+19999999999"))
    with pytest.raises(BadRequestError, match="Invalid argument") as info:
        await client.orders.create("US", "LOCAL", NumberOrderOption(GB))
    assert info.value.field_violations[0].field == "numberOrderOption.phoneNumbers"
    with pytest.raises(BadRequestError) as info:
        await client.orders.create("SE", "MOBILE", QuantityOrderOption(1), voice=RtcVoice("a"))
    assert info.value.field_violations[0].description == "the number has no VOICE capability"
    with pytest.raises(BadRequestError):
        await client.orders.create("US", "LOCAL", QuantityOrderOption(9))
    assert fake.orders == {} and len(fake.available) == 11


async def test_unknown_order_and_finished_order(client):
    with pytest.raises(NotFoundError) as info:
        await client.orders.get("order-9999")
    assert info.value.resource_type == "NumberOrder"
    order = await client.orders.create("US", "LOCAL", QuantityOrderOption(1))
    await client.orders.submit(order.id_number_order)
    with pytest.raises(BadRequestError):
        await client.orders.update_registration(order.id_number_order, {})
    with pytest.raises(BadRequestError):
        await client.orders.submit(order.id_number_order)


async def test_upload_limits_and_checks(client, fake, tmp_path):
    order = (await gb_order(client)).id_number_order
    fake.max_attachment_bytes = 8
    with pytest.raises(ContentTooLargeError) as info:
        await client.orders.upload_attachment(order, PROOF, b"123456789", filename="a.pdf")
    assert info.value.status == 413 and info.value.error_status == "CONTENT_TOO_LARGE"
    assert info.value.details[0]["resourceName"] == PROOF
    with pytest.raises(BadRequestError, match="Invalid argument") as info:
        await client.orders.upload_attachment(order, PROOF, b"GIF89a", filename="a.gif")
    assert info.value.field_violations[0].field == "file"
    with pytest.raises(BadRequestError) as info:
        await client.orders.upload_attachment(
            order, PROOF, b"x", filename="a.pdf", document_type="PASSPORT"
        )
    assert info.value.field_violations[0].field == "documentType"
    with pytest.raises(NotFoundError):
        await client.orders.upload_attachment(order, "no-such-slot", b"x", filename="a.pdf")
    scan = tmp_path / "scan.png"
    scan.write_bytes(b"\x89PNG")
    await client.orders.upload_attachment(order, PROOF, scan)
    await client.orders.upload_attachment(order, PROOF, stream(b"%PDF", b"-1"), filename="b.pdf")
    assert fake.orders[order].attachments[PROOF].data == b"%PDF-1"  # the second upload replaced


async def test_create_is_never_resent_after_the_server_handled_it(client, fake, transport):
    await client.regions.list()
    transport.fail_next(connection_error=True, after_server=True)
    with pytest.raises(APIConnectionError):
        await gb_order(client)
    assert fake.calls[CREATE] == 1 and len(fake.orders) == 1 and GB not in fake.available
    transport.fail_next(503, after_server=True)
    with pytest.raises(ServerError):
        await client.orders.create("US", "LOCAL", QuantityOrderOption(1))
    assert fake.calls[CREATE] == 2 and len(fake.orders) == 2


async def test_submit_is_never_resent_after_the_server_handled_it(client, fake, transport):
    order = await client.orders.create("US", "LOCAL", QuantityOrderOption(1))
    transport.fail_next(timeout=True, after_server=True)
    with pytest.raises(APITimeoutError):
        await client.orders.submit(order.id_number_order)
    assert fake.calls[SUBMIT] == 1
    assert (await client.orders.get(order.id_number_order)).state == "COMPLETED"


async def test_create_429_is_retried_because_nothing_was_processed(client, fake, transport, clock):
    await client.regions.list()
    transport.fail_next(429, headers={"retry-after": "1"})
    order = await gb_order(client)
    assert fake.calls[CREATE] == 1 and clock.sleeps == [1.0] and len(fake.orders) == 1
    assert order.phone_numbers == (GB,)


async def test_upload_of_bytes_is_resent_but_a_stream_is_not(client, fake, transport):
    order = (await gb_order(client)).id_number_order
    transport.fail_next(503, after_server=True)
    await client.orders.upload_attachment(order, PROOF, b"%PDF", filename="a.pdf")
    assert fake.calls[UPLOAD] == 2 and fake.orders[order].attachments[PROOF].data == b"%PDF"
    transport.fail_next(503)
    with pytest.raises(ServerError):
        await client.orders.upload_attachment(order, PROOF, stream(b"%PDF-2"), filename="b.pdf")
    assert fake.calls[UPLOAD] == 2


async def test_an_expired_token_does_not_resend_a_consumed_stream(client, fake):
    order = (await gb_order(client)).id_number_order
    fake.expire_tokens()
    with pytest.raises(AuthenticationError):
        await client.orders.upload_attachment(order, PROOF, stream(b"%PDF"), filename="a.pdf")
    assert fake.calls[UPLOAD] == 1 and fake.orders[order].attachments == {}
    await client.orders.upload_attachment(order, PROOF, stream(b"%PDF"), filename="a.pdf")
    assert fake.orders[order].attachments[PROOF].data == b"%PDF"


async def test_fake_rejects_a_body_that_is_not_multipart(fake, client):
    order = (await gb_order(client)).id_number_order
    token = next(iter(fake.tokens))
    request = ServerRequest(
        "POST",
        f"/v1/projects/test-project/numberOrders/{order}/attachments/{PROOF}",
        headers={"authorization": f"Bearer {token}", "content-type": "text/plain"},
        body=b"not a form",
    )
    response = await fake(request)
    assert response.status == 400 and b"must be multipart/form-data" in response.body


def test_multipart_parser_is_strict():
    assert boundary_of('multipart/form-data; boundary="b1"') == "b1"
    assert boundary_of("application/json") is None
    good = b'--b1\r\nContent-Disposition: form-data; name="a\\"b"\r\n\r\nv\r\n--b1--\r\n'
    [part] = parse_form_data(good, "b1")
    assert (part.name, part.data, part.filename) == ('a"b', b"v", None)
    assert parse_form_data(good.replace(b"--b1--", b"--b1"), "b1") is None
    assert parse_form_data(b"--b1\r\nno-blank-line\r\n--b1--\r\n", "b1") is None
