"""Whole-process start-up and scale benchmark for gxeco.

    python benchmarks/bench.py            # build a venv, install gxeco + tldr, measure
    python benchmarks/bench.py --runs 41  # more rounds for steadier medians
    python benchmarks/bench.py --check    # exit 1 when a target is missed

It builds its own venv (benchmarks/.venv, reused on later runs) and installs the
checkout as a wheel, the way pipx does, plus the Python tldr client as a peer.
Every command runs as a fresh process with stdout to /dev/null; rounds are
interleaved so that load on the machine hits every command alike. Wall time is
the median; memory is the largest peak RSS (os.wait4) over the rounds. The data
cache is warmed first and lives in a temporary XDG_CACHE_HOME.

The rich floor is `python -c` importing rich.console and rich.table and printing a
one-row table in the same venv: every `--format table` command is reported as a
ratio to it (target 1.15×), piped (where gxeco writes a table with no colour
without rich) and again on a 100-column pseudo-terminal (" (terminal)" rows,
against the floor on one: rich's own path, with colour); plain and JSON output
against `python3 -c pass` (2.5×), `--help`, usage errors, the rarer option syntaxes and a TAB 3×. `export -f xlsx` and
`-f sqlite` of the bundled data, each to a new file: 0.4 s each.

    python benchmarks/bench.py --browse   # gxeco browse only: first paint and filter latency

Language: every command runs under LANG=en_US.UTF-8; the plain and table
paths, --help and an error are run again under LANG=zh_CN.UTF-8 ("(zh_CN)" rows), and
a last table gives each Chinese median as a ratio to the English one.

Scale: synthetic files of 15, 150, 300, 1 500 and 3 000 cases, made from the real
ones with ids, slugs and pages changed, are loaded with --data; search, list and
stats are timed on each (within 1 s at 1 500). The first, cold run that parses the
TOML (each with an empty cache folder) is reported apart, beside tomli's parse of
the same file in its own process: target 2.0× at every size, and linear: the time
per case (and per extra case, between sizes) does not grow with the size.

Browse (--browse): a filter keystroke at 1 500 cases, median 16 ms (one frame at
60 Hz), slowest 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "benchmarks" / ".venv"

COMMANDS: list[tuple[str, list[str]]] = [
    ("list", ["list"]),
    ("show 10", ["show", "10"]),
    ("search 碳汇", ["search", "碳汇"]),
    ("compare 7 8", ["compare", "7", "8"]),
    ("stats", ["stats"]),
    ("figures --topic investment", ["figures", "--topic", "investment"]),
    ("--help", ["--help"]),
    ("--version", ["--version"]),
]
# usage errors and the option syntaxes click accepts: answered by the fast path too (8-9x through typer)
USAGE_COMMANDS: list[tuple[str, list[str]]] = [
    ("list --bogus", ["list", "--bogus"]),
    ("list -c=桂林", ["list", "-c=桂林"]),
    ("figures --topic (missing value)", ["figures", "--topic"]),
    ("lst (no such command)", ["lst"]),
]
JSON_COMMANDS = [(f"{name} --format json", [*argv, "--format", "json"]) for name, argv in COMMANDS[:6]]
TABLE_COMMANDS = [(f"{name} --format table", [*argv, "--format", "table"]) for name, argv in COMMANDS[:6]]
# the same lines under a Chinese locale: the plain and table paths, the stored help, a not-found error
ZH = " (zh_CN)"
ZH_COMMANDS = [
    (name + ZH, argv) for name, argv in [*COMMANDS[:7], *TABLE_COMMANDS, ("show 99 (not found)", ["show", "99"])]
]
LOCALE_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

# a TAB on an option value or a case reference, answered through the real entry point in bash's
# protocol (`env` sets the variables: ~1 ms of the time is env's own exec)
COMPLETIONS = [
    ("TAB gxeco (command names)", ""),
    ("TAB list --c (option names)", "list --c"),
    ("TAB figures --topic", "figures --topic "),
    ("TAB list --city gu", "list --city gu"),
    ("TAB list --tag 红", "list --tag 红"),
    ("TAB show 龙 (case refs)", "show 龙"),
]
TARGET_RATIO = 2.5  # plain (piped) and JSON output, × python3 -c pass
TARGET_COMPLETE_RATIO = 3.0  # a TAB
TARGET_HELP_RATIO = 3.0
TARGET_USAGE_RATIO = 3.0  # a usage error or a rarer option syntax
TARGET_COLD_RATIO = 2.0  # a cold --data load at every size, × tomli's parse of the same file
TARGET_TABLE_RATIO = 1.15  # --format table, × the rich floor
TARGET_EXPORT_S = 0.4  # export -f xlsx / -f sqlite of the bundled data
TARGET_MIB = 45.0
TARGET_SCALE_S = 1.0
SCALES = (15, 150, 300, 1500, 3000)
SCALE_AT = 1500  # search, list and stats within TARGET_SCALE_S here


# The least a rich table costs: import rich's console and table, print one row.
RICH_FLOOR = (
    "from rich.console import Console\n"
    "from rich.table import Table\n"
    "t = Table('编号', '简称')\n"
    "t.add_row('10', '龙胜梯田')\n"
    "Console().print(t)"
)


def bin_path(name: str) -> Path:
    return VENV / ("Scripts" if os.name == "nt" else "bin") / name


def setup(reinstall: bool) -> None:
    if not bin_path("python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = [str(bin_path("python")), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    if reinstall or not bin_path("tldr").exists():
        subprocess.run([*pip, "tldr"], check=True)
    # a wheel built from the checkout, as pipx would install it (bytecode compiled at install)
    subprocess.run([*pip, "--force-reinstall", "--no-deps", str(ROOT)], check=True)
    subprocess.run([*pip, str(ROOT)], check=True)  # its dependencies, if missing


# a name ending so runs with its standard output on a pseudo-terminal (100x30): colour, rich's own path
TTY = " (terminal)"


def run_once(argv: list[str], env: dict[str, str], ok: tuple[int, ...] = (0, 1, 2), *, tty: bool = False) -> float:
    """Wall seconds of one process; an exit code outside ``ok`` stops the benchmark (a refused
    file would otherwise be timed as a fast load). With ``tty``, its output goes to a
    pseudo-terminal that is read until the process closes it."""
    if tty:
        return _run_on_pty(argv, env, ok)
    t = time.perf_counter()
    r = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    wall = time.perf_counter() - t
    if r.returncode not in ok:
        raise SystemExit(f"{' '.join(argv)} exited {r.returncode}: {r.stderr.decode(errors='replace')[-500:]}")
    return wall


def _run_on_pty(argv: list[str], env: dict[str, str], ok: tuple[int, ...]) -> float:
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    t = time.perf_counter()
    p = subprocess.Popen(argv, stdout=slave, stderr=subprocess.PIPE, env=env)
    os.close(slave)
    try:
        while os.read(master, 65536):
            pass
    except OSError:  # EIO: the last writer closed the terminal
        pass
    err = p.stderr.read() if p.stderr else b""
    code = p.wait()
    wall = time.perf_counter() - t
    os.close(master)
    if code not in ok:
        raise SystemExit(f"{' '.join(argv)} exited {code}: {err.decode(errors='replace')[-500:]}")
    return wall


GNU_TIME = Path("/usr/bin/time")


def peak_mib(argv: list[str], env: dict[str, str]) -> float:
    """Peak RSS of one process, read by GNU time: a child forked from this (large) Python
    process would report the parent's size from before exec."""
    if not GNU_TIME.exists():
        return float("nan")
    r = subprocess.run([str(GNU_TIME), "-f", "%M", *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    return int(r.stderr.decode().split()[-1]) / 1024


def measure(
    cases: list[tuple[str, list[str]]], runs: int, env: dict[str, str], envs: dict[str, dict[str, str]] | None = None
) -> dict[str, dict[str, float]]:
    """envs: another environment for some of the cases, by name (the Chinese locale)."""
    envs = envs or {}
    times: dict[str, list[float]] = {name: [] for name, _ in cases}
    for _ in range(runs):
        for name, argv in cases:
            times[name].append(run_once(argv, envs.get(name, env), tty=name.endswith(TTY)))
    out = {}
    for name, argv in cases:
        ts = times[name]
        mib = max(peak_mib(argv, envs.get(name, env)) for _ in range(3))
        out[name] = {"median": statistics.median(ts), "min": min(ts), "mib": mib}
    return out


# a data file may be 64 MB at most (tomlio): larger sizes are loaded as several batches of this many cases
PER_FILE = 1500


def synthetic(n: int, folder: Path) -> list[Path]:
    """n cases made from the real ones: ids, slugs and pages changed, text and figures kept; in
    files of at most PER_FILE cases, each a batch of its own (batch 3, 4, …), as gxeco loads several."""
    if str(ROOT / "scripts") not in sys.path:
        sys.path.insert(0, str(ROOT / "scripts"))
    from tomlwriter import dump_file

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    data = tomllib.loads((ROOT / "data" / "cases.toml").read_text(encoding="utf-8"))
    real = data["case"]
    paths = []
    for part, first in enumerate(range(0, n, PER_FILE)):
        meta = dict(data["meta"])
        meta["source"] = str((ROOT / "data" / meta["source"]).resolve())
        meta["batch"] = meta["batch"] + part
        cases = []
        for k in range(first, min(n, first + PER_FILE)):
            c = dict(real[k % len(real)])
            rnd, again = k // len(real), (k - first) // len(real)
            c["id"] = k - first + 1
            c["slug"] = f"{c['slug']}-{rnd}" if rnd else c["slug"]
            c["page"] = c["page"] + 100 * again  # pages ascend in id order, under the bound of 99 999
            cases.append(c)
        path = folder / f"cases-{n}-{part + 1}.toml"
        path.write_text(dump_file(meta, cases), encoding="utf-8")
        paths.append(path)
    return paths


def data_args(paths: list[Path]) -> list[str]:
    return [arg for p in paths for arg in ("--data", str(p))]


TOMLI_PARSE = "import sys, tomli\nfor p in sys.argv[1:]:\n    with open(p, 'rb') as f:\n        tomli.load(f)"


def scale(runs: int, env: dict[str, str], folder: Path) -> dict[int, dict[str, Any]]:
    """Every size's rounds interleaved with the others' (cold runs, tomli's parse, warm commands), so
    that load on a shared machine hits every size alike and the time per case can be compared."""
    gx, py = str(bin_path("gxeco")), str(bin_path("python"))
    if subprocess.run([py, "-c", "import tomli"], env=env).returncode:
        raise SystemExit("tomli is not installed in the benchmark venv")
    paths = {n: synthetic(n, folder) for n in SCALES}
    cold_runs = max(3, runs // 2)
    colds: dict[int, list[float]] = {n: [] for n in SCALES}
    parses: dict[int, list[float]] = {n: [] for n in SCALES}
    for k in range(cold_runs):
        for n, path in paths.items():
            fresh = folder / f"cold-{time.monotonic_ns()}-{k}"
            cold_env = {**env, "XDG_CACHE_HOME": str(fresh)}
            colds[n].append(run_once([gx, *data_args(path), "list"], cold_env, ok=(0,)))
            parses[n].append(run_once([py, "-c", TOMLI_PARSE, *map(str, path)], env, ok=(0,)))
    cases = []
    for n, path in paths.items():
        run_once([gx, *data_args(path), "list"], env, ok=(0,))  # the cache the warm runs read
        cases += [
            (f"{n} search", [gx, *data_args(path), "search", "碳汇"]),
            (f"{n} list", [gx, *data_args(path), "list"]),
            (f"{n} stats", [gx, *data_args(path), "stats"]),
        ]
    res = measure(cases, runs, env)
    out: dict[int, dict[str, Any]] = {}
    for n in SCALES:
        mine = {k: res[f"{n} {k}"] for k in ("search", "list", "stats")}
        out[n] = {
            "cold": statistics.median(colds[n]),
            "parse": statistics.median(parses[n]),
            **{k: v["median"] for k, v in mine.items()},
            "mib": max(v["mib"] for v in mine.values()),
        }
    return out


def linear(t: dict[int, float]) -> tuple[bool, float, float]:
    """Whether time grows linearly with the cases: the cost of each case added from 1 500 to 3 000
    at most 1.5× that of each added from 150 to 1 500 (ms per case, both returned)."""
    early = (t[1500] - t[150]) / (1500 - 150) * 1000
    late = (t[3000] - t[1500]) / (3000 - 1500) * 1000
    return late <= early * 1.5 + 0.05, early, late


# --- gxeco browse -------------------------------------------------------------

BROWSE_PAINT_S = 1.0
BROWSE_KEY_MS = {15: 50.0, 1500: 50.0}  # the slowest keystroke
BROWSE_KEY_MEDIAN_MS = {1500: 16.0}  # the median keystroke: one frame
BROWSE_WORDS = ["红树林", "longsheng", "龍勝", "红数林"]  # a name, pinyin, traditional, a typo
# Typed key by key into the app's filter box (headless, 120x40); the app notes for each
# keystroke the time from the box changing to the list redrawn (BrowseApp.latencies). Each word
# is typed, then erased key by key: once from the first paint on, while the warm-up that follows
# it still runs in a thread (reported), then again once it is done (the target).
LATENCY_SCRIPT = """
import asyncio, json, sys
from pathlib import Path
from gxeco.browse.app import BrowseApp
from gxeco.loader import bundled_path, load
ds = load([Path(sys.argv[1]) if sys.argv[1] else bundled_path()])
async def main():
    app = BrowseApp(ds)
    out = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        for part in ("during warm-up", "warm"):
            app.latencies.clear()
            for word in sys.argv[2:]:
                await pilot.press(*word)
                await app.workers.wait_for_complete()
                await pilot.pause()
                await pilot.press(*["backspace"] * len(word))
                await app.workers.wait_for_complete()
                await pilot.pause()
            out[part] = list(app.latencies)
            while app.warm_seconds < 0:
                await pilot.pause(0.05)
    out["warm-up"] = app.warm_seconds
    print(json.dumps(out))
asyncio.run(main())
"""


def first_paint(argv: list[str], env: dict[str, str], marker: bytes = "编号".encode()) -> float:
    """Seconds from start to the first screen holding the list, under a real 80x24 pty; then q."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    t = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(argv[0], argv, {**env, "TERM": "xterm-256color"})
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    out, painted, deadline = b"", float("nan"), time.monotonic() + 30
    while time.monotonic() < deadline:
        if select.select([fd], [], [], 0.01)[0]:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
            if painted != painted and marker in out:
                painted = time.perf_counter() - t
                os.write(fd, b"q")
    if painted != painted:
        os.kill(pid, 9)
    os.waitpid(pid, 0)
    os.close(fd)
    return painted


def browse_bench(runs: int, env: dict[str, str], folder: Path) -> list[str]:
    gx, py = str(bin_path("gxeco")), str(bin_path("python"))
    failures = []
    print("| gxeco browse | cases | median | max | target |")
    print("|---|---:|---:|---:|---|")
    for n in BROWSE_KEY_MS:
        data = [] if n == 15 else data_args(synthetic(n, folder))
        run_once([gx, *data, "list"], env)  # warm the data cache
        paints = [first_paint([gx, *data, "browse"], env) for _ in range(runs)]
        p = statistics.median(paints)
        ok = p <= BROWSE_PAINT_S
        verdict = f"≤{BROWSE_PAINT_S:g} s: {'met' if ok else 'MISSED'}"
        print(f"| first paint | {n} | {p:.2f} s | {max(paints):.2f} s | {verdict} |")
        if not ok and n == 15:
            failures.append("browse first paint")
        arg = data[1] if data else ""
        r = subprocess.run([py, "-c", LATENCY_SCRIPT, arg, *BROWSE_WORDS], capture_output=True, env=env, check=True)
        out = json.loads(r.stdout)
        print(f"| warm-up (a thread, after the first paint) | {n} | {out['warm-up']:.2f} s | | |")
        early = [x * 1000 for x in out["during warm-up"]]
        print(
            f"| filter keystroke, typed from the first paint ({len(early)}) | {n} | {statistics.median(early):.0f} ms "
            f"| {max(early):.0f} ms | |"
        )
        ms = [x * 1000 for x in out["warm"]]
        med_limit = BROWSE_KEY_MEDIAN_MS.get(n, float("inf"))
        ok = max(ms) <= BROWSE_KEY_MS[n] and statistics.median(ms) <= med_limit
        median_target = f"median ≤{med_limit:g} ms, " if n in BROWSE_KEY_MEDIAN_MS else ""
        print(
            f"| filter keystroke ({len(ms)}) | {n} | {statistics.median(ms):.0f} ms | {max(ms):.0f} ms "
            f"| {median_target}≤{BROWSE_KEY_MS[n]:g} ms: {'met' if ok else 'MISSED'} |"
        )
        if not ok:
            failures.append(f"browse keystroke at {n}")
    return failures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=21, help="rounds per command (default 21)")
    ap.add_argument("--scale-runs", type=int, default=7, help="rounds per command at each scale (default 7)")
    ap.add_argument("--reinstall", action="store_true", help="reinstall tldr too")
    ap.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    ap.add_argument("--browse", action="store_true", help="only gxeco browse: first paint and filter latency")
    ap.add_argument("--scale", action="store_true", help="only the scale rows (synthetic files, cold and warm)")
    args = ap.parse_args()

    setup(args.reinstall)
    if args.browse:
        with tempfile.TemporaryDirectory() as tmp:
            env = {k: v for k, v in os.environ.items() if not k.startswith("GXECO_") and k != "NO_COLOR"}
            env["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
            failures = browse_bench(max(3, args.runs // 3), env, Path(tmp))
        return 1 if failures and args.check else 0
    py, gx, tldr = str(bin_path("python")), str(bin_path("gxeco")), str(bin_path("tldr"))
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GXECO_") and k not in LOCALE_VARS}
        env.update(XDG_CACHE_HOME=str(Path(tmp) / "cache"), COLUMNS="100", LANG="en_US.UTF-8")
        env.pop("NO_COLOR", None)
        zh_env = {**env, "LANG": "zh_CN.UTF-8"}
        cases = [
            ("python3 -c pass", [py, "-c", "pass"]),
            ("rich floor", [py, "-c", RICH_FLOOR]),
            ("rich floor" + TTY, [py, "-c", RICH_FLOOR]),
            ("tldr --version", [tldr, "--version"]),
        ]
        cases += [(f"gxeco {n}", [gx, *a]) for n, a in [*COMMANDS, *USAGE_COMMANDS, *JSON_COMMANDS, *TABLE_COMMANDS]]
        cases += [(f"gxeco {n}", [gx, *a]) for n, a in ZH_COMMANDS]
        # straight to the terminal: output longer than the screen would otherwise wait in the pager
        cases += [(f"gxeco {n}{TTY}", [gx, "--no-pager", *a]) for n, a in TABLE_COMMANDS]
        for fmt in ("xlsx", "sqlite"):  # to a new file each round (--force): the whole export
            out = str(Path(tmp) / f"cases.{'db' if fmt == 'sqlite' else fmt}")
            cases.append((f"gxeco export -f {fmt}", [gx, "export", "-f", fmt, "-o", out, "--force"]))
        envs = {f"gxeco {n}": zh_env for n, _ in ZH_COMMANDS}
        for name, line in COMPLETIONS:
            words = f"gxeco {line}"
            cword = len(words.split(" ")) - 1
            tab = ["env", "_GXECO_COMPLETE=complete_bash", f"COMP_WORDS={words}", f"COMP_CWORD={cword}", gx]
            cases.append((name, tab))
        if args.scale:  # the scale rows alone (and the interpreter, for the header)
            cases = cases[:4]
        for name, argv in cases:  # warm the data cache and the OS file cache
            run_once(argv, envs.get(name, env), tty=name.endswith(TTY))
        res = measure(cases, args.runs, env, envs)
        sc = scale(args.scale_runs, env, Path(tmp))

    base, peer = res["python3 -c pass"]["median"], res["tldr --version"]["median"]
    floors = {"": res["rich floor"]["median"], TTY: res["rich floor" + TTY]["median"]}
    failures: list[str] = []
    print(f"python {sys.version.split()[0]} · {os.cpu_count()} cores · {args.runs} rounds · medians\n")
    print("| command | median | min | × python | × rich floor | vs tldr | peak MiB | target |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for name, r in res.items():
        floor = floors[TTY if name.endswith(TTY) else ""]
        ratio, rich_ratio, vs = r["median"] / base, r["median"] / floor, r["median"] / peer
        target = ""
        if name.startswith("gxeco export"):
            ok = r["median"] <= TARGET_EXPORT_S
            target = f"≤{TARGET_EXPORT_S:g} s: {'met' if ok else 'MISSED'}"
        elif "--format table" in name:
            ok = rich_ratio <= TARGET_TABLE_RATIO and not r["mib"] >= TARGET_MIB
            target = f"≤{TARGET_TABLE_RATIO:g}× rich floor: {'met' if ok else 'MISSED'}"
        elif name.startswith("TAB"):
            ok = ratio <= TARGET_COMPLETE_RATIO
            target = f"≤{TARGET_COMPLETE_RATIO:g}× python: {'met' if ok else 'MISSED'}"
        elif name.endswith("(not found)" + ZH):
            ok = True  # an error: reported, no target
        elif name.startswith("gxeco"):
            usage = any(name == f"gxeco {n}" for n, _ in USAGE_COMMANDS)
            help_ = name.removesuffix(ZH).endswith("--help")
            limit = TARGET_HELP_RATIO if help_ else TARGET_USAGE_RATIO if usage else TARGET_RATIO
            ok = ratio <= limit and r["median"] < peer and not r["mib"] >= TARGET_MIB
            target = f"≤{limit:g}× python, < tldr, <{TARGET_MIB:g} MiB: {'met' if ok else 'MISSED'}"
        else:
            ok = True
        if not ok:
            failures.append(name)
        ms = f"{r['median'] * 1000:.0f} ms"
        print(
            f"| {name} | {ms} | {r['min'] * 1000:.0f} ms | {ratio:.2f} | {rich_ratio:.2f} | {vs:.2f} "
            f"| {r['mib']:.1f} | {target} |"
        )

    print("\n| under zh_CN.UTF-8 | en_US median | zh_CN median | zh ÷ en |")
    print("|---|---:|---:|---:|")
    for name, _ in [] if args.scale else ZH_COMMANDS:
        en_name = name[: -len(ZH)].replace(" (not found)", "")
        en, zh = res.get(f"gxeco {en_name}"), res[f"gxeco {name}"]
        cells = f"{en['median'] * 1000:.0f} ms | " if en else "| "
        ratio = f"{zh['median'] / en['median']:.2f}" if en else ""
        print(f"| gxeco {name} | {cells}{zh['median'] * 1000:.0f} ms | {ratio} |")

    print("\n| cases | tomli parse | cold first run | × tomli | per case | search | list | stats | peak MiB |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    cold_ok = True
    for n, r in sc.items():
        cells = " | ".join(f"{r[k]:.2f} s" for k in ("search", "list", "stats"))
        ratio = r["cold"] / r["parse"]
        cold_ok = cold_ok and ratio <= TARGET_COLD_RATIO
        print(
            f"| {n} | {r['parse']:.2f} s | {r['cold']:.2f} s | {ratio:.2f} | {r['cold'] / n * 1000:.1f} ms "
            f"| {cells} | {r['mib']:.0f} |"
        )
    cold_linear, early, late = linear({n: r["cold"] for n, r in sc.items()})
    print(
        f"cold first run ÷ tomli's parse: ≤{TARGET_COLD_RATIO:g}× at every size: {'met' if cold_ok else 'MISSED'}; "
        f"per case added 150 → 1 500 {early:.2f} ms, 1 500 → 3 000 {late:.2f} ms: "
        f"{'linear' if cold_linear else 'WORSE THAN LINEAR'}"
    )
    if not cold_ok or not cold_linear:
        failures.append("cold first run")
    for k in ("search", "list", "stats"):
        ok, early, late = linear({n: r[k] for n, r in sc.items()})
        within = sc[SCALE_AT][k] <= TARGET_SCALE_S
        print(
            f"{k}: {' → '.join(f'{sc[n][k]:.2f}' for n in SCALES)} s; per case added 150 → 1 500 {early:.2f} ms, "
            f"1 500 → 3 000 {late:.2f} ms: {'linear' if ok else 'WORSE THAN LINEAR'}, "
            f"{'within' if within else 'OVER'} {TARGET_SCALE_S:g} s at {SCALE_AT}"
        )
        if not (ok and within):
            failures.append(f"scale {k}")
    if failures:
        print("\nmissed: " + ", ".join(failures))
    return 1 if failures and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
