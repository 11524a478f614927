"""RequestSpec and body encoding: pure values, compared by equality."""

import inspect
from collections.abc import AsyncIterator
from pathlib import Path

import attrs
import pytest

from transports import (
    Creation,
    EncodedBody,
    MultipartField,
    RequestSpec,
    encode_body,
    path_segment,
    read_body,
)

BOUNDARY = "test-boundary"


def test_specs_compare_by_value_whatever_form_the_inputs_took():
    a = RequestSpec("GET", "/items", query={"page": 2}, headers={"X-Trace": "t"})
    b = RequestSpec("GET", "/items", query=[("page", "2")], headers=(("x-trace", "t"),))
    assert a == b
    assert a != RequestSpec("GET", "/items", query={"page": 3}, headers={"X-Trace": "t"})


def test_query_drops_none_renders_bools_and_keeps_repeated_keys_in_order():
    spec = RequestSpec(
        "GET",
        "/search",
        query=[("tag", "a"), ("skip", None), ("tag", "b"), ("on", True), ("off", False)],
    )
    assert spec.query == (("tag", "a"), ("tag", "b"), ("on", "true"), ("off", "false"))


def test_url_joins_base_path_and_encoded_query():
    spec = RequestSpec("GET", "/v1/x", query=[("q", "a b"), ("n", "+1"), ("q", "&")])
    bound = spec.bind("https://api.example.test/")
    assert bound.url == "https://api.example.test/v1/x?q=a+b&n=%2B1&q=%26"
    assert RequestSpec("GET", "/v1/x").bind("https://h.test").url == "https://h.test/v1/x"


@pytest.mark.parametrize(
    ("raw", "encoded"),
    [("+15551234567", "%2B15551234567"), ("a/b", "a%2Fb"), ("a b", "a%20b"), (42, "42")],
)
def test_path_segment_escapes_everything_reserved(raw, encoded):
    assert path_segment(raw) == encoded


def test_bind_sets_base_url_and_overrides_headers_case_insensitively():
    spec = RequestSpec("GET", "/me", headers={"Accept": "text/plain", "X-Keep": "1"})
    bound = spec.bind("https://h.test", {"ACCEPT": "application/json", "X-Key": "k"})
    assert bound.base_url == "https://h.test"
    assert bound.headers == (("x-keep", "1"), ("accept", "application/json"), ("x-key", "k"))
    assert bound.header("X-KEY") == "k"
    assert spec.base_url == "" and spec.header("x-key") is None  # the original is untouched


def test_repr_shows_header_names_and_body_shape_never_values():
    spec = RequestSpec("POST", "/login", json={"password": "hunter2"}).bind(
        "https://h.test", {"Authorization": "Bearer s3cret"}
    )
    form = RequestSpec("POST", "/form", form={"card": "4242424242424242"})
    text = repr(spec) + repr(form)
    assert "authorization" in text and "password" in text and "card" in text
    for secret in ("s3cret", "hunter2", "4242"):
        assert secret not in text


def test_empty_inputs_normalise_like_any_other():
    spec = RequestSpec("POST", "/x", query={}, headers={}, form={})
    assert (spec.query, spec.headers, spec.form) == ((), (), ())
    assert spec == RequestSpec("POST", "/x", query=None, form=[])
    assert RequestSpec("GET", "/x").form is None


def test_a_spec_built_by_keyword_or_evolved_is_normalised_the_same_way():
    spec = RequestSpec(method="GET", path="/x", query={"n": 1}, headers={"X-A": "b"})
    assert attrs.evolve(spec, query={"n": 2}).query == (("n", "2"),)
    assert attrs.evolve(spec, path="/y").headers == (("x-a", "b"),)


# A value for every field, none of them its default (one body at a time: they exclude
# each other), as the written-out __init__ must store it.
EVERY_FIELD = {
    "method": "PATCH", "path": "/x", "response_type": int, "query": (("q", "1"),),
    "headers": (("x-a", "b"),), "json": {"k": "v"}, "form": None, "multipart": None,
    "idempotent": True, "retryable": False, "base_url": "https://h.test", "timeout": 90.0,
    "creates": Creation("things.create", "list the things"),
}
BODIES = ("json", "form", "multipart")
OTHER_BODIES = [
    {"json": None, "form": (("f", "1"),)},
    {"json": None, "multipart": (MultipartField("file", b"x"),)},
]


@pytest.mark.parametrize("bodies", [{}, *OTHER_BODIES])
def test_the_written_out_init_sets_every_field(bodies):
    given = EVERY_FIELD | bodies
    spec = RequestSpec(**given)
    names = [field.name for field in attrs.fields(RequestSpec)]
    assert list(inspect.signature(RequestSpec.__init__).parameters)[1:] == names
    assert vars(spec) == given  # every field set, and nothing else
    body = next(name for name in BODIES if given[name] is not None)
    defaults = {field.name: field.default for field in attrs.fields(RequestSpec)}
    assert all(given[name] != defaults[name] for name in names if name not in BODIES or
               name == body)  # so a field left at its default would show


