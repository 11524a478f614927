"""Row reading (column spellings, CSV conventions), the phone set and the problems CSV."""

import csv

import pytest

from sendblue_async import NewContact, ValidationError
from sendblue_async.bulk import ImportReport, RowOutcome
from sendblue_async.bulk._phoneset import PhoneSet, phone_key
from sendblue_async.bulk._rows import raw_phone, to_item


@pytest.mark.parametrize("column", ["phone", "Phone", "number", "phone_number", "Phone Number",
                                    "phoneNumber", "phone-number"])
def test_phone_column_spellings(column):
    assert to_item({column: "+14155550100"}) == {"phone": "+14155550100"}


def test_names_tags_and_custom_columns():
    row = {"firstName": " Ada ", "Last Name": "Lovelace", "Company": "ACME", "tags": "a, b;;c",
           "custom.Plan": "pro", "unknown": "x", "phone": "+14155550100", "last_name": ""}
    assert to_item(row) == {
        "phone": "+14155550100", "first_name": "Ada", "last_name": "Lovelace",
        "company_name": "ACME", "tags": ["a", "b", "c"], "custom_variables": {"Plan": "pro"},
    }


def test_mapping_values_from_non_csv_sources():
    row = {"phone": "+14155550100", "tags": ["x"], "custom_variables": {"a": "1"},
           "custom.b": "2"}
    item = to_item(row)
    assert (item["tags"], item["custom_variables"]) == (["x"], {"a": "1", "b": "2"})


@pytest.mark.parametrize(("row", "field"), [
    ({"first_name": "Ada"}, "phone: is missing"),
    ({"phone": "  "}, "phone: is missing"),
    ({"phone": "(415) 555-0100"}, "phone: must be an E.164"),
    ({"phone": 14155550100}, "phone: must be an E.164"),
    ({"phone": "+14155550100", "custom.plan": 3}, "custom_variables: value of 'plan'"),
    (["+14155550100"], "row: must be a mapping"),
    (NewContact("+14155550100", tags="vip"), "tags: must be a list"),
])
def test_bad_rows_say_why(row, field):
    with pytest.raises(ValidationError) as caught:
        to_item(row)
    assert str(caught.value).startswith(field)


def test_raw_phone_is_what_the_row_said():
    assert raw_phone({"Number": "415 555"}) == "415 555"
    assert raw_phone(NewContact("0")) == "0"
    assert raw_phone({"name": "x"}) is None


def test_phone_set_grows_and_finds_duplicates_exactly():
    phones = PhoneSet(capacity=4)
    keys = [phone_key(f"+1415{i:07d}") for i in range(0, 5000, 7)]
    assert all(phones.add(key) for key in keys)
    assert not any(phones.add(key) for key in keys)
    assert len(phones) == len(keys)
    assert keys[-1] in phones and phone_key("+14150000001") not in phones and "x" not in phones


def test_problems_csv_lists_rejected_and_failed_rows_in_row_order(tmp_path):
    report = ImportReport(
        total=4, imported=1, skipped=0, elapsed=1.0,
        rejected=[RowOutcome(3, None, "phone: is missing")],
        failed=[RowOutcome(1, "+14155550100", "503: down")],
    )
    path = tmp_path / "problems.csv"
    assert report.write_problems_csv(path) == 2
    with open(path, newline="") as f:
        assert list(csv.reader(f)) == [
            ["row", "phone", "outcome", "reason"],
            ["1", "+14155550100", "failed", "503: down"],
            ["3", "", "rejected", "phone: is missing"],
        ]
