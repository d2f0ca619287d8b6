"""The SQLite database, and the metadata.json that Datasette reads beside it.

Tables ``cases``, ``figures``, ``policies``, ``tags`` and ``case_tags`` with
primary and foreign keys (a case is keyed by batch and id, as gxeco refers to
it when several batches are loaded); the multi-valued fields are also JSON
arrays in ``cases``; ``about`` holds the publication and how the
classification fields were made. Column names are the JSON keys (a figure's
``case_id`` is JSON's ``id``).

Full text, with nothing but stock SQLite (no extension, no custom tokenizer)
and Datasette's ordinary search box, for Chinese words of any length:

- ``cases_fts`` (FTS5, default unicode61 tokenizer) indexes every run of
  letters and digits cut into *all its substrings*. unicode61 reads a run of
  Chinese characters as one token, in the text and in the query alike, so
  Datasette's ``_search=碳汇`` (which it quotes as the phrase ``"碳汇"``) is the
  one token 碳汇 and must be a token of the index: with every substring
  indexed, any word of one character or more that lies between two
  punctuation marks is found. Runs average 9 characters, so the index holds
  about 7 tokens per character of text. It is the table Datasette finds for
  ``cases`` (the first FTS table with ``content="cases"``): selecting its
  columns reads the real text from ``cases``, but ``highlight()`` and
  ``snippet()`` would re-tokenise that text and mark nothing.

  The table is declared with unicode61, which is what reads a query:
  ``《土地管理法》`` typed into Datasette's box is the token 土地管理法 (the
  ``ascii`` tokenizer would keep the marks and find nothing). Building the
  index is another matter: unicode61 looks each of the ~2.4 million
  characters of the substrings up in three Unicode tables, most of the
  export's time. The text fed to the index is already cut into tokens,
  separated by spaces, and on such text FTS5's ``ascii`` tokenizer gives the
  same terms, positions and columns as unicode61 whenever every character in
  it is one that unicode61 reads as a letter or digit and keeps as it is.
  Each export checks this with this SQLite's own unicode61, character by
  character (``_ascii_reads_as_unicode61``); if it holds, the index is built
  with ``ascii`` and the table's declaration in ``sqlite_schema`` is then
  set to unicode61's: the same tables as a unicode61 build, in less than half
  the time. Otherwise (a fullwidth or accented letter, which unicode61 folds)
  or where this SQLite refuses to edit its schema, it is built with unicode61.
- ``cases_trigram`` (FTS5 trigram tokenizer, SQLite 3.34+) indexes the text
  itself: phrases of three characters or more, also across punctuation
  (``'碳汇，质押'``), ``highlight()``/``snippet()``, and LIKE with an index.

Measured alternatives: bigrams alone find only two-character
queries through Datasette (a longer query is one unicode61 token); a word
segmenter (jieba, 1 s to load its dictionary) misses queries that are not one
of its words (一田生五金, 碳汇质押, 生态产品). The file is written once, so the
indexes need no triggers. A VACUUM may renumber the rowids of ``cases``, so
gxeco runs none.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
from itertools import accumulate
from pathlib import Path

from .._version import __version__
from ..errors import GxecoError
from ..figure_reports import FIGURE_CSV
from ..i18n import _
from ..model import Case, Dataset
from ..safe import deep, json_text, visible
from .files import atomic_files, refuse_existing

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from ..query import FigureRow

FTS_TOKENIZER = "trigram"  # cases_trigram: SQLite >= 3.34; a test swaps it to check the fallback
MAX_TERM = 60  # the longest substring indexed: the data's longest run is 43 characters

SCHEMA = """
CREATE TABLE about (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE cases (
  batch INTEGER NOT NULL,
  id INTEGER NOT NULL,
  number TEXT NOT NULL,
  slug TEXT NOT NULL,
  title TEXT NOT NULL,
  toc_title TEXT,
  short_title TEXT NOT NULL,
  city TEXT NOT NULL,
  scope TEXT,
  county TEXT,
  town TEXT,
  village TEXT,
  adcode INTEGER,
  place TEXT NOT NULL,
  category TEXT NOT NULL,
  modes TEXT NOT NULL,
  resources TEXT NOT NULL,
  tags TEXT NOT NULL,
  models TEXT NOT NULL,
  page INTEGER NOT NULL,
  background TEXT NOT NULL,
  mechanism TEXT NOT NULL,
  practices TEXT NOT NULL,
  outcomes TEXT NOT NULL,
  policies TEXT NOT NULL,
  notes TEXT NOT NULL,
  PRIMARY KEY (batch, id)
);
CREATE TABLE figures (
  batch INTEGER NOT NULL,
  case_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  short_title TEXT NOT NULL,
  label TEXT NOT NULL,
  value REAL NOT NULL,
  value_max REAL,
  unit TEXT NOT NULL,
  qualifier TEXT,
  display TEXT NOT NULL,
  normalized REAL NOT NULL,
  normalized_unit TEXT NOT NULL,
  kind TEXT NOT NULL,
  year INTEGER,
  topic TEXT NOT NULL,
  section TEXT NOT NULL,
  quote TEXT NOT NULL,
  restates INTEGER,
  as_published TEXT NOT NULL,
  aggregate TEXT,
  per TEXT,
  part_of INTEGER,
  variant_of INTEGER,
  bound INTEGER NOT NULL,
  additive INTEGER NOT NULL,
  qualifier_after TEXT,
  target INTEGER NOT NULL,
  stock INTEGER NOT NULL,
  stock_of INTEGER,
  change_of INTEGER,
  PRIMARY KEY (batch, case_id, position),
  FOREIGN KEY (batch, case_id) REFERENCES cases (batch, id),
  FOREIGN KEY (batch, case_id, restates) REFERENCES figures (batch, case_id, position)
);
CREATE TABLE policies (
  batch INTEGER NOT NULL,
  case_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  document TEXT NOT NULL,
  PRIMARY KEY (batch, case_id, position),
  FOREIGN KEY (batch, case_id) REFERENCES cases (batch, id)
);
CREATE TABLE tags (
  id INTEGER PRIMARY KEY,
  tag TEXT NOT NULL UNIQUE
);
CREATE TABLE case_tags (
  batch INTEGER NOT NULL,
  case_id INTEGER NOT NULL,
  tag_id INTEGER NOT NULL REFERENCES tags (id),
  position INTEGER NOT NULL,
  PRIMARY KEY (batch, case_id, tag_id),
  FOREIGN KEY (batch, case_id) REFERENCES cases (batch, id)
);
CREATE INDEX figures_topic ON figures (topic);
CREATE INDEX case_tags_tag ON case_tags (tag_id);
"""

FTS_COLUMNS = ("title", "short_title", "place", "tags", "models", "background", "mechanism", "practices", "outcomes")

COLUMN_NOTES = {
    "city": "地市；全区案例为“全区”（与 gxeco stats --by city 一致）",
    "category": "类别（gxeco 归纳，非原文标注）",
    "modes": "价值实现模式，JSON 数组（gxeco 归纳）",
    "resources": "资源类型，JSON 数组（gxeco 归纳）",
    "tags": "标签，JSON 数组（gxeco 归纳）",
    "models": "原文中的模式名称与口号，JSON 数组",
    "practices": (
        "具体做法，JSON 数组：title 为“一是……”的小标题，text 为其下第一个加粗小标题前的文字，"
        "parts 为原文加粗的小标题（title）及其下文字（text）"
    ),
    "outcomes": "主要成效，JSON 数组，结构同 practices",
    "policies": "原文《》中引用的文件，JSON 数组",
}
FIGURE_NOTES = {
    "case_id": "案例编号（JSON 中的 id）",
    "position": "该数字在案例中的序号（从 1 起；JSON 中同名）",
    "value": "数值，照录原文",
    "normalized": "换算到基本单位后的数值（单位见 normalized_unit）",
    "quote": "原文中给出该数字的最短原句",
    "restates": "该数字复述同一案例中第几项数字（position）；空为非复述",
    "as_published": "数字在原文中的写法（21.70万亩、26.22亿余元、全区第一）",
    "part_of": "该数字是同一案例中第几项数字（position）的一部分；求和时不与之相加",
    "variant_of": "该数字与同一案例中第几项数字（position）说的是同一件事而数值不同",
    "bound": "1：数字是分级界限（3000亩以上连片基地的3000亩），不是数量",
    "additive": "1：求和时可计入（不是部分、复述、另一说法、分级界限、目标、另一时点的存量或其差，也不是比率）",
    "qualifier_after": "数字后或数字中的第二个限定词（已达500多家：qualifier 为达，此处为多）",
    "target": "1：目标、规划或预计，不是已实现的数",
    "stock": "1：某一时点的存量（余额、储量、保有量、某时点的面积），只与存量相加",
    "stock_of": "该数字是同一案例中第几项数字（position）在另一时点的值；求和时只计后者",
    "change_of": "该数字是同一案例中第几项数字（position）在两个时点之间的变化；求和时不与之相加",
}


def _visible(*values: Any) -> tuple[Any, ...]:
    """A row's texts with control and invisible characters shown; numbers as they are."""
    return tuple(visible(v) if isinstance(v, str) else v for v in values)


def _json(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False)


def fts_available(tokenizer: str = "unicode61") -> bool:
    """Whether this Python's SQLite has FTS5 with this tokenizer."""
    con = sqlite3.connect(":memory:")
    try:
        con.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize='{tokenizer}')")
    except sqlite3.OperationalError:
        return False
    finally:
        con.close()
    return True


