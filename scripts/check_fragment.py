"""Check a case fragment (TOML with [[case]] tables) against the source.

Usage: python scripts/check_fragment.py FILE.toml
"""
from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from gxeco import provenance as pv  # noqa: E402
from gxeco import vocab  # noqa: E402

src = (ROOT / "data/source/guangxi-epvr-batch3.md").read_text(encoding="utf-8")
cases = pv.split_cases(src)
NUMS = ["一","二","三","四","五","六","七","八","九","十","十一","十二","十三","十四","十五"]

def check(path: str) -> int:
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    problems = 0
    for c in data.get("case", []):
        num = NUMS[c["id"] - 1]
        cs = cases[num]
        def bad(msg):
            nonlocal problems
            problems += 1
            print(f"case {c['id']}: {msg}")
        for f in ("category",):
            if c.get(f) not in vocab.CATEGORIES: bad(f"category {c.get(f)!r}")
        for f, voc in (("modes", vocab.MODES), ("resources", vocab.RESOURCES)):
            for v in c.get(f, []):
                if v not in voc: bad(f"{f} {v!r} not in vocabulary")
        if not 5 <= len(c.get("tags", [])) <= 15: bad("tags: want 5-15")
        for i, m in enumerate(c.get("metrics", [])):
            q = m.get("quote", "")
            for k in ("label", "value", "unit", "topic", "section", "quote"):
                if k not in m: bad(f"metric {i} lacks {k}")
            if m.get("topic") not in vocab.TOPICS: bad(f"metric {i} topic {m.get('topic')!r}")
            if m.get("section") not in vocab.SECTIONS: bad(f"metric {i} section {m.get('section')!r}")
            if "qualifier" in m and m["qualifier"] not in vocab.QUALIFIERS: bad(f"metric {i} qualifier {m['qualifier']!r}")
            if not pv.quote_in_source(q, cs): bad(f"metric {i} quote not verbatim in source: {q}")
            if not pv.value_in_quote(m.get("value", -1), q): bad(f"metric {i} value {m.get('value')} not in quote: {q}")
            if "value_max" in m and not pv.value_in_quote(m["value_max"], q): bad(f"metric {i} value_max not in quote")
        for f in pv.uncarried_figures(c, cs):
            bad(f"figure not carried by any metric: {f.text}")
        if c.get("background"):
            miss, total = pv.uncovered_sentences(c, cs)
            for s in miss: bad(f"sentence not in text fields: {s[:60]}")
        for pol in c.get("policies", []):
            if "《" + pol + "》" not in pv.squash(cs): bad(f"policy not cited as 《{pol}》")
    print(f"{path}: {problems} problem(s), {sum(len(c.get('metrics', [])) for c in data.get('case', []))} metrics")
    return 1 if problems else 0

sys.exit(max(check(p) for p in sys.argv[1:]))
