"""FakeSendblue at the wire level: auth, routing, line tickets, preview and confirm."""


import anyio
import pytest

from sendblue_async.fake import FakeSendblue, iso_timestamp
from transports import ServerRequest

from .conftest import (
    ADD_LINE,
    CHILD,
    CODES,
    CONFIRM,
    DAY,
    KEY,
    PREVIEW,
    SECRET,
    TICKET,
    Wire,
    error,
    sans_message,
)

# --- auth, routing, bodies ---------------------------------------------------------------


@pytest.mark.parametrize(("key", "secret"), [(None, None), (KEY, None), (None, SECRET)])
async def test_missing_credentials_are_a_403(wire, fake, key, secret):
    assert await wire.as_(key, secret)("GET", "/accounts/limits") == (
        403, {"message": "Did not get inputs for authorization"})
    assert fake.calls["GET /accounts/limits"] == 1  # counted: the route matched


@pytest.mark.parametrize(("key", "secret"), [("nobody", SECRET), (KEY, "wrong"), (KEY, "é")])
async def test_bad_credentials_are_a_401(wire, key, secret):
    for method, path in [("GET", CODES), ("POST", PREVIEW), ("GET", TICKET.format(1))]:
        assert await wire.as_(key, secret)(method, path) == (
            401, {"status": "ERROR", "message": "Invalid Credentials"})


async def test_unknown_route_and_method(wire, fake):
    status, body = await wire("GET", "/accounts/nothing")
    assert status == 404 and body["status"] == "ERROR"
    assert (await wire("DELETE", "/accounts/limits"))[0] == 405
    assert sum(fake.calls.values()) == 0


async def test_malformed_json_is_a_400(fake):
    headers = {"sb-api-key-id": KEY, "sb-api-secret-key": SECRET}
    response = await fake(ServerRequest("POST", CONFIRM, headers=headers, body=b'{"preview'))
    assert response.status == 400 and sans_message((400, response.json())) == error(400)


@pytest.mark.parametrize("path", [ADD_LINE, CONFIRM, CHILD])
async def test_a_body_that_is_not_an_object_is_a_400(wire, path):
    assert sans_message(await wire("POST", path, ["x"])) == error(400)


# --- line-request tickets ------------------------------------------------------------------


async def test_add_line_opens_a_ticket(wire, clock):
    created = {"type": "PHONE", "status": "OPEN", "createdAt": iso_timestamp(clock.now())}
    status, body = await wire("POST", ADD_LINE, {"line_request_type": "phone",
                                                 "desired_area_code": "415"})
    assert status == 200 and body == {"status": "OK", "data": {
        "id": body["data"]["id"], **created, "desiredAreaCode": "415"}}
    assert isinstance(body["data"]["id"], int)
    assert await wire("GET", TICKET.format(body["data"]["id"])) == (200, body)
    _, zip_ticket = await wire("POST", ADD_LINE, {"line_request_type": "phone",
                                                  "desired_area_code": "94107"})
    assert zip_ticket["data"]["desiredAreaCode"] == "94107"
    _, bare = await wire("POST", "/account/lines/add-line", {"line_request_type": "phone"})
    assert bare["data"]["desiredAreaCode"] is None
    assert (await wire("GET", f"/account/lines/line-request/{bare['data']['id']}"))[0] == 200


@pytest.mark.parametrize("body", [
    {}, {"line_request_type": "sms"}, {"line_request_type": "PHONE"},
    {"line_request_type": "phone", "desired_area_code": "41"},
    {"line_request_type": "phone", "desired_area_code": "4155"},
    {"line_request_type": "phone", "desired_area_code": 415},
    {"line_request_type": "phone", "desired_area_code": "\uff14\uff11\uff15"},
])
async def test_add_line_rejects_bad_input(wire, fake, body):
    assert sans_message(await wire("POST", ADD_LINE, body)) == error(400)
    assert fake.tickets == {}


async def test_ticket_lookup_errors(wire, fake):
    _, body = await wire("POST", ADD_LINE, {"line_request_type": "phone"})
    assert sans_message(await wire("GET", TICKET.format(99))) == error(404)
    assert sans_message(await wire("GET", TICKET.format("abc"))) == error(400)
    assert sans_message(await wire("GET", TICKET.format("-1"))) == error(400)
    fake.add_account("other", "other-secret", email="o@example.com")
    other = wire.as_("other", "other-secret")
    assert sans_message(await other("GET", TICKET.format(body["data"]["id"]))) == error(403)


