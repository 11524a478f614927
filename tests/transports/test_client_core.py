"""The one client core: an API-agnostic client, the shared error root, credentials, the shared
parser's head readers. Both API clients are configurations of this core."""

import logging

import attrs
import pytest

import sendblue_async
import sinch_numbers
from sendblue_async import SendblueClient
from sendblue_async.fake import FakeSendblue
from sinch_numbers import SinchNumbers
from sinch_numbers.fake import FakeSinchNumbers
from transports import FakeTransport, RequestSpec, Response, Router, ServerRequest, json_response
from transports import errors as base
from transports.auth import OAuth, StaticAuth
from transports.client import APIProfile, ClientCore, credentials
from transports.convert import strict_converter
from transports.parse import Parser, ReadFromHead
from transports.tokens import Token

KINDS = ["ConfigurationError", "ValidationError", "APIConnectionError", "APITimeoutError",
         "ResponseTooLargeError", "OutcomeUnknownError", "APIStatusError", "ResponseDecodeError"]


class ToyError(base.SDKError):
    pass


class ToyStatusError(ToyError, base.APIStatusError):
    pass


class ToyTimeout(ToyError, base.APITimeoutError):
    pass


class ToyConnectionError(ToyError, base.APIConnectionError):
    pass


class ToyTooLarge(ToyConnectionError, base.ResponseTooLargeError):
    pass


class ToyOutcomeUnknown(ToyTimeout, base.OutcomeUnknownError):
    pass


class ToyDecodeError(ToyError, base.ResponseDecodeError):
    pass


@attrs.frozen
class Greeting:
    text: str


def toy_status_error(spec: RequestSpec, response: Response, body: object) -> ToyStatusError:
    return ToyStatusError("refused", status=response.status, body=body, method=spec.method,
                          path=spec.path)


TOY = APIProfile(
    parser=Parser(strict_converter(), toy_status_error, ToyDecodeError),
    timeout_error=ToyTimeout,
    connection_error=ToyConnectionError,
    too_large_error=ToyTooLarge,
    outcome_unknown_error=ToyOutcomeUnknown,
    logger=logging.getLogger("toy"),
)


def toy_server(seen: list[ServerRequest]) -> Router:
    router = Router()

    @router.route("GET", "/greeting")
    async def greeting(request: ServerRequest) -> Response:
        seen.append(request)
        return json_response(200, {"text": "hello"})

    return router


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("package", [sendblue_async, sinch_numbers])
def test_every_kind_of_error_shares_one_base_per_kind_and_one_root(package, kind):
    cls = getattr(package.errors, kind)
    assert issubclass(cls, getattr(base, kind))
    assert issubclass(cls, base.SDKError)
    root = package.SendblueError if package is sendblue_async else package.SinchError
    assert issubclass(cls, root)


def test_the_two_package_roots_are_distinct_below_the_shared_root():
    assert not issubclass(sinch_numbers.SinchError, sendblue_async.SendblueError)
    assert not issubclass(sendblue_async.SendblueError, sinch_numbers.SinchError)


async def test_one_except_catches_a_status_error_from_either_client():
    caught: list[base.APIStatusError] = []
    sendblue = SendblueClient("sb-test-key", "sb-test-secret", retry=None,
                              transport=FakeTransport(FakeSendblue()))
    sinch = SinchNumbers("p", "k", "s", auth="basic", retry=None,
                         transport=FakeTransport(FakeSinchNumbers(project_id="p", key_id="k",
                                                                  key_secret="s")))
    for attempt in (sendblue.contacts.get("+14155550000"),
                    sinch.active.get("+14155550000")):
        try:
            await attempt
        except base.APIStatusError as exc:
            caught.append(exc)
    assert [type(e) for e in caught] == [sendblue_async.NotFoundError,
                                         sinch_numbers.NotFoundError]
    assert all(e.status == 404 for e in caught)


async def test_the_core_alone_drives_any_api_through_its_profile():
    seen: list[ServerRequest] = []
    transport = FakeTransport(toy_server(seen))
    async with ClientCore(TOY, base_url="https://toy.test", auth=StaticAuth({"X-Key": "k1"}),
                          transport=transport, retry=None) as core:
        greeting = await core.call(RequestSpec("GET", "/greeting", response_type=Greeting))
        raw = await core.send(RequestSpec("GET", "/nowhere"))
        with pytest.raises(ToyStatusError):
            await core.call(RequestSpec("GET", "/nowhere", response_type=Greeting))
        transport.fail_next(timeout=True)
        with pytest.raises(ToyTimeout):
            await core.call(RequestSpec("GET", "/greeting", response_type=Greeting))
        transport.fail_next(connection_error=True)
        with pytest.raises(ToyConnectionError):
            await core.send(RequestSpec("GET", "/greeting"))
    assert greeting == Greeting("hello")
    assert raw.status == 404
    assert seen[0].headers["x-key"] == "k1"
    assert transport.closed is False  # a transport passed in belongs to the caller


