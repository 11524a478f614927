"""``lines ...``: embedded sandbox by default, or a served fake through ``--base-url``."""

import io
import json
import sys

from sendblue_async.__main__ import main
from sendblue_async.cli import run


def test_preview_hides_the_token_by_default(capsys):
    assert main(["lines", "preview"]) == 0
    out, err = capsys.readouterr()
    assert err.startswith("No credentials found: using the embedded sandbox at http://127.0.0.1:")
    assert len(err.splitlines()) == 1
    assert "Token:" in out and "hidden" in out and "lpv_" not in out


def test_preview_show_token_json(capsys):
    assert main(["lines", "preview", "--show-token", "--output", "json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["token"].startswith("lpv_") and data["expires_at"].endswith("+00:00")
    assert 590 <= data["seconds_left"] <= 600
    assert "purchase credential" in err


async def test_preview_then_confirm_across_invocations(sendblue, monkeypatch, capsys):
    fake, base_url = sendblue
    assert await run(["lines", "preview", "--show-token", "--output", "json",
                      "--base-url", base_url]) == 0
    preview = json.loads(capsys.readouterr().out)
    monkeypatch.setattr(sys, "stdin", io.StringIO(preview["token"] + "\n"))
    confirm = ["lines", "confirm", "--token", "-",
               "--expires-at", preview["expires_at"], "--base-url", base_url]
    assert await run(confirm) == 0
    out = capsys.readouterr().out
    assert "Bought:" in out and len(fake.provisioned) == 1
    confirm[3] = preview["token"]
    assert await run(confirm) == 1  # single use: the server refuses it now
    assert "error: 410 [token_expired]" in capsys.readouterr().err


def test_confirm_with_an_expired_token_sends_nothing(capsys):
    argv = ["lines", "confirm", "--token", "lpv_x", "--expires-at", "2020-01-01T00:00:00Z"]
    assert main(argv) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        "error: this preview token has expired; call preview()"
    )


def test_confirm_needs_an_aware_timestamp(capsys):
    argv = ["lines", "confirm", "--token", "lpv_x", "--expires-at", "2030-01-01T00:00:00"]
    assert main(argv) == 2
    assert "time zone" in capsys.readouterr().err


def test_provision(capsys):
    assert main(["lines", "provision", "--output", "json"]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["phone_number"].startswith("+1") and line["subscription_id"]


def test_limits_table(capsys):
    assert main(["lines", "limits"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["window", "limit", "used", "remaining"]
    assert out[2].split() == ["daily", "3", "0", "3"]
    assert out[3].split() == ["monthly", "10", "0", "10"]


def test_list(capsys):
    assert main(["lines", "list", "--output", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["numbers"]


async def test_request_status_and_wait(sendblue, capsys):
    _, base_url = sendblue
    assert await run(["lines", "request", "--area-code", "415", "--output", "json",
                      "--base-url", base_url]) == 0
    out, err = capsys.readouterr()
    ticket = json.loads(out)
    assert ticket["status"] == "OPEN" and "deprecated" in err
    wait = ["lines", "wait", str(ticket["id"]), "--poll-interval", "0.02", "--timeout", "5",
            "--base-url", base_url]
    assert await run(wait) == 0
    assert "Status:            FULFILLED" in capsys.readouterr().out
    assert await run(["lines", "status", str(ticket["id"]), "--base-url", base_url]) == 0
    assert "Fulfilled number:  +1415" in capsys.readouterr().out


async def test_wait_times_out(sendblue, capsys):
    fake, base_url = sendblue
    fake.ticket_fulfil_after = None
    await run(["lines", "request", "--output", "json", "--base-url", base_url])
    ticket_id = json.loads(capsys.readouterr().out)["id"]
    wait = ["lines", "wait", str(ticket_id), "--poll-interval", "0.01", "--timeout", "0.03",
            "--base-url", base_url]
    assert await run(wait) == 1
    assert f"error: line request {ticket_id} still open after" in capsys.readouterr().err


def test_status_of_an_unknown_ticket_is_one_line(capsys):
    assert main(["lines", "status", "999"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1].startswith("error: 404") and "Traceback" not in "".join(err)