_RUN = re.compile(r"[^\W_]+")  # letters and digits: what unicode61 reads as one token


def substrings(text: str) -> str:
    """The text as unicode61 tokens: every substring of every run of letters and digits,
    so that a query of any length inside one run is a token of the index. An ASCII run (a
    number, a Latin word) is one token, as unicode61 reads it."""
    out: list[str] = []
    for m in _RUN.finditer(text):
        run = m.group()
        if run.isascii():
            out.append(run)
            continue
        # the prefixes of each suffix, concatenated in C (accumulate): twice as fast as slicing each
        for i in range(len(run)):
            out += accumulate(run[i : i + MAX_TERM])
    return " ".join(out)


def _fts_raw(c: Case) -> tuple[str, ...]:
    """The FTS_COLUMNS of one case, the text whose substrings are indexed."""
    items = (
        " ".join(f"{i.title or ''} {i.body}" for i in c.practices),
        " ".join(f"{i.title or ''} {i.body}" for i in c.outcomes),
    )
    return (c.title, c.short_title, c.place, " ".join(c.tags), " ".join(c.models), c.background, c.mechanism, *items)


def _fill(
    con: sqlite3.Connection,
    ds: Dataset,
    cases: Sequence[Case],
    *,
    rows: Sequence[FigureRow],
    cites: dict[int, str],
    fts: bool,
    trigram: bool,
) -> int:
    con.executescript(SCHEMA)
    batches = {c.batch for c in cases}
    about: list[tuple[str, str]] = []
    for m in ds.metas:
        if m.batch in batches:
            suffix = "" if len(batches) == 1 else f" (batch {m.batch})"
            about += [
                (f"title{suffix}", m.title),
                (f"publisher{suffix}", m.publisher),
                (f"published{suffix}", m.published),
                (f"citation{suffix}", cites.get(m.batch, "")),
                (f"category_note{suffix}", m.category_note),
            ]
    about.append(("gxeco", __version__))
    con.executemany("INSERT INTO about VALUES (?, ?)", about)

    tag_ids: dict[str, int] = {}
    rowids: list[int | None] = []
    for c in cases:
        cur = con.execute(
            "INSERT INTO cases VALUES (" + ", ".join("?" * 26) + ")",
            (
                c.batch,
                c.id,
                c.number,
                c.slug,
                c.title,
                c.toc_title,
                c.short_title,
                c.city or c.scope,
                c.scope,
                c.county,
                c.town,
                c.village,
                c.adcode,
                c.place,
                c.category,
                _json(list(c.modes)),
                _json(list(c.resources)),
                _json(list(c.tags)),
                _json(list(c.models)),
                c.page,
                c.background,
                c.mechanism,
                _json([i.as_dict() for i in c.practices]),
                _json([i.as_dict() for i in c.outcomes]),
                _json(list(c.policies)),
                _json(list(c.notes)),
            ),
        )
        rowids.append(cur.lastrowid)
        con.executemany(
            "INSERT INTO policies VALUES (?, ?, ?, ?)",
            [(c.batch, c.id, n, p) for n, p in enumerate(c.policies, start=1)],
        )
        for n, t in enumerate(c.tags, start=1):
            tid = tag_ids.get(t)
            if tid is None:
                tid = tag_ids[t] = len(tag_ids) + 1
                con.execute("INSERT INTO tags VALUES (?, ?)", (tid, t))
            con.execute("INSERT INTO case_tags VALUES (?, ?, ?, ?)", (c.batch, c.id, tid, n))

    figures = []
    for r in rows:
        d = r.as_dict()
        figures.append(
            _visible(
                r.case.batch,
                r.case.id,
                r.position,
                *(d[k] for k in FIGURE_CSV[FIGURE_CSV.index("short_title") : FIGURE_CSV.index("quote") + 1]),
                r.metric.restates,
                d["display"],
                d["aggregate"],
                d["per"],
                d["part_of"],
                d["variant_of"],
                int(d["bound"]),
                int(d["additive"]),
                d["qualifier_after"],
                int(d["target"]),
                int(d["stock"]),
                d["stock_of"],
                d["change_of"],
            )
        )
    con.executemany("INSERT INTO figures VALUES (" + ", ".join("?" * 30) + ")", figures)

    columns = ", ".join(FTS_COLUMNS)
    if fts:
        raw = [_fts_raw(c) for c in cases]
        rows_fts = [(rowid, *map(substrings, texts)) for rowid, texts in zip(rowids, raw, strict=True)]
        quick = _ascii_reads_as_unicode61(con, raw)
        _index(con, rows_fts, tokenizer="ascii" if quick else None)
        if quick:
            try:
                _declare_unicode61(con)
            except sqlite3.DatabaseError:  # a SQLite that keeps its schema read-only (defensive mode)
                con.execute("DROP TABLE cases_fts")
                _index(con, rows_fts, tokenizer=None)
    if trigram:
        con.execute(
            f"CREATE VIRTUAL TABLE cases_trigram USING fts5({columns}, content=\"cases\", tokenize='{FTS_TOKENIZER}')"
        )
        con.execute("INSERT INTO cases_trigram (cases_trigram) VALUES ('rebuild')")
    return len(figures)


