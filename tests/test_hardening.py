"""Any input, any console: a clear message and the documented exit code, never a traceback."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gxeco import figure_reports, query, reports, request, search, vocab
from gxeco.console import SafeStream
from gxeco.errors import GxecoError
from gxeco.render import Format, render

FAST = settings()  # examples and derandomization come from the profile loaded in conftest.py
WORDS = st.text(alphabet=st.sampled_from("龙胜梯田陈皮碳汇质押投资收入xX²₂•[]/ "), max_size=12)


def _gxeco(*args: str | bytes, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    e = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "gxeco", *args], capture_output=True, env=e, timeout=60)


# --- arguments that are not valid UTF-8 ----------------------------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ([b"show", b"\xff\xfe"], 1),
        ([b"search", b"\xc3\x28\xff"], 1),
        ([b"list", b"--city", b"\xe9"], 2),
        ([b"compare", b"7", b"\xff"], 1),
        ([b"--data", b"/nonexistent/\xff.toml", b"list"], 2),
        ([b"show", b"\xff", b"--format", b"json"], 1),
        ([b"validate", b"/nonexistent/\xff.toml"], 2),  # the path is echoed on stdout
    ],
)
def test_arguments_that_are_not_utf8(args: list[bytes], code: int) -> None:
    r = _gxeco(*args, env={"LC_ALL": "C.UTF-8", "PYTHONIOENCODING": ""})
    assert r.returncode == code, r.stderr
    assert b"Traceback" not in r.stderr
    assert r.stderr.startswith(b"gxeco: ") or b"Error" in r.stderr or b"no such file" in r.stdout
    r.stderr.decode("utf-8")  # lone surrogates were replaced, not written raw
    r.stdout.decode("utf-8")


# --- consoles that lack characters -----------------------------------------------------


def _every_report(ds: object) -> list[tuple[str, reports.Report]]:
    cases = list(ds.cases)  # type: ignore[attr-defined]
    out = [
        ("list", reports.case_list(cases)),
        ("stats", reports.stats_report(query.stats(cases), list(query.DIMENSIONS))),
        ("figures", figure_reports.figures(query.figure_rows(cases))),
        ("compare", reports.comparison(query.compare(cases[6:8]), cases[6:8])),
        ("search", reports.search_results(search.search(cases, ["碳汇"]))),
        ("cite", reports.citations(cases, ds, "gbt7714")),  # type: ignore[arg-type]
    ]
    return out + [(f"show {c.id}", reports.case_detail(c)) for c in cases]


@pytest.mark.parametrize("fmt", list(Format))
def test_every_report_renders_into_a_strict_gbk_stream(ds, fmt: Format) -> None:
    """A Chinese Windows console (cp936): our own decorations avoid what GBK lacks, and the
    publication's own such characters (m³) reach it through the console's fallbacks (m3)."""
    for name, report in _every_report(ds):
        raw = io.BytesIO()
        out = SafeStream(io.TextIOWrapper(raw, encoding="cp936", errors="strict"))  # type: ignore[arg-type]
        render(report, fmt, out, width=80)
        out.flush()
        text = raw.getvalue().decode("cp936")
        assert text and "?" not in text, name  # "?" is the last resort for a character without a fallback
        if name == "show 3":
            assert "237.2万m3/年" in "".join(text.split())


@pytest.mark.parametrize("enc", ["cp936", "ascii"])
def test_safe_stream_replaces_what_the_console_lacks(enc: str) -> None:
    raw = io.BytesIO()
    out = SafeStream(io.TextIOWrapper(raw, encoding=enc, errors="strict"))  # type: ignore[arg-type]
    out.write("面积 12m² CO₂ • 龙胜 😀 \udcff\n")
    out.flush()
    text = raw.getvalue().decode(enc)
    assert "12m2" in text and "CO2" in text
    # what the console lacks is escaped, exactly (never "?"): the emoji, the lone surrogate, and on ASCII the Chinese
    assert ("· 龙胜" in text) if enc == "cp936" else (". \\u9f99\\u80dc" in text)
    assert text.endswith("\n") and "\\U0001f600 \\udcff" in text and "?" not in text


# --- every renderer, arbitrary choices -------------------------------------------------


def _option_error_code(exc: GxecoError) -> int:
    """An option value that fits several is ambiguous, one close to a value is refused naming it
    (both 1, as a case reference); one close to none, or none at all, is a usage error (2). Any
    other message is not one these calls give."""
    message = exc.message
    if message.endswith(" is ambiguous"):
        return 1
    assert message.startswith(("unknown ", "empty ")), message
    return 1 if (exc.hint or "").startswith("did you mean") else 2


@FAST
@given(
    ids=st.lists(st.integers(1, 15), min_size=0, max_size=4, unique=True),
    section=st.sampled_from([None, *vocab.PART.names]),
    topic=st.one_of(st.none(), WORDS),
    kind=st.one_of(st.none(), WORDS),
    by=st.one_of(st.none(), WORDS),
    fmt=st.sampled_from(list(Format)),
    width=st.integers(20, 200),
)
def test_every_command_report_in_every_format(ds, ids, section, topic, kind, by, fmt, width) -> None:  # type: ignore[no-untyped-def]
    cases = [c for c in ds.cases if c.id in ids]
    built: list[reports.Report] = [reports.case_list(cases)]
    if cases:
        built.append(reports.case_detail(cases[0], section))
    try:
        topics, kinds = request.resolved(topic, vocab.TOPIC), request.resolved(kind, vocab.UNIT_KIND)
        built.append(figure_reports.figures(query.sort_figures(query.figure_rows(cases, topics, kinds), "value")))
    except GxecoError as exc:
        assert exc.code == _option_error_code(exc), exc.message
    try:
        dims = list(request.resolved(by, vocab.DIMENSION) or query.DIMENSIONS)
        built.append(reports.stats_report(query.stats(cases), dims))
    except GxecoError as exc:
        assert exc.code == _option_error_code(exc), exc.message
    try:
        built.append(reports.comparison(query.compare(cases, request.resolved(topic, vocab.TOPIC)), cases))
    except GxecoError as exc:
        if len(cases) < 2 and exc.message.startswith("compare needs"):
            assert (exc.code, exc.message) == (2, "compare needs at least two different cases, e.g. gxeco compare 7 8")
        else:
            assert exc.code == _option_error_code(exc), exc.message
    for report in built:
        buf = io.StringIO()
        render(report, fmt, buf, width=width)
        if fmt is Format.json:
            json.loads(buf.getvalue())
        elif fmt is Format.csv:
            import csv

            rows = list(csv.reader(io.StringIO(buf.getvalue())))
            assert rows[0] == report.csv_columns  # a header, always
            assert all(len(r) == len(rows[0]) for r in rows), "ragged CSV"
            assert len(rows) == 1 + len(report.csv_rows)


@FAST
@given(args=st.lists(st.one_of(WORDS, st.sampled_from(["-f", "json", "--by", "--topic", "-n", "0", "--"])), max_size=5))
def test_arbitrary_command_lines_exit_cleanly(run, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    for cmd in ("show", "search", "compare", "stats", "figures", "list"):
        r = run(cmd, *args, code=None)
        assert "Traceback" not in r.output
        # gxeco's own errors, and click's usage errors when typer's test runner drives it alone
        # (notices are no errors: a search's correction, what it set aside, a fuzzy reference taken)
        # figures: what it left out; search: the words a question was taken apart into
        notices = ("showing", "set aside", " → ", "--all shows them", "searched by words")
        errors = [
            ln
            for ln in r.stderr.splitlines()
            if ln.startswith(("gxeco: ", "Error: ")) and not any(n in ln for n in notices)
        ]
        if r.exit_code == 0:
            assert errors == [], (cmd, args, r.stderr)
        else:
            # one error line; 1 for nothing found (or several fit), 2 for a usage error, nothing else
            assert len(errors) == 1, (cmd, args, r.stderr)
            found_nothing = any(w in errors[0] for w in (" matches", "ambiguous", "no case ", "no figure"))
            assert r.exit_code == (1 if found_nothing else 2), (cmd, args, r.exit_code, r.stderr)
        head = args[: args.index("--")] if "--" in args else args
        if r.exit_code == 0 and any(head[i : i + 2] == ["-f", "json"] for i in range(len(head))):
            json.loads(r.stdout)
