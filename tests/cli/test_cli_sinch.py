"""``python -m sinch_numbers``: ``available search|rent``, ``active list|release`` against
Sinch fakes."""

import json

from sinch_numbers.__main__ import main
from sinch_numbers.cli import run


def test_search_table_on_the_embedded_sandbox(capsys):
    assert main(["available", "search", "US", "LOCAL", "--capability", "SMS", "--size", "2"]) == 0
    out, err = capsys.readouterr()
    assert "embedded sandbox" in err
    lines = out.splitlines()
    assert lines[0].split() == ["number", "region", "type", "capabilities", "setup", "monthly"]
    assert len(lines) == 4 and lines[2].startswith("+1202555")


async def test_rent_list_release(sinch, capsys):
    fake, base_url = sinch
    at = ["--base-url", base_url]
    assert await run(["available", "rent", "+12025550100", "--output", "json", *at]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["phone_number"] == "+12025550100" and "deprecated" in err
    assert await run(["active", "list", *at]) == 0
    assert "+12025550100" in capsys.readouterr().out
    assert await run(["active", "release", "+12025550100", *at]) == 0
    assert "Released:" in capsys.readouterr().out
    assert await run(["active", "list", "--output", "json", *at]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert not fake.active


def test_release_unknown_number_is_an_api_error(capsys):
    assert main(["active", "release", "+12025550100"]) == 1
    assert capsys.readouterr().err.splitlines()[-1].startswith("error: 404 [NOT_FOUND]")


def test_bad_search_input_is_a_usage_error(capsys):
    assert main(["available", "search", "US", "local"]) == 2
    assert capsys.readouterr().err.splitlines()[-1].startswith("error: invalid ")
