"""A plain id is answered without the matcher (resolved.by_id), exactly as resolve.lookup answers it."""

from __future__ import annotations

from gxeco import api
from gxeco.model import Dataset
from gxeco.resolve import lookup
from gxeco.resolved import by_id


def test_a_plain_id_is_what_lookup_gives_and_anything_else_is_left_to_it() -> None:
    ds = api.dataset()
    for ref in ("1", "10", "15", "010", "0010"):
        got = by_id(ds, ref)
        assert got is not None and got == lookup(ds, ref) and got.notice is None and got.case.id == int(ref)
    for ref in ("0", "16", "99", "", "+10", "-1", "１０", "十", " 10", "3:10", "10 ", "1" * 10, "longsheng"):
        assert by_id(ds, ref) is None, ref


def test_an_id_two_cases_share_is_left_to_lookup() -> None:
    ds = api.dataset()
    twice = Dataset(ds.metas, (*ds.cases, api.case(10)))
    assert by_id(twice, "10") is None and by_id(twice, "9") == lookup(twice, "9")
