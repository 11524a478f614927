"""Namespace methods derived from builders: calls, introspection, listing and static types."""

import inspect
import pydoc
import re
import textwrap

import pytest
from mypy import api as mypy_api

from sendblue_async import SendblueClient, builders
from sendblue_async.contacts import Contacts
from sendblue_async.messaging import Messages
from sinch_numbers import builders as sinch_builders
from sinch_numbers._orders import NumberOrdersResource
from sinch_numbers._resources import ActiveNumbersResource
from transports import RequestSpec
from transports.endpoint import Endpoint, discard, endpoint, endpoints, project_endpoint


def get_thing(thing_id: str, *, detail: bool = False) -> RequestSpec[dict]:
    """Get one thing."""
    if not thing_id:
        raise ValueError("thing_id is empty")
    return RequestSpec("GET", f"/things/{thing_id}", dict, query={"detail": detail})


def get_project_thing(project_id: str, thing_id: str) -> RequestSpec[dict]:
    """Get one thing of a project."""
    return RequestSpec("GET", f"/projects/{project_id}/things/{thing_id}", dict)


def tag_thing(thing_id: str, /, *labels: str, **attributes: str) -> RequestSpec[dict]:
    """Tag a thing."""
    return RequestSpec("POST", f"/things/{thing_id}", dict, json=[labels, attributes])


def untyped_thing(thing_id):
    return RequestSpec("GET", f"/things/{thing_id}")


class RecordingClient:
    """A client that answers every call with the spec it was given, inside a reply."""

    project_id = "proj-1"

    def __init__(self) -> None:
        self.calls: list[RequestSpec[object]] = []

    async def call(self, spec):
        self.calls.append(spec)
        return {"spec": spec}


class Things:
    def __init__(self, client: RecordingClient) -> None:
        self._client = client

    get = endpoint(get_thing)
    get_spec = endpoint(get_thing, pick=lambda reply: reply["spec"])
    forget = endpoint(get_thing, pick=discard)
    tag = endpoint(tag_thing)
    untyped = endpoint(untyped_thing)
    get_in_project = project_endpoint(get_project_thing)
    path_in_project = project_endpoint(get_project_thing, pick=lambda reply: reply["spec"].path)

    async def hand_written(self) -> None:
        """Not derived."""


class FewerThings(Things):
    async def get(self, thing_id: str) -> dict:  # type: ignore[override]
        return {"thing_id": thing_id}


async def test_a_derived_method_builds_the_spec_and_calls_it():
    client = RecordingClient()
    things = Things(client)

    reply = await things.get("a1", detail=True)

    assert reply == {"spec": client.calls[0]}
    assert client.calls[0] == get_thing("a1", detail=True)
    assert (await things.get_spec("b2")).path == "/things/b2"
    assert await things.forget("c3") is None


async def test_every_kind_of_parameter_is_passed_on():
    client = RecordingClient()
    things = Things(client)

    await things.tag("a1", "red", "big", owner="me")

    assert client.calls == [tag_thing("a1", "red", "big", owner="me")]
    assert inspect.signature(things.tag) == inspect.signature(tag_thing).replace(
        return_annotation=dict
    )
    assert inspect.signature(things.untyped).return_annotation is inspect.Signature.empty


def test_a_wrong_argument_fails_at_the_call_like_any_method():
    things = Things(RecordingClient())
    with pytest.raises(TypeError, match="get"):
        things.get("a1", detailed=True)
    with pytest.raises(TypeError):
        things.get_in_project("proj-2", "a1")


def test_a_builder_parameter_may_not_take_a_name_the_method_needs():
    def clashing(self: str) -> RequestSpec[dict]:
        return RequestSpec("GET", "/")

    with pytest.raises(TypeError, match=r"clashing: parameter names \['self'\]"):
        class Clash:
            get = endpoint(clashing)


async def test_a_project_method_takes_the_project_id_from_the_client():
    client = RecordingClient()
    things = Things(client)

    await things.get_in_project("a1")

    assert client.calls == [get_project_thing("proj-1", "a1")]
    assert await things.path_in_project(thing_id="b2") == "/projects/proj-1/things/b2"


async def test_a_bad_argument_raises_when_awaited_as_from_any_coroutine():
    things = Things(RecordingClient())
    pending = things.get("")
    with pytest.raises(ValueError, match="thing_id"):
        await pending