# External content: the text is stored once, in ``cases``; content="cases" is what Datasette looks for
# to put a search box on that table (the first such table wins)
FTS_TABLE = 'CREATE VIRTUAL TABLE cases_fts USING fts5({columns}, content="cases"{tokenize})'


def _index(con: sqlite3.Connection, rows: list[tuple[Any, ...]], *, tokenizer: str | None) -> None:
    """cases_fts, with FTS5's default tokenizer (unicode61) or the one named."""
    tokenize = "" if tokenizer is None else f", tokenize='{tokenizer}'"
    con.execute(FTS_TABLE.format(columns=", ".join(FTS_COLUMNS), tokenize=tokenize))
    # no merging of index segments while ~300 000 tokens go in; a query reads the same either way, and
    # the file is written once
    con.execute("INSERT INTO cases_fts (cases_fts, rank) VALUES ('automerge', 0)")
    con.executemany(
        f"INSERT INTO cases_fts (rowid, {', '.join(FTS_COLUMNS)}) VALUES (?{', ?' * len(FTS_COLUMNS)})", rows
    )
    con.execute("INSERT INTO cases_fts (cases_fts, rank) VALUES ('automerge', 4)")  # FTS5's default again


def _declare_unicode61(con: sqlite3.Connection) -> None:
    """Give cases_fts, built with ``ascii``, unicode61's declaration: what SQLite reads to tokenize a
    query, and the statement a unicode61 build stores. FTS5 keeps no tokenizer anywhere else."""
    sql = FTS_TABLE.format(columns=", ".join(FTS_COLUMNS), tokenize="")
    con.execute("PRAGMA writable_schema = ON")
    try:
        con.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'cases_fts'", (sql,))
    finally:
        con.execute("PRAGMA writable_schema = OFF")


