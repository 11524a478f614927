"""The package converter: naming hooks, timestamps, strict primitives."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from sendblue_async._convert import converter, parse_datetime, to_camel
from sendblue_async.models import LineRequest, ProvisionedLine


@pytest.mark.parametrize(("name", "camel"), [("id", "id"), ("desired_area_code",
                                               "desiredAreaCode"), ("created_at", "createdAt")])
def test_to_camel(name, camel):
    assert to_camel(name) == camel


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-05-18T14:30:00.000Z", datetime(2026, 5, 18, 14, 30, tzinfo=UTC)),
        ("2026-05-18T14:30:00", datetime(2026, 5, 18, 14, 30, tzinfo=UTC)),
        ("2026-05-18T16:30:00+02:00",
         datetime(2026, 5, 18, 16, 30, tzinfo=timezone(timedelta(hours=2)))),
    ],
)
def test_parse_datetime(text, expected):
    parsed = parse_datetime(text)
    assert parsed == expected and parsed.tzinfo is not None


@pytest.mark.parametrize("bad", [None, 1700000000, "tomorrow"])
def test_parse_datetime_rejects(bad):
    with pytest.raises((TypeError, ValueError)):
        parse_datetime(bad)


def test_ticket_reads_camel_case_only_for_its_class():
    ticket = converter.structure({"id": "7", "status": "OPEN", "desiredAreaCode": None},
                                 LineRequest)
    assert ticket == LineRequest(id=7, status="OPEN")
    line = converter.structure({"phone_number": "+1", "worker_id": "w", "subscription_id": "s",
                                "extra": [1]}, ProvisionedLine)
    assert line == ProvisionedLine("+1", "w", "s")


@pytest.mark.parametrize(
    "body",
    [{"id": True, "status": "OPEN"}, {"id": 1, "status": 5}, {"id": 1.5, "status": "OPEN"},
     {"status": "OPEN"}],
)
def test_strict_primitives(body):
    with pytest.raises((TypeError, KeyError, ValueError)):
        converter.structure(body, LineRequest)
