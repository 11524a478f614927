"""The shared readers of unauthenticated input, and the path-id rule."""

import time
from types import MappingProxyType

import pytest

from transports import errors, untrusted
from transports.ids import DOT_SEGMENTS, reject_dot_segment


@pytest.mark.parametrize(
    ("body", "limit", "over"),
    [
        (b"abcd", 4, False),
        (b"abcde", 4, True),
        (bytearray(b"abcde"), 4, True),
        ("abcde", 4, True),  # more characters than the limit: over, not encoded
        ("ab", 8, False),  # four bytes a character still fit: under, not encoded
        ("éé", 4, False),  # encoded: exactly four bytes
        ("ééa", 4, True),
        ("\udcff", 3, False),  # a lone surrogate counts as its three surrogatepass bytes
        ("\udcff", 2, True),
    ],
)
def test_exceeds_counts_utf8_bytes(body, limit, over):
    assert untrusted.exceeds(body, limit) is over


def test_loads_turns_a_nesting_bomb_into_a_value_error():
    with pytest.raises(untrusted.NestedTooDeeply) as info:
        untrusted.loads("[" * 100_000)
    assert isinstance(info.value, ValueError) and info.value.__cause__ is None
    assert untrusted.loads(b'{"a": [1]}') == {"a": [1]}


def nested(levels: int) -> list:
    top = inner = []
    for _ in range(levels - 1):
        inner.append([])
        inner = inner[0]
    return top


@pytest.mark.parametrize(
    ("value", "deep"),
    [
        (None, False),
        ("[[[[", False),
        (b"x", False),
        (nested(3), False),
        (nested(4), True),
        ({"a": {"b": [1]}}, False),
        ({"a": {"b": [[1]]}}, True),
        ((("x",),), False),
        (MappingProxyType({"a": {"b": {"c": {}}}}), True),
        ({"a": object(), "b": 1.5}, False),
    ],
)
def test_too_deep_counts_objects_and_arrays(value, deep):
    assert untrusted.too_deep(value, limit=3) is deep


def test_too_deep_refuses_a_cycle():
    loop: list = []
    loop.append(loop)
    assert untrusted.too_deep(loop)


def test_too_deep_walks_shared_objects_once_a_level():
    # 60 levels, each holding the next one twice: 2**60 paths, 60 objects.
    chain: list = []
    for _ in range(60):
        chain = [chain, chain]
    started = time.perf_counter()
    assert untrusted.too_deep(chain, limit=100) is False
    assert untrusted.too_deep(chain, limit=59) is True
    assert time.perf_counter() - started < 1
    shared = nested(3)
    assert untrusted.too_deep([shared, [[shared]]], limit=5) is True  # reached deeper later


def test_too_deep_defaults_to_the_module_limit():
    assert not untrusted.too_deep(nested(untrusted.MAX_DEPTH))
    assert untrusted.too_deep(nested(untrusted.MAX_DEPTH + 1))


class CaseInsensitive(dict):
    """Like a multidict: ``get`` finds any case (``items`` keeps the sender's)."""

    def get(self, key, default=None):
        return next((v for k, v in self.items() if k.lower() == key), default)


@pytest.mark.parametrize(
    ("headers", "found"),
    [
        ({"x-sig": "a"}, "a"),
        ({"X-Sig": "a"}, "a"),
        ({b"X-SIG": b"a"}, b"a"),
        (CaseInsensitive({"X-Sig": "a"}), "a"),
        ({"x-sig": None, "X-Sig": "b"}, "b"),
        ({1: "a", ("x-sig",): "b", "other": "c"}, None),
        ({}, None),
        ([("x-sig", "a")], None),
        ("x-sig", None),
        (None, None),
    ],
)
def test_header_finds_the_name_in_any_case_in_any_mapping(headers, found):
    assert untrusted.header(headers, "x-sig") == found


@pytest.mark.parametrize(
    ("value", "raw"),
    [
        ("abc", b"abc"),
        ("\udcff", b"\xed\xb3\xbf"),
        (b"\xff", b"\xff"),
        (bytearray(b"ab"), b"ab"),
        (None, None),
        (["abc"], None),
        (5, None),
        ({"a": "b"}, None),
    ],
)
def test_header_bytes_reads_text_and_bytes_only(value, raw):
    assert untrusted.header_bytes(value) == raw


@pytest.mark.parametrize("text", sorted(DOT_SEGMENTS))
def test_dot_segments_are_rejected_with_the_given_error(text):
    class PackageError(errors.ValidationError):
        pass

    with pytest.raises(errors.ValidationError) as base:
        reject_dot_segment("handle", text)
    assert str(base.value).startswith("handle: must not be '.' or '..'")
    with pytest.raises(PackageError) as info:
        reject_dot_segment("handle", text, PackageError)
    assert info.value.field == "handle"


@pytest.mark.parametrize("text", ["...", ".a", "a.", "%2E", "./"])
def test_other_ids_pass(text):
    assert reject_dot_segment("handle", text) == text
