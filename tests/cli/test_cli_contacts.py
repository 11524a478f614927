"""``contacts import FILE.csv``: progress, summary table, problems CSV, journal."""

import csv
import io
import json

from sendblue_async.__main__ import main
from sendblue_async.bulk import ImportProgress
from sendblue_async.cli import run
from transports.cli import ProgressLine


def write_csv(path, count, *extra):
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["Phone", "First Name", "tags", "custom.plan"])
        writer.writerows([f"+1415555{i:04d}", f"n{i}", "a,b", "pro"] for i in range(count))
        writer.writerows(extra)
    return path


def test_import_summary_and_problems_csv(tmp_path, capsys):
    source = write_csv(tmp_path / "people.csv", 30, ["not-a-phone", "x", "", ""])
    assert main(["contacts", "import", str(source), "--batch-size", "7"]) == 1
    out, err = capsys.readouterr()
    assert "embedded sandbox" in err and "31/31 100%" in err
    assert [line.split() for line in out.splitlines()[2:7]] == [
        ["imported", "30"], ["skipped", "0"], ["rejected", "1"], ["failed", "0"], ["total", "31"],
    ]
    problems = tmp_path / "people-problems.csv"
    assert f"(all 1 in {problems})" in out
    with problems.open(newline="") as rows:
        assert [row["row"] for row in csv.DictReader(rows)] == ["31"]


async def test_import_then_rerun_with_journal(sendblue, tmp_path, capsys):
    fake, base_url = sendblue
    source = write_csv(tmp_path / "people.csv", 25)
    argv = ["contacts", "import", str(source), "--journal", str(tmp_path / "journal"),
            "--output", "json", "--base-url", base_url]
    assert await run(argv) == 0
    assert json.loads(capsys.readouterr().out)["imported"] == 25
    assert len(fake.contact_book(fake.account)) == 25
    assert await run([*argv, "--update-if-exists"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["skipped"], summary["problems_csv"]) == (25, None)
    assert not (tmp_path / "people-problems.csv").exists()


def test_import_of_a_missing_file_is_a_usage_error(tmp_path, capsys):
    assert main(["contacts", "import", str(tmp_path / "nope.csv")]) == 2
    assert "no such file" in capsys.readouterr().err


def snapshot(done):
    return ImportProgress(done=done, imported=done, rejected=0, failed=0,
                          rows_per_second=100.0, elapsed=done / 100)


def test_progress_redraws_one_line_on_a_terminal():
    stream, now = io.StringIO(), [0.0]
    progress = ProgressLine(200, stream, tty=True, clock=lambda: now[0])
    for done in (50, 100, 200):
        progress(snapshot(done))
        now[0] += 1
    progress.finish()
    text = stream.getvalue()
    assert text.count("\r") == 3 and text.count("\n") == 1 and text.endswith("\n")
    assert "200/200 100%" in text.split("\r")[-1]


def test_progress_prints_plain_lines_at_an_interval_elsewhere():
    stream, now = io.StringIO(), [0.0]
    progress = ProgressLine(300, stream, tty=False, interval=5, clock=lambda: now[0])
    for done in (100, 200, 300):
        progress(snapshot(done))
        now[0] += 1
    progress.finish()
    lines = stream.getvalue().splitlines()
    assert "\r" not in stream.getvalue()
    assert [line.split()[1] for line in lines] == ["100/300", "300/300"]