def _ascii_reads_as_unicode61(con: sqlite3.Connection, texts: Sequence[Sequence[str]]) -> bool:
    """Whether FTS5's ascii tokenizer reads ``substrings`` of these texts as this SQLite's unicode61 does.

    That text is words of letters and digits (to Python) separated by spaces. Both tokenizers split it at
    the spaces and lower-case A-Z alike; ascii keeps every other character as it is, so each one present
    is put to unicode61, which must read it as a word of its own, unchanged: not folded (as a fullwidth
    or accented letter is) nor taken for a separator.
    """
    kept = sorted({ch for t in texts for text in t for ch in text if ch > "\x7f" and _RUN.match(ch)})
    con.execute("CREATE VIRTUAL TABLE temp.gxeco_chars USING fts5(x, content='')")
    con.execute("CREATE VIRTUAL TABLE temp.gxeco_terms USING fts5vocab(temp, gxeco_chars, instance)")
    try:
        con.execute("INSERT INTO temp.gxeco_chars (rowid, x) VALUES (1, ?)", (" ".join(kept),))
        terms = [term for (term,) in con.execute("SELECT term FROM temp.gxeco_terms ORDER BY offset")]
    finally:
        con.execute("DROP TABLE temp.gxeco_terms")
        con.execute("DROP TABLE temp.gxeco_chars")
    return terms == kept