def test_a_derived_method_carries_the_builders_declaration():
    send = Messages.send
    assert inspect.iscoroutinefunction(send)
    assert send.__name__ == "send"
    assert send.__qualname__ == "Messages.send"
    assert send.__module__ == "sendblue_async.messaging"
    assert send.__doc__ == builders.send_message.__doc__
    assert send.__wrapped__ is builders.send_message
    builder_parameters = list(inspect.signature(builders.send_message).parameters.values())
    signature = inspect.signature(send)
    assert list(signature.parameters.values())[1:] == builder_parameters
    assert list(signature.parameters)[:1] == ["self"]
    assert signature.return_annotation == "Message"


def test_a_bound_method_shows_the_callers_parameters(client: SendblueClient):
    signature = inspect.signature(client.messages.send)
    assert signature == inspect.signature(builders.send_message).replace(
        return_annotation="Message"
    )
    page = pydoc.render_doc(client.messages.send, renderer=pydoc.plaintext)
    assert "send(number: 'str', content: 'str | None' = None, *, from_number" in page
    assert "Send text and/or media" in page


def test_a_project_method_hides_the_project_id_and_a_picked_one_its_return_type():
    parameters = inspect.signature(ActiveNumbersResource.get).parameters
    assert list(parameters) == ["self", "phone_number"]
    assert inspect.signature(Messages.get).return_annotation is inspect.Signature.empty
    assert Things.get_in_project.__doc__ == "Get one thing of a project."


def test_endpoints_lists_the_derived_methods_with_their_declarations():
    listed = endpoints(Things)
    assert list(listed) == [
        "get", "get_spec", "forget", "tag", "untyped", "get_in_project", "path_in_project"
    ]
    assert listed["get"] == Endpoint("get", get_thing)
    assert listed["get_in_project"] == Endpoint("get_in_project", get_project_thing,
                                                binds_project=True)
    assert listed["forget"].pick is discard
    assert Things.get.endpoint is listed["get"]
    assert list(listed["get_in_project"].signature.parameters) == ["thing_id"]
    assert listed["get"].doc == "Get one thing."
    assert "get" not in endpoints(FewerThings)
    assert "get_spec" in endpoints(FewerThings)


def test_the_namespaces_list_their_endpoints():
    messages = endpoints(Messages)
    assert messages["send"].builder is builders.send_message
    assert messages["get"].pick is not None
    assert "status" not in messages and "iter" not in messages
    assert endpoints(Contacts)["delete"].pick is discard
    orders = endpoints(NumberOrdersResource)
    assert orders["submit"] == Endpoint("submit", sinch_builders.submit_number_order,
                                        binds_project=True)
    assert "list" not in endpoints(ActiveNumbersResource)


def test_a_declaration_outside_a_class_body_is_not_a_method():
    with pytest.raises(TypeError, match="class body"):
        endpoint(get_thing)("a1")


def test_mypy_sees_the_builders_parameters_and_the_result_type(tmp_path):
    snippet = tmp_path / "snippet.py"
    snippet.write_text(textwrap.dedent("""
        from sendblue_async import SendblueClient
        from sinch_numbers import SinchNumbers

        async def main(client: SendblueClient, sinch: SinchNumbers) -> None:
            reveal_type(await client.messages.send("+14155551234", "hi"))
            reveal_type(await client.contacts.get("+14155551234"))
            reveal_type(await client.contacts.delete("+14155551234"))
            reveal_type(await sinch.active.get("+14155551234"))
            await client.messages.send("+14155551234", contnet="hi")
            await sinch.active.get("my-project", "+14155551234")
    """))
    out, _, status = mypy_api.run(
        ["--strict", "--cache-dir", str(tmp_path / "cache"), str(snippet)]
    )
    # Module paths left out: where a model lives is not what this test is about.
    lines = [re.sub(r'"[\w.]*\.', '"', line.split(": ", 1)[1]) for line in out.splitlines()[:-1]]
    assert status == 1
    assert lines == [
        'note: Revealed type is "Message"',
        'note: Revealed type is "Contact"',
        'note: Revealed type is "None"',
        'note: Revealed type is "ActiveNumber"',
        'error: Unexpected keyword argument "contnet"; did you mean "content"?  [call-arg]',
        "error: Too many arguments  [call-arg]",
    ]
