"""Namespace methods derived from request builders: one declaration per endpoint.

A builder's signature and docstring declare an endpoint. In a namespace class body::

    class Messages:
        send = endpoint(builders.send_message)
        get = endpoint(builders.get_message, pick=lambda reply: reply.data)

    class ActiveNumbers:
        get = project_endpoint(builders.get_active_number)  # project_id from the client

gives async methods with the builder's parameters, docstring and signature, that build the
spec and ``await self._client.call(spec)``. Each method is written out from the builder's
parameters once, when the class is created, and placed in it as a plain function: a call
costs what a hand-written method costs. :func:`endpoints` lists a namespace's derived
methods with their declarations (for generated command lines and documentation).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable, Coroutine
from inspect import Parameter, Signature
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar, get_args, get_origin, overload

import attrs

from ._spec import RequestSpec

P = ParamSpec("P")
T = TypeVar("T")
U = TypeVar("U")
S = TypeVar("S")

_SPEC_RESULT = re.compile(r"RequestSpec\[(.*)\]")


class Caller(Protocol):
    """What a derived method needs from the client: ``call(spec) -> T``."""

    def call(self, spec: RequestSpec[S], /) -> Awaitable[S]: ...


class ProjectCaller(Caller, Protocol):
    """A client that also names the project its requests belong to."""

    @property
    def project_id(self) -> str: ...


class Namespace(Protocol):
    """A namespace: any object holding its client as ``_client``."""

    @property
    def _client(self) -> Caller: ...


class ProjectNamespace(Protocol):
    """A namespace whose client has a project id."""

    @property
    def _client(self) -> ProjectCaller: ...


Method = Callable[Concatenate[Namespace, P], Coroutine[Any, Any, T]]
ProjectMethod = Callable[Concatenate[ProjectNamespace, P], Coroutine[Any, Any, T]]


@attrs.frozen
class Endpoint:
    """The declaration behind a derived method: the builder, the projection of the reply
    (``None``: the reply itself) and whether the client's project id is the first argument."""

    name: str
    builder: Callable[..., RequestSpec[Any]]
    pick: Callable[[Any], Any] | None = None
    binds_project: bool = False

    @property
    def signature(self) -> Signature:
        """The parameters a caller passes (no ``self``, no project id)."""
        return _caller_signature(self.builder, self.pick, self.binds_project)

    @property
    def doc(self) -> str | None:
        return self.builder.__doc__


def _caller_signature(
    builder: Callable[..., Any], pick: Callable[[Any], Any] | None, binds_project: bool
) -> Signature:
    signature = inspect.signature(builder)
    parameters = list(signature.parameters.values())[1 if binds_project else 0 :]
    returns = _spec_result(signature.return_annotation) if pick is None else signature.empty
    return signature.replace(parameters=parameters, return_annotation=returns)


def _spec_result(annotation: Any) -> Any:
    """``T`` of a builder's ``RequestSpec[T]`` annotation (text, as with postponed
    annotations, or a type)."""
    if isinstance(annotation, str):
        match = _SPEC_RESULT.fullmatch(annotation)
        return match.group(1) if match else Signature.empty
    if get_origin(annotation) is RequestSpec:
        return get_args(annotation)[0]
    return Signature.empty


def discard(reply: object) -> None:
    """A ``pick`` for methods that return nothing of the reply."""


@overload
def endpoint(builder: Callable[P, RequestSpec[T]]) -> Method[P, T]: ...
@overload
def endpoint(builder: Callable[P, RequestSpec[T]], *, pick: Callable[[T], U]) -> Method[P, U]: ...
def endpoint(builder: Callable[..., Any], *, pick: Callable[[Any], Any] | None = None) -> Any:
    """An async method calling ``builder``'s spec, returning the reply or ``pick(reply)``."""
    return _Declaration.of(builder, pick, binds_project=False)


@overload
def project_endpoint(
    builder: Callable[Concatenate[str, P], RequestSpec[T]],
) -> ProjectMethod[P, T]: ...
@overload
def project_endpoint(
    builder: Callable[Concatenate[str, P], RequestSpec[T]], *, pick: Callable[[T], U]
) -> ProjectMethod[P, U]: ...
def project_endpoint(
    builder: Callable[..., Any], *, pick: Callable[[Any], Any] | None = None
) -> Any:
    """Like :func:`endpoint`, for a builder whose first parameter is the project id: it is
    taken from ``self._client.project_id`` on every call."""
    return _Declaration.of(builder, pick, binds_project=True)