def test_static_auth_repr_shows_only_what_it_is_told_to():
    auth = StaticAuth({"x-secret": "hunter2"}, shown="key_id='k'")
    assert repr(auth) == "StaticAuth(key_id='k')"
    assert auth.static_headers == (("x-secret", "hunter2"),)


@pytest.mark.parametrize("bad", ["key\r\nx-injected: 1", "key\n", "k\x00ey", "\x7f"])
def test_credentials_a_header_cannot_carry_are_refused_when_the_client_is_built(bad):
    with pytest.raises(sendblue_async.ConfigurationError) as sendblue_error:
        SendblueClient("key", bad, transport=FakeTransport(FakeSendblue()))
    with pytest.raises(sinch_numbers.ConfigurationError) as sinch_error:
        SinchNumbers("p", bad, "s", transport=FakeTransport(FakeSinchNumbers()))
    assert "api_secret" in str(sendblue_error.value) and bad not in str(sendblue_error.value)
    assert "key_id" in str(sinch_error.value) and bad not in str(sinch_error.value)


def test_credentials_name_every_setting_when_one_is_missing(monkeypatch):
    monkeypatch.delenv("TOY_A", raising=False)
    monkeypatch.setenv("TOY_B", "from-env")
    with pytest.raises(base.ConfigurationError) as missing:
        credentials("Toy", {"a": (None, "TOY_A"), "b": (None, "TOY_B")},
                    base.ConfigurationError)
    assert str(missing.value) == "Toy credentials missing: pass a and b or set TOY_A and TOY_B"
    assert credentials("Toy", {"a": ("given", "TOY_A"), "b": (None, "TOY_B")},
                       base.ConfigurationError) == ("given", "from-env")


@attrs.frozen
class Ack(ReadFromHead):
    status: str

    @classmethod
    def from_head(cls, body: bytes) -> "Ack | None":
        return Ack("read-from-head") if body.startswith(b'{"status":"OK"') else None


@attrs.frozen
class NotDeclared:
    status: str

    @classmethod
    def from_head(cls, body: bytes) -> "NotDeclared":
        raise AssertionError("only a declared ReadFromHead type is read from its head")


def test_the_parser_reads_only_declared_types_from_the_head():
    parser = Parser(strict_converter(), toy_status_error, ToyDecodeError)
    ok = Response(200, {}, b'{"status":"OK","echo":[1,2,3]}')
    assert parser.parse(RequestSpec("POST", "/x", response_type=Ack), ok) == Ack("read-from-head")
    other = Response(200, {}, b'{"status":"PARTIAL"}')
    assert parser.parse(RequestSpec("POST", "/x", response_type=Ack), other) == Ack("PARTIAL")
    assert parser.parse(RequestSpec("POST", "/x", response_type=NotDeclared), ok) == \
        NotDeclared("OK")


def test_read_from_head_has_no_default_reader():
    with pytest.raises(NotImplementedError):
        ReadFromHead.from_head(b"{}")


def test_decode_errors_keep_the_body_in_both_packages():
    parser = Parser(strict_converter(), toy_status_error, ToyDecodeError)
    body = {"text": 5, "bought": "+14155550000"}
    with pytest.raises(ToyDecodeError) as caught:
        parser.structure(RequestSpec("GET", "/g", response_type=Greeting),
                         Response(200, {}, b"..."), body)
    assert caught.value.body == body
    assert parser.structure(RequestSpec("DELETE", "/g"), Response(204), None) is None


def test_decode_reads_nothing_when_no_model_is_expected():
    parser = Parser(strict_converter(), toy_status_error, ToyDecodeError)
    assert parser.decode(RequestSpec("DELETE", "/g"), Response(200, {}, b"not json")) is None
    with pytest.raises(ToyStatusError):
        parser.decode(RequestSpec("DELETE", "/g"), Response(500, {}, b""))


def test_oauth_before_it_is_attached_has_no_token_to_drop():
    auth = OAuth("key", "secret", token_url="https://auth.test", token_spec=RequestSpec(
        "POST", "/oauth2/token"), parse=lambda spec, response: None)  # type: ignore[arg-type,return-value]
    auth.invalidate(Token("t", 0.0))
    assert auth.tokens is None and auth.static_headers is None
    assert repr(auth) == "OAuth(key_id='key', token_url='https://auth.test')"