async def test_manual_fulfilment_and_cancellation(wire, fake, clock):
    ids = [(await wire("POST", ADD_LINE, {"line_request_type": "phone",
                                          "desired_area_code": code}))[1]["data"]["id"]
           for code in ("617", "999", "212")]
    clock.advance(7200)
    assert fake.fulfil_line_request(ids[0]) == "+16175550101"
    assert fake.fulfil_line_request(ids[1]) == "+12125550101"  # no 999: any number
    _, body = await wire("GET", TICKET.format(ids[0]))
    assert body["data"]["status"] == "FULFILLED"
    assert body["data"]["fulfilledNumber"] == "+16175550101"
    assert body["data"]["fulfilledAt"] == iso_timestamp(clock.now())
    assert "+16175550101" not in fake.available_numbers
    assert [line.phone_number for line in fake.account.lines] == ["+16175550101", "+12125550101"]
    fake.cancel_line_request(ids[2])
    assert (await wire("GET", TICKET.format(ids[2])))[1]["data"]["status"] == "CANCELLED"
    with pytest.raises(ValueError):
        fake.fulfil_line_request(ids[2])
    with pytest.raises(KeyError):
        fake.cancel_line_request(1)


async def test_fulfil_with_a_given_number_and_an_empty_pool(wire, fake):
    ids = [(await wire("POST", ADD_LINE, {"line_request_type": "phone"}))[1]["data"]["id"]
           for _ in range(2)]
    assert fake.fulfil_line_request(ids[0], "+18185550103") == "+18185550103"
    assert "+18185550103" not in fake.available_numbers
    fake.available_numbers.clear()
    with pytest.raises(LookupError):
        fake.fulfil_line_request(ids[1])


async def test_tickets_fulfil_themselves_when_due(clock):
    wire = Wire(FakeSendblue(clock=clock, ticket_fulfil_after=3600))
    _, body = await wire("POST", ADD_LINE, {"line_request_type": "phone",
                                            "desired_area_code": "720"})
    created = clock.now()
    clock.advance(3599)
    assert (await wire("GET", TICKET.format(body["data"]["id"])))[1]["data"]["status"] == "OPEN"
    clock.advance(1)
    _, done = await wire("GET", TICKET.format(body["data"]["id"]))
    assert done["data"]["status"] == "FULFILLED"
    assert done["data"]["fulfilledNumber"].startswith("+1720")
    assert done["data"]["fulfilledAt"] == iso_timestamp(created + 3600)


async def test_a_due_ticket_waits_for_the_pool(clock):
    fake = FakeSendblue(clock=clock, ticket_fulfil_after=0, available_numbers=[])
    wire = Wire(fake)
    _, body = await wire("POST", ADD_LINE, {"line_request_type": "phone"})
    assert (await wire("GET", TICKET.format(body["data"]["id"])))[1]["data"]["status"] == "OPEN"
    fake.available_numbers.append("+15125559999")
    _, done = await wire("GET", TICKET.format(body["data"]["id"]))
    assert done["data"]["fulfilledNumber"] == "+15125559999"


# --- preview / confirm ---------------------------------------------------------------------


async def test_preview_then_confirm(wire, fake, clock):
    status, preview = await wire("POST", PREVIEW)
    assert status == 200 and preview["status"] == "OK" and "10 minutes" in preview["message"]
    assert preview["preview_token"].startswith("lpv_") and len(preview["preview_token"]) > 20
    assert preview["expires_at"] == iso_timestamp(clock.now() + 600)
    status, line = await wire.confirm(preview["preview_token"])
    assert status == 200 and set(line) == {"status", "phone_number", "worker_id",
                                           "subscription_id"}
    assert line["status"] == "OK" and line["phone_number"] == "+12125550101"
    assert line["worker_id"].startswith("worker_") and line["subscription_id"].startswith("sub_")
    assert line["phone_number"] not in fake.available_numbers
    [record] = fake.provisioned
    assert (record.phone_number, record.account, record.provisioned_at) == (
        line["phone_number"], KEY, clock.now())
    assert (record.worker_id, record.subscription_id) == (line["worker_id"],
                                                          line["subscription_id"])
    assert fake.calls == {f"POST {PREVIEW}": 1, f"POST {CONFIRM}": 1}


async def test_a_token_is_single_use(wire, fake):
    token = await wire.preview()
    assert (await wire.confirm(token))[0] == 200
    assert sans_message(await wire.confirm(token)) == error(410, "token_expired")
    assert len(fake.provisioned) == 1


