"""A case read from the cache builds its figures and its texts on first use: a command that prints
none of them (list, stats) unmarshals none, and every way of reading a case sees them all the same."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gxeco import loader, safe
from gxeco.model import LATER, Case
from gxeco.record import asdict

from .conftest import ROOT


@pytest.fixture
def pair(tmp_path: Path, monkeypatch: Any) -> tuple[tuple[Case, ...], tuple[Case, ...]]:
    """The bundled cases as parsed, and as read back from the cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    data = tmp_path / "cases.toml"
    data.write_bytes((ROOT / "data" / "cases.toml").read_bytes())
    (tmp_path / "source").mkdir()
    src = ROOT / "data" / "source" / "guangxi-epvr-batch3.md"
    (tmp_path / "source" / src.name).write_bytes(src.read_bytes())
    parsed = loader.load_file(data)[1]
    monkeypatch.setattr(loader, "parse_file", lambda *a, **k: pytest.fail("parsed again"))
    return parsed, loader.load_file(data)[1]


def test_figures_are_built_on_first_use_equal_to_a_parse(pair) -> None:
    parsed, cached = pair
    assert all(LATER in c.__dict__ and "metrics" not in c.__dict__ for c in cached)
    assert [c.short_title for c in cached] == [c.short_title for c in parsed]  # no figures needed
    assert all(LATER in c.__dict__ for c in cached)
    assert cached[9].metrics == parsed[9].metrics and len(cached[9].metrics) > 20
    assert cached[9].metrics is cached[9].metrics  # built once, kept
    assert "metrics" in cached[9].__dict__ and "metrics" not in cached[8].__dict__


def test_texts_are_built_together_on_first_use_equal_to_a_parse(pair) -> None:
    parsed, cached = pair
    texts = ("background", "mechanism", "practices", "outcomes", "policies", "notes")
    assert all(n not in c.__dict__ for c in cached for n in texts)
    assert [c.city for c in cached] == [c.city for c in parsed] and all(n not in cached[2].__dict__ for n in texts)
    assert cached[2].practices == parsed[2].practices and cached[2].practices[0].parts == parsed[2].practices[0].parts
    assert cached[2].practices is cached[2].practices and cached[2].notes == parsed[2].notes
    assert [getattr(cached[2], n) for n in texts] == [getattr(parsed[2], n) for n in texts]
    assert all(isinstance(getattr(cached[2], n), tuple) for n in ("practices", "outcomes", "policies", "notes"))
    assert LATER in cached[2].__dict__ and cached[2].metrics == parsed[2].metrics and LATER not in cached[2].__dict__
    assert all(n not in cached[3].__dict__ for n in texts)  # other cases untouched


def test_every_way_of_reading_a_case_sees_its_figures(pair) -> None:
    parsed, cached = pair
    assert cached[0] == parsed[0] and hash(cached[1]) == hash(parsed[1]) and repr(cached[2]) == repr(parsed[2])
    assert asdict(cached[3]) == asdict(parsed[3]) and cached[4].as_dict() == parsed[4].as_dict()
    assert safe.deep(cached[5]).metrics == parsed[5].metrics
    with pytest.raises(AttributeError, match="no attribute 'metricz'"):
        cached[6].metricz  # noqa: B018
    assert not hasattr(parsed[6], "metricz")