def test_the_written_out_init_gives_every_field_its_default():
    spec = RequestSpec("GET", "/x")
    required = {"method": "GET", "path": "/x"}
    defaults = {field.name: field.default for field in attrs.fields(RequestSpec)
                if field.default is not attrs.NOTHING}
    assert set(required) | set(defaults) == {field.name for field in attrs.fields(RequestSpec)}
    assert vars(spec) == required | defaults


def test_a_spec_has_at_most_one_body():
    with pytest.raises(ValueError, match="at most one"):
        RequestSpec("POST", "/x", json={}, form={"a": "b"})


@pytest.mark.parametrize(
    ("method", "override", "expected"),
    [
        ("GET", None, True),
        ("delete", None, True),
        ("POST", None, False),
        ("PATCH", None, False),
        ("POST", True, True),
        ("PUT", False, False),
    ],
)
def test_idempotency_follows_the_method_unless_overridden(method, override, expected):
    assert RequestSpec(method, "/x", idempotent=override).is_idempotent is expected


async def test_json_body_is_compact_utf8():
    body = encode_body(RequestSpec("POST", "/x", json={"name": "Zoë", "n": [1, 2]}))
    assert body == EncodedBody("application/json", '{"name":"Zoë","n":[1,2]}'.encode())


async def test_form_body_is_urlencoded_with_nones_dropped():
    spec = RequestSpec("POST", "/x", form=[("to", "+1 555"), ("cc", None), ("to", "a&b")])
    body = encode_body(spec)
    assert body == EncodedBody("application/x-www-form-urlencoded", b"to=%2B1+555&to=a%26b")


async def test_no_body_is_empty_without_content_type():
    body = encode_body(RequestSpec("GET", "/x"))
    assert body.content_type is None
    assert await read_body(body) == b""


async def test_multipart_streams_text_bytes_a_file_and_an_async_iterable(tmp_path: Path):
    photo = tmp_path / "photo.jpg"
    photo_bytes = bytes(range(256)) * 1024  # 256 KiB: more than one 64 KiB read
    photo.write_bytes(photo_bytes)

    async def chunks() -> AsyncIterator[bytes]:
        yield b"part one,"
        yield b" part two"

    spec = RequestSpec(
        "POST",
        "/upload",
        multipart=(
            MultipartField("caption", "hi"),
            MultipartField("raw", b"\x00\x01", content_type="application/x-raw"),
            MultipartField("photo", photo, content_type="image/jpeg"),
            MultipartField("log", chunks(), filename='a"b.txt'),
        ),
    )
    body = encode_body(spec, boundary=BOUNDARY)
    assert body.content_type == f"multipart/form-data; boundary={BOUNDARY}"
    assert not isinstance(body.data, bytes)  # streamed, not built in memory
    pieces = [piece async for piece in body.data]
    assert max(len(piece) for piece in pieces) <= 64 * 1024
    assert b"".join(pieces) == (
        b"--test-boundary\r\n"
        b'Content-Disposition: form-data; name="caption"\r\n\r\n'
        b"hi\r\n"
        b"--test-boundary\r\n"
        b'Content-Disposition: form-data; name="raw"\r\n'
        b"Content-Type: application/x-raw\r\n\r\n"
        b"\x00\x01\r\n"
        b"--test-boundary\r\n"
        b'Content-Disposition: form-data; name="photo"; filename="photo.jpg"\r\n'
        b"Content-Type: image/jpeg\r\n\r\n" + photo_bytes + b"\r\n"
        b"--test-boundary\r\n"
        b'Content-Disposition: form-data; name="log"; filename="a%22b.txt"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n"
        b"part one, part two\r\n"
        b"--test-boundary--\r\n"
    )


def test_multipart_boundary_is_random_by_default():
    spec = RequestSpec("POST", "/u", multipart=(MultipartField("a", "b"),))
    assert encode_body(spec).content_type != encode_body(spec).content_type


async def test_multipart_names_cannot_break_out_of_their_header():
    field = MultipartField('a"\r\nX-Evil: 1', b"v", filename='f\x00\x0b\x7f"\\.txt')
    spec = RequestSpec("POST", "/u", multipart=(field,))
    body = encode_body(spec, boundary="b")
    raw = b"".join([piece async for piece in body.data])
    header = raw.split(b"\r\n\r\n", 1)[0]
    assert header == (
        b"--b\r\nContent-Disposition: form-data; name=\"a%22%0D%0AX-Evil: 1\"; "
        b'filename="f%00%0B%7F%22\\\\.txt"\r\nContent-Type: application/octet-stream'
    )


def test_a_creation_names_no_identifiers_unless_told_how():
    assert Creation("things.create", "list the things").identifiers(object()) == {}