@pytest.mark.parametrize(("elapsed", "status"), [(599.999, 200), (600, 410), (3600, 410)])
async def test_a_token_expires_after_ten_minutes(wire, clock, elapsed, status):
    token = await wire.preview()
    clock.advance(elapsed)
    assert (await wire.confirm(token))[0] == status


@pytest.mark.parametrize("body", [{}, {"preview_token": None}, {"preview_token": 7},
                                  {"preview_token": ""}, {"token": "lpv_x"}])
async def test_confirm_needs_a_token_string(wire, body):
    assert sans_message(await wire("POST", CONFIRM, body)) == error(400)


async def test_unknown_token_is_gone(wire):
    assert sans_message(await wire.confirm("lpv_never_issued")) == error(410, "token_expired")


async def test_token_of_another_account(wire, fake):
    fake.add_account("other", "other-secret", email="o@example.com")
    token = await wire.preview()
    assert sans_message(await wire.as_("other", "other-secret").confirm(token)) == error(403)
    assert (await wire.confirm(token))[0] == 410  # that attempt consumed it


async def test_any_failed_confirm_consumes_the_token(wire, fake):
    token = await wire.preview()
    fake.account.card_on_file = False
    assert sans_message(await wire.confirm(token)) == error(402, "no_card_on_file")
    fake.account.card_on_file = True
    assert sans_message(await wire.confirm(token)) == error(410, "token_expired")


async def test_concurrent_confirms_have_one_winner(wire, fake):
    token = await wire.preview()
    statuses: list[int] = []

    async def attempt() -> None:
        statuses.append((await wire.confirm(token))[0])

    async with anyio.create_task_group() as tg:
        for _ in range(50):
            tg.start_soon(attempt)
    assert sorted(statuses) == [200] + [410] * 49 and len(fake.provisioned) == 1


async def test_plan_then_card_then_pool(wire, fake):
    fake.account.plan, fake.account.card_on_file = "blue", False
    assert sans_message(await wire("POST", PREVIEW)) == error(403)
    fake.account.plan = "inbound_only"
    assert sans_message(await wire("POST", PREVIEW)) == error(402, "no_card_on_file")
    fake.account.card_on_file = True
    token = await wire.preview()
    fake.available_numbers.clear()
    assert sans_message(await wire("POST", PREVIEW)) == error(503, "no_lines_available")
    assert sans_message(await wire.confirm(token)) == error(503, "no_lines_available")


async def test_daily_then_monthly_limits(wire, fake, clock):
    early = [await wire.preview() for _ in range(4)]
    for token in early[:3]:
        assert (await wire.confirm(token))[0] == 200
    for result in [await wire("POST", PREVIEW), await wire.confirm(early[3])]:
        assert result == (429, {"status": "ERROR", "error": "daily_limit_reached",
                                "message": "Maximum 3 lines can be added per day via API"})
    assert (await wire("GET", "/accounts/limits"))[1] == {"status": "OK", "limits": {
        "daily": {"limit": 3, "used": 3, "remaining": 0},
        "monthly": {"limit": 10, "used": 3, "remaining": 7}}}
    for day in range(1, 4):
        clock.advance(DAY)
        for _ in range(3 if day < 3 else 1):
            assert (await wire.buy())[0] == 200
    clock.advance(DAY)
    assert await wire("POST", PREVIEW) == (429, {
        "status": "ERROR", "error": "monthly_limit_reached",
        "message": "Maximum 10 lines can be added per month via API"})
    clock.advance(26 * DAY)  # 30 days after the first three purchases
    assert (await wire.buy())[0] == 200


async def test_limits_are_per_account_and_adjustable(wire, fake):
    fake.account.limits.daily = 1
    assert (await wire.buy())[0] == 200
    assert (await wire("POST", PREVIEW))[1]["message"] == (
        "Maximum 1 lines can be added per day via API")
    fake.add_account("other", "other-secret", email="o@example.com")
    assert (await wire.as_("other", "other-secret").buy())[0] == 200


async def test_provisioning_failure_after_the_subscription(wire, fake):
    fake.fail_next_provisioning()
    token, pool = await wire.preview(), list(fake.available_numbers)
    assert sans_message(await wire.confirm(token)) == error(500, "provisioning_failed")
    assert fake.available_numbers == pool and fake.provisioned == []
    assert (await wire.confirm(token))[0] == 410
    _, limits = await wire("GET", "/accounts/limits")
    assert limits["limits"]["daily"]["used"] == 1
    assert (await wire.buy())[0] == 200