def endpoints(namespace: type) -> dict[str, Endpoint]:
    """The derived methods of a namespace class (and its bases), by attribute name."""
    found: dict[str, Endpoint] = {}
    for klass in reversed(namespace.__mro__):
        for name, value in vars(klass).items():
            declaration = getattr(value, "endpoint", None)
            if isinstance(declaration, Endpoint):
                found[name] = declaration
            else:
                found.pop(name, None)
    return found


@attrs.frozen
class _Declaration:
    """Stands in the class body until the class exists, then puts the method in its place
    (a plain function binds like any method: no descriptor runs on each call)."""

    builder: Callable[..., Any]
    pick: Callable[[Any], Any] | None
    binds_project: bool
    signature: Signature

    @classmethod
    def of(
        cls, builder: Callable[..., Any], pick: Callable[[Any], Any] | None, binds_project: bool
    ) -> _Declaration:
        signature = _caller_signature(builder, pick, binds_project)
        clash = _RESERVED.intersection(signature.parameters)
        if clash:
            names = sorted(clash)
            raise TypeError(f"{builder.__name__}: parameter names {names} are taken")
        return cls(builder, pick, binds_project, signature)

    def __set_name__(self, owner: type, name: str) -> None:
        declared = Endpoint(name, self.builder, self.pick, self.binds_project)
        signature = self.signature
        method = _method(declared, signature)
        qualname = f"{owner.__qualname__}.{name}"
        method.__code__ = method.__code__.replace(co_name=name, co_qualname=qualname)
        method.__name__, method.__qualname__ = name, qualname
        method.__module__ = owner.__module__
        method.__doc__ = declared.doc
        method.__wrapped__ = self.builder  # type: ignore[attr-defined]
        method.__signature__ = _with_self(signature)  # type: ignore[attr-defined]
        method.endpoint = declared  # type: ignore[attr-defined]
        setattr(owner, name, method)

    def __call__(self, *args: object, **kwargs: object) -> Any:
        raise TypeError("endpoint() and project_endpoint() belong in a class body")


def _with_self(signature: Signature) -> Signature:
    parameters = list(signature.parameters.values())
    positional_only = bool(parameters) and parameters[0].kind is Parameter.POSITIONAL_ONLY
    kind = Parameter.POSITIONAL_ONLY if positional_only else Parameter.POSITIONAL_OR_KEYWORD
    return signature.replace(parameters=[Parameter("self", kind), *parameters])


_RESERVED = frozenset({"self", "_builder", "_pick"})
_FORWARD = {
    Parameter.POSITIONAL_ONLY: "{}",
    Parameter.POSITIONAL_OR_KEYWORD: "{}",
    Parameter.VAR_POSITIONAL: "*{}",
    Parameter.KEYWORD_ONLY: "{0}={0}",
    Parameter.VAR_KEYWORD: "**{}",
}


class _Default:
    """Stands for a default in the generated source; the function gets the builder's own."""

    def __repr__(self) -> str:
        return "None"


def _method(declared: Endpoint, signature: Signature) -> Callable[..., Coroutine[Any, Any, Any]]:
    """The method written out as it would be by hand: the builder's parameters, passed on
    one by one. A call then packs no ``*args``/``**kwargs``, and a wrong argument raises
    ``TypeError`` at the call, as with any method."""
    namespace: dict[str, Any] = {}
    source = _source(declared, signature)
    exec(compile(source, f"<endpoint {declared.builder.__qualname__}>", "exec"), namespace)
    method: Callable[..., Coroutine[Any, Any, Any]] = namespace["define"](
        declared.builder, declared.pick
    )
    keyword_defaults = declared.builder.__kwdefaults__
    method.__defaults__ = declared.builder.__defaults__
    method.__kwdefaults__ = None if keyword_defaults is None else dict(keyword_defaults)
    return method


def _source(declared: Endpoint, signature: Signature) -> str:
    """Fixed text and the builder's parameter names: nothing else goes into the source."""
    parameters = list(signature.parameters.values())
    outline = _with_self(signature.replace(
        parameters=[p.replace(annotation=p.empty, default=_Default() if p.default is not p.empty
                              else p.empty) for p in parameters],
        return_annotation=Signature.empty,
    ))
    arguments = [_FORWARD[p.kind].format(p.name) for p in parameters]
    if declared.binds_project:
        arguments.insert(0, "self._client.project_id")
    reply = f"await self._client.call(_builder({', '.join(arguments)}))"
    return (
        "def define(_builder, _pick):\n"
        f"    async def method{outline}:\n"
        f"        return {reply if declared.pick is None else f'_pick({reply})'}\n"
        "    return method\n"
    )
