"""Hypothesis strategies and checks the fuzz tests share: odd inputs for builders and
validators, broken bodies for parsers, and a deep check that a model matches its types."""

import copy
import json
import math
import re
import types
import typing
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from sendblue_async import APIStatusError, ResponseDecodeError
from sendblue_async._parse import parse_response
from transports import RequestSpec, Response


def fuzz(max_examples: int) -> settings:
    """Repeatable runs: derandomized, no example database, no deadline."""
    return settings(max_examples=max_examples, derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])



AREA_CODE = re.compile(r"[2-9][0-9]{2}\Z")
ZIP = re.compile(r"[0-9]{5}\Z")
E164 = re.compile(r"\+[1-9][0-9]{6,14}\Z")

# Lone surrogates, lookalike digits (Arabic-Indic, full-width), spaces and control characters.
odd_chars = st.one_of(
    st.characters(categories=["Cs"]),
    st.characters(categories=["Nd", "Zs", "Cc", "Cf"]),
    st.characters(),
)


def odd_text(min_size: int = 0, max_size: int | None = None) -> st.SearchStrategy[str]:
    # Not st.text(odd_chars): text() quietly drops the surrogates of a union of alphabets.
    return st.lists(odd_chars, min_size=min_size, max_size=max_size).map("".join)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([0, -1, 2**63 - 1, 2**63]),
    st.sampled_from([5000, -5000]).map(lambda e: 10 ** abs(e) * (1 if e > 0 else -1)),
    st.floats(),
    st.binary(max_size=8),
    odd_text(),
    st.builds(lambda c, n: c * n, st.sampled_from(["4", "a", " ", "\u200b", "é"]),
              st.integers(0, 3000)),
    st.from_regex(r"\+?[0-9]{1,16}", fullmatch=True),
    st.emails(),
)
anything = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=4,
)


def mostly(*valid: Any) -> st.SearchStrategy[Any]:
    """A valid value, a valid string with odd characters added, or anything at all. Valid
    values come first so the fuzzer gets past the earlier arguments to the later ones."""
    texts = [x for x in valid if isinstance(x, str)]
    twisted = st.builds(
        lambda text, extra, front: extra + text if front else text + extra,
        st.sampled_from(texts), odd_text(1, 3), st.booleans(),
    ) if texts else st.nothing()
    return st.one_of(st.sampled_from(valid), st.sampled_from(valid), twisted, anything)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)
statuses = st.sampled_from([200, 201, 204, 400, 401, 402, 403, 404, 409, 410, 422, 429, 500,
                            503]) | st.integers(100, 599)
retry_after = st.none() | st.sampled_from(["1", "0", "-1", "nan", "inf", "1e400", "soon"])


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place inside a JSON value, as a key path."""
    found = [prefix]
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return found
    for key, item in items:
        found += paths(item, (*prefix, key))
    return found


def replace(value: Any, path: tuple[Any, ...], new: Any, *, delete: bool) -> Any:
    if not path:
        return new
    copied = copy.deepcopy(value)
    parent = copied
    for key in path[:-1]:
        parent = parent[key]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = new
    return copied


@st.composite
def bodies(draw: st.DrawFn, good: dict[str, Any]) -> bytes:
    kind = draw(st.sampled_from(["mutated", "truncated", "json", "html", "bytes", "nested"]))
    if kind == "mutated":
        path = draw(st.sampled_from(paths(good)))
        delete = bool(path) and draw(st.booleans())
        mutated = replace(good, path, draw(json_values), delete=delete)
        return json.dumps(mutated).encode()
    if kind == "truncated":
        raw = json.dumps(good).encode()
        return raw[: draw(st.integers(0, len(raw) - 1))]
    if kind == "json":
        return json.dumps(draw(json_values)).encode()
    if kind == "html":
        return b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"
    if kind == "nested":
        return draw(st.sampled_from([b"[", b'{"a":'])) * draw(st.integers(1, 100_000))
    return draw(st.binary(max_size=64))


def assert_typed(value: Any, hint: Any) -> None:
    """``value`` matches the type hint all the way down (attrs classes included); numbers are
    finite, timestamps aware; ``None`` as a hint is a reply with no body."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any:
        return
    if hint is None:
        assert value is None
    elif origin in (typing.Union, types.UnionType):
        assert any(_matches(value, arm) for arm in args), (value, hint)
    elif origin is tuple:
        assert type(value) is tuple
        for item in value:
            assert_typed(item, args[0])
    elif origin in (dict, Mapping):
        assert isinstance(value, Mapping)
        for key, item in value.items():
            assert_typed(key, args[0])
            assert_typed(item, args[1])
    elif attrs.has(hint):
        assert type(value) is hint
        for name, field_hint in typing.get_type_hints(hint).items():
            assert_typed(getattr(value, name), field_hint)
    else:
        assert type(value) is hint, (value, hint)
        if hint is datetime:
            assert value.tzinfo is not None and isinstance(value.timestamp(), float)
        if hint is float:
            assert math.isfinite(value), value
        if hint is Decimal:
            assert value.is_finite(), value


def _matches(value: Any, hint: Any) -> bool:
    try:
        assert_typed(value, hint)
    except AssertionError:
        return False
    return True


def response(status: int, body: bytes, retry_after_header: str | None) -> Response:
    return Response(status, {} if retry_after_header is None else
                    {"retry-after": retry_after_header}, body)


def assert_sendblue_reply(spec: RequestSpec[Any], reply: Response) -> None:
    """Sendblue's parse of any reply: a typed model (2xx), an ``APIStatusError`` keeping the
    status, or a ``ResponseDecodeError`` (2xx) keeping the body; nothing else."""
    try:
        model = parse_response(spec, reply)
    except APIStatusError as exc:
        assert exc.status == reply.status and exc.message
        assert getattr(exc, "retry_after", None) in (None, 0.0, 1.0)
    except ResponseDecodeError as exc:
        assert 200 <= reply.status < 300 and exc.status == reply.status
        assert exc.body is not None or not reply.body or reply.body == b"null"
    else:
        assert 200 <= reply.status < 300
        assert_typed(model, spec.response_type)