def metadata(ds: Dataset, db_name: str, *, fts: bool, cites: dict[int, str] | None = None) -> dict[str, Any]:
    """Datasette's metadata.json: title, source, licence, and the facets people start from."""
    m = ds.meta
    cases_meta: dict[str, Any] = {
        "description": "一行一个案例。类别、模式、资源、标签与简称由 gxeco 归纳，其余文字照录原文。",
        "facets": ["city", "category", {"array": "resources"}],
        "label_column": "short_title",
        "sort": "id",
        "columns": COLUMN_NOTES,
    }
    if fts:
        cases_meta["fts_table"] = "cases_fts"
        cases_meta["fts_pk"] = "rowid"
    return {
        "title": m.title,
        "description": (
            f"{m.publisher}《{m.title}》（{m.published}）的案例、数字（附出处原句）与引用文件，"
            f"由 gxeco {__version__} 导出。"
            + (
                "全文搜索：一个字以上的词均可检索（词不跨标点，检索词中不带标点）；多个词以空格分开，须同时出现。"
                if fts
                else ""
            )
        ),
        "source": f"{m.publisher}《{m.title}》，{m.published}",
        "license": (
            "文字与数字照录原文，归原发布单位所有，使用时请引用原文："
            f"{(cites or {}).get(m.batch, '')} 分类字段（类别、模式、资源、标签、简称）与 gxeco 软件：MIT"
        ),
        "databases": {
            db_name: {
                "tables": {
                    "cases": cases_meta,
                    "figures": {
                        "description": (
                            "一行一项数字：数值照录原文，normalized 为换算到基本单位后的值，quote 为出处原句。"
                        ),
                        "facets": ["topic", "section", "kind"],
                        "label_column": "label",
                        "columns": FIGURE_NOTES,
                    },
                    "policies": {"description": "案例原文《》中引用的文件。", "facets": ["case_id"]},
                    "tags": {"description": "gxeco 归纳的标签。", "label_column": "tag"},
                    "case_tags": {"description": "案例与标签的对应，position 为标签在案例中的次序。"},
                    "about": {"description": "出处、引用格式与分类说明。"},
                }
            }
        },
    }


def write(
    path: Path,
    ds: Dataset,
    cases: Sequence[Case],
    *,
    force: bool = False,
    metadata_path: Path | None = None,
    rows: Sequence[FigureRow],
    cites: dict[int, str],
) -> str:
    """Write the database atomically, then its metadata.json; the message says what was written."""
    meta_path = metadata_path or path.with_name("metadata.json")
    if meta_path.resolve() == path.resolve():
        raise GxecoError(
            _("the database and its Datasette metadata would both be {file}: use --metadata FILE").format(file=path)
        )
    refuse_existing(path, force=force)
    refuse_existing(meta_path, force=force)
    # Datasette serves the text as a page: control and invisible characters shown, as every output shows
    # them (the loader's cases hold none and are passed as they are); a figure's texts are shown so as
    # its row is made (_visible), cheaper than rebuilding every figure record first
    ds, cases, cites = deep(ds), deep(list(cases)), deep(cites)
    fts = fts_available()
    trigram = fts and fts_available(FTS_TOKENIZER)
    if not fts:
        message = _(
            "this Python's SQLite {version} has no FTS5; writing the database without the full-text "
            "tables cases_fts and cases_trigram: search it with LIKE instead"
        )
        sys.stderr.write("gxeco: " + message.format(version=sqlite3.sqlite_version) + "\n")
    elif not trigram:
        message = _(
            "this Python's SQLite {version} has no FTS5 trigram tokenizer (SQLite 3.34 or later); "
            "writing the database without cases_trigram (cases_fts finds words as usual)"
        )
        sys.stderr.write("gxeco: " + message.format(version=sqlite3.sqlite_version) + "\n")
    text = json_text(json.dumps(metadata(ds, path.stem, fts=fts, cites=cites), ensure_ascii=False, indent=2)) + "\n"
    # the database and its metadata land both or neither: both temporary files are made (and both
    # targets checked) before either is written, and renamed only when both are complete
    with atomic_files([path, meta_path], force=force) as (tmp, meta_tmp):
        con = sqlite3.connect(tmp)
        try:
            # a temporary file, synced and renamed by atomic_files when complete, needs no journal and no
            # syncing of its own
            con.execute("PRAGMA journal_mode = OFF")
            con.execute("PRAGMA synchronous = OFF")
            con.execute("PRAGMA foreign_keys = ON")
            with con:
                n_figures = _fill(con, ds, cases, rows=rows, cites=cites, fts=fts, trigram=trigram)
        except sqlite3.Error as exc:  # a full disk, a size limit: "database or disk is full", "disk I/O error"
            raise GxecoError(_("cannot write {file}: {reason}").format(file=path, reason=exc)) from None
        finally:
            con.close()
        meta_tmp.write_text(text, encoding="utf-8")
    message = _("wrote {cases} cases, {figures} figures to {file} (Datasette metadata: {metadata})")
    return message.format(cases=len(cases), figures=n_figures, file=path, metadata=meta_path)
