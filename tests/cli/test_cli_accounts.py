"""``accounts create-child|area-codes``: one-time credentials shown once, with a warning."""

import json

from sendblue_async.__main__ import main
from sendblue_async.cli import run


async def test_create_child_prints_credentials_once_with_a_warning(sendblue, capsys):
    fake, base_url = sendblue
    argv = ["accounts", "create-child", "acme", "ops@acme.example", "--provision-line",
            "--area-code", "415", "--base-url", base_url]
    assert await run(argv) == 0
    out, err = capsys.readouterr()
    child = fake.child_accounts["agency@example.com-acme"]
    assert out.count(child.api_key) == 1 and out.count(child.api_secret) == 1
    assert "shown ONCE" in err and child.api_secret not in err
    assert "Assigned number: +1415" in out


def test_create_child_json_for_scripts(capsys):
    argv = ["accounts", "create-child", "acme", "ops@acme.example", "--output", "json"]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["api_key"] and data["api_secret"] and data["partial"] is False
    assert data["company_name"] == "agency@example.com-acme"
    assert "shown ONCE" in err


async def test_partial_child_account_is_a_success_with_a_warning(sendblue, capsys):
    fake, base_url = sendblue
    fake.fail_next_line_assignment()
    argv = ["accounts", "create-child", "acme", "ops@acme.example", "--provision-line",
            "--output", "json", "--base-url", base_url]
    assert await run(argv) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["partial"] is True and "no line was assigned" in err


def test_create_child_validation_error_names_the_field(capsys):
    argv = ["accounts", "create-child", "acme", "ops@acme.example", "--provision-line",
            "--area-code", "41"]
    assert main(argv) == 2
    assert capsys.readouterr().err.splitlines()[-1].startswith("error: invalid desired_area_code")


def test_area_codes(capsys):
    assert main(["accounts", "area-codes"]) == 0
    assert "415" in capsys.readouterr().out.split()
