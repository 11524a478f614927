"""The Number Order flow, run in process (FakeTransport) and over real HTTP (AiohttpTransport
-> sandbox on 127.0.0.1, multipart streamed on the wire): both must give the same result."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from sinch_numbers import (
    NumberOrderOption,
    QuantityOrderOption,
    SinchError,
    SinchNumbers,
    SmsSettings,
)
from sinch_numbers.fake import FakeSinchNumbers
from transports import FakeClock, testing

from .test_sinch_contract import KEY_ID, KEY_SECRET, PROJECT

PROOF = "gb-proof-of-address"


async def chunks() -> AsyncIterator[bytes]:
    yield b"%PDF-1.4 "
    yield b"streamed"


async def scenario(
    client: SinchNumbers, fake: FakeSinchNumbers, clock: FakeClock, pdf: Path
) -> list[Any]:
    seen: list[Any] = []

    async def expect_error(coro: Any) -> None:
        try:
            await coro
        except SinchError as exc:
            violations = [v.field for v in getattr(exc, "field_violations", ())]
            seen.append((type(exc).__name__, getattr(exc, "status", None), violations))

    needs = await client.orders.requirements("GB", "MOBILE")
    seen.append((needs.fields["required"], [a.id for a in needs.mandatory_attachments]))
    await expect_error(client.orders.requirements("US", "LOCAL"))
    option = NumberOrderOption("+447700900100")
    order = await client.orders.create("GB", "MOBILE", option, sms=SmsSettings("plan"))
    order_id = order.id_number_order
    seen.append((order.state, order.phone_numbers, order.expire_time - order.create_time))
    await expect_error(client.orders.update_registration(order_id, {"businessName": "Acme"}))
    details = {"businessName": "Acme", "contactEmail": "kyc@acme.test"}
    seen.append((await client.orders.update_registration(order_id, details)).request_details)
    fake.max_attachment_bytes = 64
    await expect_error(
        client.orders.upload_attachment(order_id, PROOF, b"x" * 65, filename="a.pdf")
    )
    await client.orders.upload_attachment(order_id, PROOF, pdf, document_type="BANK_STATEMENT")
    seen.append(fake.orders[order_id].attachments[PROOF].data)
    await client.orders.upload_attachment(order_id, PROOF, chunks(), filename="s.pdf")
    registration = await client.orders.get_registration(order_id)
    seen.append([(a.file_name, a.mime_type, a.document_type) for a in registration.attachments])
    seen.append(fake.orders[order_id].attachments[PROOF].data)
    submitted = await client.orders.submit(order_id)
    active = await client.active.get("+447700900100")
    seen.append((submitted.state, active.sms_configuration.service_plan_id))
    await expect_error(client.orders.submit(order_id))
    batch = await client.orders.create("US", "LOCAL", QuantityOrderOption(2, sequential=True))
    seen.append(batch.phone_numbers)
    clock.advance(1800)
    seen.append((await client.orders.get(batch.id_number_order)).state)
    found = await client.available.search("US", "LOCAL", size=2)
    seen.append([n.phone_number for n in found])
    await expect_error(client.orders.submit(batch.id_number_order))
    seen.append(dict(fake.calls))
    return seen


async def run_over(transport_factory: Any, pdf: Path) -> list[Any]:
    clock = FakeClock()
    fake = FakeSinchNumbers(clock=clock, project_id=PROJECT, key_id=KEY_ID, key_secret=KEY_SECRET)
    async with (
        transport_factory(fake) as (transport, base_url),
        SinchNumbers(
            PROJECT,
            KEY_ID,
            KEY_SECRET,
            base_url=base_url,
            auth_url=base_url,
            transport=transport,
            clock=clock,
        ) as client,
    ):
        return await scenario(client, fake, clock, pdf)


async def test_order_flow_same_in_process_and_over_http(tmp_path: Path):
    pdf = tmp_path / "statement.pdf"
    pdf.write_bytes(b"%PDF-1.4 from disk")
    in_process = await run_over(testing.in_process, pdf)
    over_http = await run_over(testing.over_http, pdf)
    assert in_process == over_http
    assert in_process[0] == (["businessName", "contactEmail"], [PROOF])
    assert in_process[1] == ("NotFoundError", 404, [])
    assert in_process[2][0] == "CREATED" and in_process[2][2].total_seconds() == 1800
    assert in_process[3] == ("BadRequestError", 400, ["requestDetails.contactEmail"])
    assert in_process[5] == ("ContentTooLargeError", 413, [])
    assert in_process[6] == b"%PDF-1.4 from disk"
    assert in_process[7] == [("s.pdf", "application/pdf", None)]
    assert in_process[8] == b"%PDF-1.4 streamed"
    assert in_process[9] == ("COMPLETED", "plan")
    assert in_process[11] == ("+12025550100", "+12025550101")
    assert in_process[12] == "EXPIRED"
    assert in_process[13] == ["+12025550100", "+12025550101"]
    calls = in_process[-1]
    assert calls["POST /numberOrders:createNumberOrder"] == 2
    assert calls["POST /numberOrders/{number_order_id}/submit"] == 3
