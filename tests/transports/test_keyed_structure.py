"""keyed_structure_fn: per attribute, the first non-null of its spellings, and the same model
cattrs' generated code builds from the chosen values, for dict-backed and slotted classes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Union

import attrs
import pytest
from cattrs.gen import make_dict_structure_fn
from hypothesis import given
from hypothesis import strategies as st

from transports.convert import keyed_structure_fn, strict_converter


@attrs.frozen(slots=False)
class Wide:
    handle: str
    count: int | None = None
    ratio: float | None = None
    flag: bool | None = None
    when: datetime | None = None
    tags: tuple[str, ...] = ()
    either: int | str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class Slotted:
    handle: str
    count: int | None = None


@attrs.frozen(slots=False)
class Plain:
    """Dict-backed, no factories: built without calling ``__init__``."""

    handle: str
    count: int | None = None


KEYS = {
    "handle": "handle", "id": "handle", "handleId": "handle",
    "count": "count", "ratio": "ratio", "flag": "flag", "when": "when", "tags": "tags",
    "either": "either",
}
def int_or_str(value: Any, _: Any) -> int | str | None:
    if value is None or (isinstance(value, int | str) and not isinstance(value, bool)):
        return value
    raise TypeError("expected an integer or a string")


converter = strict_converter()
converter.register_structure_hook_func(
    lambda t: t in (Union[int, str], Union[int, str, None]), int_or_str  # noqa: UP007
)
wide = keyed_structure_fn(converter, Wide, KEYS, keep_extra=True)


def reference(value: dict[str, Any]) -> Wide:
    """The rule spelled out: per attribute, the first non-null of its own key then its other
    keys in KEYS order; unknown keys kept; then cattrs' generated function."""
    known: dict[str, Any] = {}
    for key, name in sorted(KEYS.items(), key=lambda kv: kv[0] != kv[1]):
        if value.get(key) is not None and name not in known:
            known[name] = value[key]
    extra = {k: v for k, v in value.items() if k not in KEYS}
    return make_dict_structure_fn(Wide, converter)({**known, "extra": extra}, Wide)


def test_types_spellings_nulls_and_extra():
    value = {
        "id": "alias", "handle": "own", "count": "7", "ratio": 2, "flag": True,
        "when": "2026-11-24T10:00:00Z", "tags": ["a"], "either": "x", "other": 1, "ratio2": None,
    }
    assert wide(value, Wide) == Wide(
        "own", 7, 2.0, True, datetime(2026, 11, 24, 10, tzinfo=UTC), ("a",), "x",
        {"other": 1, "ratio2": None},
    )
    assert wide({"id": "first", "handleId": "second"}, Wide).handle == "first"
    assert wide({"handleId": "second", "id": "first"}, Wide).handle == "first"  # KEYS order
    assert wide({"handleId": "second", "id": None}, Wide).handle == "second"
    assert wide({"handle": "h", "count": None}, Wide) == Wide("h")


@pytest.mark.parametrize(
    "value", [[], "x", {"count": 1}, {"handle": 5}, {"handle": "h", "flag": "yes"},
              {"handle": "h", "count": True}, {"id": ["x"]}],
)
def test_bad_objects_are_type_errors(value):
    with pytest.raises(TypeError):
        wide(value, Wide)


def test_a_model_built_without_init_is_a_normal_frozen_instance():
    plain = keyed_structure_fn(converter, Plain, {"handle": "handle", "count": "count"})
    built = plain({"handle": "h"}, Plain)
    assert built == Plain("h") and built.count is None and hash(built) == hash(Plain("h"))
    assert repr(built) == "Plain(handle='h', count=None)"
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        built.handle = "other"  # type: ignore[misc]
    with pytest.raises(TypeError, match="needs handle"):
        plain({"count": 1}, Plain)


def test_slotted_and_factory_classes_go_through_init():
    slotted = keyed_structure_fn(converter, Slotted, {"handle": "handle", "count": "count"})
    assert slotted({"handle": "h", "count": 2, "x": 0}, Slotted) == Slotted("h", 2)
    with pytest.raises(TypeError):
        slotted({}, Slotted)
    first, second = wide({"handle": "a"}, Wide), wide({"handle": "b"}, Wide)
    assert first.extra is not second.extra  # keep_extra: a fresh dict each time


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=5,
)


@given(st.dictionaries(st.sampled_from([*KEYS, "other"]), json_values | st.just("7")))
def test_same_model_or_same_failure_as_before(value):
    try:
        expected: Wide | None = reference(value)
    except (TypeError, ValueError, KeyError):
        expected = None  # a decode failure either way
    if expected is None:
        with pytest.raises((TypeError, ValueError)):
            wide(value, Wide)
    else:
        assert wide(value, Wide) == expected


@attrs.frozen(slots=False)
class WithFactory:
    """Dict-backed with a factory and a field no key names: still built without ``__init__``."""

    handle: str
    labels: dict[str, Any] = attrs.field(factory=dict)
    unnamed: int = 3


def test_factories_and_unnamed_fields_of_a_plain_class():
    build = keyed_structure_fn(converter, WithFactory, {"handle": "handle", "labels": "labels"})
    first, second = build({"handle": "a"}, WithFactory), build({"handle": "b"}, WithFactory)
    assert first == WithFactory("a") and first.unnamed == 3 and first.labels == {}
    assert first.labels is not second.labels  # a fresh dict each time
    assert build({"handle": "a", "labels": {"k": 1}}, WithFactory).labels == {"k": 1}


def test_a_field_no_key_names_takes_its_default_in_a_slotted_class():
    only_handle = keyed_structure_fn(converter, Slotted, {"handle": "handle"})
    assert only_handle({"handle": "h", "count": 5}, Slotted) == Slotted("h")


def test_without_its_own_name_the_spellings_are_read_in_table_order():
    renamed = keyed_structure_fn(converter, Plain, {"handleId": "handle", "id": "handle"})
    assert renamed({"id": "b", "handleId": "a"}, Plain) == Plain("a")
    assert renamed({"id": "b", "handleId": None}, Plain) == Plain("b")
    assert renamed({"handle": "ignored", "id": "b"}, Plain) == Plain("b")
