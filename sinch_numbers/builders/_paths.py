"""Path prefixes. Phone numbers are percent-encoded segments (``+`` -> ``%2B``); custom verbs
(``:rent``, ``:release``...) are appended literally."""

from __future__ import annotations

from transports import path_segment

from .. import _validate as v


def project(project_id: str) -> str:
    return f"/v1/projects/{path_segment(v.project_id('project_id', project_id))}"


def available(project_id: str, phone_number: str) -> str:
    number = path_segment(v.e164("phone_number", phone_number))
    return f"{project(project_id)}/availableNumbers/{number}"


def active(project_id: str, phone_number: str) -> str:
    number = path_segment(v.e164("phone_number", phone_number))
    return f"{project(project_id)}/activeNumbers/{number}"
