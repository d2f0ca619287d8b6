"""Chinese numerals, both ways: the one table gxeco reads and writes them with.

Three readers need them: case references (``show 十``, ``第三个案例``), the provenance
scanner (十八家, 上千亩) and the case headings of the source (``十五、…``); two writers:
the ordinals of a case's items (（一）, 一是…) and a case's ``number``.
"""

from __future__ import annotations

DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
BIG = {"万": 10_000, "亿": 100_000_000}
#: 一 … 十, as ordinals are written
ORDINALS = "一二三四五六七八九十"


def value(s: str) -> int:
    """The value of a Chinese numeral of any size: 十八 → 18, 上千's 千 → 1000, 近万's 万 → 10000.

    Lenient by design (the scanner hands it what its pattern matched); :func:`reference`
    is the strict reader for what a person types."""
    total = section = digit = 0
    for ch in s:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in UNITS:
            section += (digit or 1) * UNITS[ch]
            digit = 0
        else:
            total += (section + digit or 1) * BIG[ch]
            section = digit = 0
    return total + section + digit


def _bare(s: str) -> str:
    """Without 第 before and 案例, 个案例 or 个 after (str methods: a regular expression of Chinese
    characters costs more to compile than a lookup does)."""
    s = s.removeprefix("第")
    if s.endswith("案例"):
        return s[:-2].removesuffix("个")
    return s.removesuffix("个")


def reference(s: str) -> int | None:
    """一 … 九十九 (with optional 第 and 案例/个 around it) → int; anything else → None.

    Strict: 一二十 and 十十 are no numbers, so a typed reference is never misread."""
    s = _bare(s)
    if not s or any(ch not in DIGITS and ch != "十" for ch in s):
        return None
    if "十" in s:
        tens, _, ones = s.partition("十")
        # lengths first: 一二十 has no single tens digit to look up
        if len(tens) > 1 or len(ones) > 1 or "十" in ones:
            return None
        return (DIGITS[tens] if tens else 1) * 10 + (DIGITS[ones] if ones else 0)
    return DIGITS[s] if len(s) == 1 else None


def numeral(n: int) -> str:
    """1 … 99 written as a Chinese numeral (十, 十五, 二十, 九十九), as the source numbers cases."""
    if not 0 < n < 100:
        raise ValueError(f"no Chinese numeral for {n} here (1-99)")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else ORDINALS[tens - 1] + "十")
    return head + (ORDINALS[ones - 1] if ones else "")
