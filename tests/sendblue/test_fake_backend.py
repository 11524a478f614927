"""FakeSendblue at the wire level: raw JSON through FakeTransport, time on a FakeClock."""

from typing import Any

import anyio
import pytest

from sendblue_async.fake import FakeSendblue, iso_timestamp
from transports import FakeClock, FakeTransport, RequestSpec, ServerRequest

KEY, SECRET = "sb-test-key", "sb-test-secret"
PREVIEW, CONFIRM = "/accounts/lines/provision-preview", "/accounts/lines/provision-confirm"
ADD_LINE, TICKET = "/accounts/lines/add-line", "/accounts/lines/line-request/{}"
CHILD, CODES = "/accounts/lines/request-child-account", "/accounts/lines/available-area-codes"
DAY = 24 * 3600


class Wire:
    """Send raw requests to a fake as one account; answer ``(status, json)``."""

    def __init__(self, target: FakeSendblue | FakeTransport, key: str | None = KEY,
                 secret: str | None = SECRET) -> None:
        self.transport = target if isinstance(target, FakeTransport) else FakeTransport(target)
        self.key, self.secret = key, secret

    def as_(self, key: str | None, secret: str | None) -> "Wire":
        return Wire(self.transport, key, secret)

    async def __call__(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        headers = {"sb-api-key-id": self.key, "sb-api-secret-key": self.secret}
        headers = {k: v for k, v in headers.items() if v is not None}
        response = await self.transport.send(RequestSpec(method, path, headers=headers, json=body))
        return response.status, response.json()

    async def preview(self) -> str:
        status, body = await self("POST", PREVIEW)
        assert status == 200, body
        return str(body["preview_token"])

    async def confirm(self, token: str) -> tuple[int, Any]:
        return await self("POST", CONFIRM, {"preview_token": token})

    async def buy(self) -> tuple[int, Any]:
        return await self.confirm(await self.preview())

    async def child(self, name: str, **extra: Any) -> tuple[int, Any]:
        body = {"company_name": name, "primary_email": f"{name}@example.com", **extra}
        return await self("POST", CHILD, body)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def fake(clock: FakeClock) -> FakeSendblue:
    return FakeSendblue(clock=clock)


@pytest.fixture
def wire(fake: FakeSendblue) -> Wire:
    return Wire(fake)


def error(status: int, code: str | None = None) -> tuple[int, dict[str, Any]]:
    """What to compare ``(status, body-without-message)`` with."""
    return status, {"status": "ERROR", **({"error": code} if code else {})}


def sans_message(result: tuple[int, Any]) -> tuple[int, Any]:
    status, body = result
    assert isinstance(body["message"], str) and body["message"]
    return status, {k: v for k, v in body.items() if k != "message"}


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


# --- child accounts and area codes ---------------------------------------------------------


async def test_child_account_with_a_line_in_the_requested_code(wire, fake):
    status, body = await wire.child("acme", provision_line=True, desired_area_code="415",
                                    user="Jane", email="jane@example.com")
    data = body["data"]
    assert status == 200 and body["status"] == "OK"
    assert set(data) == {"company_name", "api_key", "api_secret", "assigned_number"}
    assert data["company_name"] == "agency@example.com-acme"
    assert data["assigned_number"] == "+14155550101"
    child = fake.child_accounts["agency@example.com-acme"]
    assert (child.api_key, child.api_secret, child.agency) == (data["api_key"],
                                                               data["api_secret"], False)
    assert [line.phone_number for line in child.lines] == ["+14155550101"]
    _, other = await wire.child("other", provision_line=True)
    assert {other["data"]["api_key"], other["data"]["api_secret"]}.isdisjoint(data.values())


async def test_child_account_gets_a_temporary_line_and_a_ticket(wire, fake):
    status, body = await wire.child("temp", provision_line=True, desired_area_code="999")
    data = body["data"]
    assert status == 200 and body["status"] == "OK"
    assert data["assigned_number"] == "+12125550101"
    assert data["line_request_status"] == "OPEN" and "999" in data["message"]
    _, ticket = await wire("GET", TICKET.format(data["line_request_ticket_id"]))
    assert ticket["data"]["status"] == "OPEN" and ticket["data"]["desiredAreaCode"] == "999"
    fake.fulfil_line_request(data["line_request_ticket_id"], "+19995550100")
    child = fake.child_accounts["agency@example.com-temp"]
    assert [line.phone_number for line in child.lines] == ["+12125550101", "+19995550100"]


async def test_partial_when_line_assignment_fails(wire, fake):
    fake.fail_next_line_assignment()
    pool = list(fake.available_numbers)
    status, body = await wire.child("p", provision_line=True)
    assert status == 200 and body["status"] == "PARTIAL"
    assert body["data"]["line_assignment_failed"] is True and body["data"]["message"]
    assert body["data"]["api_key"] and body["data"]["api_secret"]
    assert fake.available_numbers == pool
    assert (await wire.child("q", provision_line=True))[1]["status"] == "OK"
    fake.available_numbers.clear()
    assert (await wire.child("r", provision_line=True))[1]["status"] == "PARTIAL"


async def test_child_account_without_a_line(wire, fake):
    status, body = await wire.child("n", provision_line=False, desired_area_code="415")
    assert status == 200 and body["data"]["assigned_number"] is None
    assert len(fake.available_numbers) == 21


async def test_child_credentials_authenticate(wire, fake):
    _, body = await wire.child("c", provision_line=False)
    child = wire.as_(body["data"]["api_key"], body["data"]["api_secret"])
    status, limits = await child("GET", "/accounts/limits")
    assert status == 200 and limits["limits"]["daily"]["used"] == 0
    assert sans_message(await child.child("grandchild", provision_line=False)) == error(403)
    assert (await wire.as_(body["data"]["api_key"], SECRET)("GET", CODES))[0] == 401


async def test_duplicate_child_name_conflicts(wire, fake):
    assert (await wire.child("dup", provision_line=False))[0] == 200
    assert await wire.child("dup", provision_line=True) == (409, {
        "status": "ERROR", "message": "A child account with this name already exists"})
    assert len(fake.child_accounts) == 1 and fake.calls[f"POST {CHILD}"] == 2


@pytest.mark.parametrize("body", [
    {"primary_email": "a@b.co", "provision_line": True},
    {"company_name": "x", "provision_line": True},
    {"company_name": "", "primary_email": "a@b.co", "provision_line": True},
    {"company_name": "x", "primary_email": "a@b.co"},
    {"company_name": "x", "primary_email": "a@b.co", "provision_line": "true"},
    {"company_name": "x", "primary_email": "a@b.co", "provision_line": 1},
    {"company_name": "x", "primary_email": "a@b.co", "provision_line": True,
     "desired_area_code": "41"},
    {"company_name": "x", "primary_email": "a@b.co", "provision_line": True,
     "desired_area_code": "94107"},
    {"company_name": "x", "primary_email": "a@b.co", "provision_line": False, "user": 7},
])
async def test_child_account_bad_input(wire, fake, body):
    assert sans_message(await wire("POST", CHILD, body)) == error(400)
    assert fake.child_accounts == {}


async def test_agency_permission_required(wire, fake):
    fake.account.agency = False
    assert sans_message(await wire.child("x", provision_line=False)) == error(403)


async def test_available_area_codes_follow_the_pool(wire, fake):
    codes = ["212", "310", "415", "512", "617", "720", "818"]
    assert await wire("GET", CODES) == (200, {"status": "OK", "data": {"area_codes": codes}})
    fake.available_numbers[:] = [n for n in fake.available_numbers if not n.startswith("+1212")]
    assert (await wire("GET", CODES))[1]["data"]["area_codes"] == codes[1:]


# --- construction --------------------------------------------------------------------------


async def test_constructor_options(clock):
    fake = FakeSendblue(clock=clock, api_key="k", api_secret="s3cr3t", email="e@x.co", plan="blue",
                        card_on_file=False, agency=False, available_numbers=["+13125550000"],
                        daily_limit=5, monthly_limit=6)
    account = fake.account
    assert (account.email, account.plan, account.card_on_file, account.agency) == (
        "e@x.co", "blue", False, False)
    assert fake.available_numbers == ["+13125550000"] and fake.accounts == {"k": account}
    _, limits = await Wire(fake, "k", "s3cr3t")("GET", "/accounts/limits")
    assert limits["limits"]["daily"]["limit"] == 5 and limits["limits"]["monthly"]["limit"] == 6
    with pytest.raises(ValueError):
        fake.add_account("k", "t", email="dup@x.co")
    assert "s3cr3t" not in repr(account)


def test_defaults_and_timestamps():
    fake = FakeSendblue()
    assert len(fake.available_numbers) == 21 and "+14155550101" in fake.available_numbers
    assert fake.account.agency and fake.account.limits.daily == 3
    assert iso_timestamp(1779114600.0) == "2026-05-18T14:30:00.000Z"
    assert iso_timestamp(1779114600.1239) == "2026-05-18T14:30:00.123Z"
