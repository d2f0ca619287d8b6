"""Precompute toneless pinyin into data/cases.toml (dev tool; needs pypinyin).

Run after editing names, places, tags or models:  python scripts/regen_pinyin.py
`--check` exits 1 when the file is not current (the test suite runs this check).
Pinyin is never computed at run time: importing pypinyin costs ~0.45 s.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tomlwriter import dump_file

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DATA = Path(__file__).resolve().parent.parent / "data" / "cases.toml"
HAN = re.compile(r"[\u4e00-\u9fff]+")
SUFFIXES = ("各族自治县", "瑶族自治县", "自治县", "市", "县", "区", "镇", "村")


def names(case: dict[str, Any]) -> list[str]:
    out = [case["short_title"]]
    for k in ("city", "county", "town", "village"):
        v = case.get(k)
        if v:
            out.append(v)
            for suf in SUFFIXES:
                if v.endswith(suf) and len(v) - len(suf) >= 2:
                    out.append(v[: -len(suf)])
                    break
    out += list(case.get("tags", [])) + list(case.get("models", []))
    return out


def pinyin_of(text: str) -> tuple[str, str]:
    from pypinyin import Style, lazy_pinyin

    han = "".join(HAN.findall(text))
    syl = lazy_pinyin(han, style=Style.NORMAL, errors="ignore")
    return "".join(syl).lower(), "".join(s[0] for s in syl if s).lower()


def compute(case: dict[str, Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for n in names(case):
        f, i = pinyin_of(n)
        if f and n not in out:
            out[n] = [f, i]
    return out


def header(text: str) -> str:
    lines = []
    for ln in text.splitlines():
        if ln.startswith("#") or not ln.strip():
            lines.append(ln)
        else:
            break
    return "\n".join(lines)


def main() -> int:
    text = DATA.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    for c in data["case"]:
        c["pinyin"] = compute(c)
    new = dump_file(data["meta"], data["case"], header(text))
    if "--check" in sys.argv:
        if new != text:
            print("data/cases.toml: pinyin or layout not current; run python scripts/regen_pinyin.py")
            return 1
        return 0
    DATA.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
