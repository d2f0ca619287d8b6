"""Closed vocabularies of the data: what a field may hold, and nothing else."""

from __future__ import annotations

from . import labels
from .i18n import N_, _, is_zh

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Protocol

    class _Pinyin(Protocol):
        @property
        def names(self) -> tuple[tuple[str, str, str], ...]: ...

    class Tagged(Protocol):
        """What tag_vocab reads of a case (model.Case; the vocabularies sit below the model)."""

        @property
        def tags(self) -> tuple[str, ...]: ...
        @property
        def models(self) -> tuple[str, ...]: ...
        @property
        def pinyin(self) -> _Pinyin: ...


CATEGORIES: tuple[str, ...] = ("自然资源资产管理", "生态保护修复及价值提升", "生态产业化经营")

MODES: tuple[str, ...] = ("生态资源指标及产权交易", "生态修复及价值提升", "生态产业化经营", "生态补偿")

RESOURCES: tuple[str, ...] = ("土地", "矿产", "森林", "草原", "水", "湿地", "海域海岛")

SECTIONS: tuple[str, ...] = ("background", "mechanism", "practices", "outcomes")

SECTION_NAMES: dict[str, str] = {k: labels.zh(k) for k in SECTIONS}

# Topic of a figure: what kind of thing it measures. The first name of each is the short
# Chinese name --help shows and that matches exactly; the rest are what it covers.
TOPICS: dict[str, tuple[str, ...]] = {
    "investment": ("投资", "投入", "总投资", "资金投入"),
    "finance": ("金融", "贷款", "授信", "融资", "保险", "绿色金融"),
    "transaction": ("交易", "成交", "出让", "入市", "交易金额"),
    "output": ("产值", "收益", "营业收入", "经济效益", "生产总值"),
    "fiscal": ("财政", "税费", "税收", "土地出让金", "调节金", "补助"),
    "income": ("收入", "人均收入", "分红", "租金", "村集体收入", "居民收入"),
    "tourism": ("旅游", "游客", "游客人次", "旅游收入"),
    "employment": ("就业", "带动就业", "务工", "岗位"),
    "land": ("土地", "面积", "用地", "耕地", "海域", "空间"),
    "production": ("生产", "产量", "产能", "单产", "规模"),
    "ecology": ("生态", "修复", "覆盖率", "水质", "空气", "碳汇"),
    "resource": ("资源", "储量", "资源量", "取水量"),
    "infrastructure": ("设施", "基础设施", "道路", "渠道"),
    "count": ("数量", "个数", "项目数"),
}

# Qualifiers of a figure, by where the source writes them: before the number (约1000万元), after it
# (50万元以上), inside it (1万多亩), or in place of its digits (上千亩, 近万元: the value holds the
# round number they name).
PREFIX_QUALIFIERS: tuple[str, ...] = (
    "约",
    "超过",
    "超",
    "近",
    "逾",
    "不足",
    "不到",
    "达",
    "达到",
    "可达",
    "不少于",
    "不低于",
    "最高",
    "突破",
)
SUFFIX_QUALIFIERS: tuple[str, ...] = ("以上", "左右", "以内", "上下")
INFIX_QUALIFIERS: tuple[str, ...] = ("多", "余")
MAGNITUDE_QUALIFIERS: dict[str, int] = {"数十": 10, "上百": 100, "上千": 1000, "近万": 10_000}
# Words that make a figure a total (共 in all, 共计, 合计, 总计) or a running total (累计); kept
# beside the qualifier (累计投入约3.5亿元 has both).
AGGREGATES: tuple[str, ...] = ("共", "共计", "合计", "总计", "累计")
QUALIFIERS: tuple[str, ...] = (*PREFIX_QUALIFIERS, *SUFFIX_QUALIFIERS, *INFIX_QUALIFIERS, *MAGNITUDE_QUALIFIERS)

# The 14 prefecture-level cities of Guangxi and their administrative codes.
CITIES: dict[str, int] = {
    "南宁市": 450100,
    "柳州市": 450200,
    "桂林市": 450300,
    "梧州市": 450400,
    "北海市": 450500,
    "防城港市": 450600,
    "钦州市": 450700,
    "贵港市": 450800,
    "玉林市": 450900,
    "百色市": 451000,
    "贺州市": 451100,
    "河池市": 451200,
    "来宾市": 451300,
    "崇左市": 451400,
}

REGION_WIDE = "全区"

REGION_WIDE_NAMES = ("全区", "广西", "全广西", "广西全区")


class Vocab:
    """One option's closed set of values: key -> names, the first name the short Chinese
    name that --help shows and completion offers first. Every option value resolves
    through one of these (``resolve.pick``), the same way everywhere."""

    __slots__ = ("listing", "names", "pinyin", "what")

    def __init__(
        self,
        what: str,
        names: dict[str, tuple[str, ...]],
        *,
        pinyin: dict[str, tuple[str, str]] | None = None,
        listing: str | None = None,
    ) -> None:
        self.what = what
        self.names = names
        # pinyin of names the generated table does not hold (tags and models come with the data)
        self.pinyin = pinyin or {}
        # the command that lists every value, for an error's hint when there are too many to name
        self.listing = listing

    def label(self, key: str) -> str:
        """How a value reads in a message or a completion: 收入 (income). In Chinese the Chinese
        value comes first and what is in brackets is English (土地（land）, never land（土地）)."""
        names = self.names[key]
        first = names[0] if names else key
        if is_zh() and not key.isascii():
            first, key = key, next((n for n in names if n.isascii()), key)
        elif is_zh():
            first = next((n for n in names if not n.isascii()), first)
        return first if first == key else _("{name} ({key})").format(name=first, key=key)

    def help(self) -> str:
        return _(", ").join(self.label(k) for k in self.names)


def _plain(values: tuple[str, ...], english: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    return {v: english.get(v, ()) for v in values}


CITY = Vocab(
    N_("city"), {c: (c[:-1],) for c in CITIES} | {REGION_WIDE: (*REGION_WIDE_NAMES[1:], "quanqu", "guangxi", "region")}
)
CATEGORY = Vocab(
    N_("category"),
    _plain(
        CATEGORIES,
        {
            "自然资源资产管理": ("资产管理", "asset-management"),
            "生态保护修复及价值提升": ("保护修复", "restoration"),
            "生态产业化经营": ("产业化经营", "industry"),
        },
    ),
)
MODE = Vocab(
    N_("mode"),
    _plain(
        MODES,
        {
            "生态资源指标及产权交易": ("指标交易", "产权交易", "trading"),
            "生态修复及价值提升": ("修复提升", "restoration"),
            "生态产业化经营": ("产业化经营", "industry"),
            "生态补偿": ("补偿", "compensation"),
        },
    ),
)
RESOURCE = Vocab(
    N_("resource"),
    _plain(
        RESOURCES,
        {
            "土地": ("land",),
            "矿产": ("mineral", "minerals"),
            "森林": ("林地", "forest"),
            "草原": ("grassland",),
            "水": ("水流", "水资源", "water"),
            "湿地": ("wetland",),
            "海域海岛": ("海域", "海岛", "海洋", "sea", "marine"),
        },
    ),
)
TOPIC = Vocab(N_("topic"), TOPICS)
# parts of a case for `show --section`
# a section's names come from the one label table (labels.names: short, the others, full)
PART = Vocab(
    N_("section"),
    {
        "header": labels.names("header", "标题", "头部"),
        "background": labels.names("background"),
        "mechanism": labels.names("mechanism"),
        "practices": labels.names("practices"),
        "outcomes": labels.names("outcomes"),
        "metrics": labels.names("metrics", "指标", "figures"),
        "policies": labels.names("policies", "文件"),
        "notes": labels.names("notes", "备注", "注释"),
    },
)
# where `search --section` looks
SEARCH_SECTION = Vocab(
    N_("section"),
    {
        "title": labels.names("title", "名称", "names"),
        "background": labels.names("background"),
        "mechanism": labels.names("mechanism"),
        "practices": labels.names("practices"),
        "outcomes": labels.names("outcomes"),
    },
)
DIMENSION = Vocab(
    N_("dimension"),
    {
        "city": ("地市", "城市", "市"),
        "category": ("类别", "类型"),
        "mode": ("模式", "modes", "价值实现模式"),
        "resource": ("资源", "resources"),
        "tag": ("标签", "tags", "关键词"),
        "model": ("模型", "models", "口号"),
    },
)
LIST_SORT = Vocab(
    N_("sort key"),
    {
        "id": ("编号",),
        "city": ("地市",),
        "category": ("类别",),
        "page": ("页码",),
        "title": ("简称", "标题"),
        "metrics": ("数据", "数据量", "figures"),
    },
)
FIGURE_SORT = Vocab(
    N_("sort key"),
    {
        "value": ("数值", "normalized"),
        "year": ("年份",),
        "case": ("案例", "id"),
        "topic": ("主题",),
        "position": ("序号",),  # a figure's place in its case
        "label": ("指标",),
    },
)
# what `figures --sum --by` groups totals by
TOTAL_BY = Vocab(
    N_("grouping"),
    {"case": ("案例", "id"), "city": ("地市", "市"), "topic": ("主题",), "year": ("年份",)},
)
UNIT_KIND = Vocab(
    N_("unit kind"),
    {
        "money": ("金额", "元", "钱"),
        "area": ("面积", "亩"),
        "mass": ("重量", "吨"),
        "volume": ("体积", "立方米"),
        "length": ("长度", "米", "公里"),
        "people": ("人数", "人"),
        "households": ("户数", "户"),
        "visits": ("人次",),
        "percent": ("百分比", "%", "比例"),
        "count": ("个数", "数量"),
        "rate": ("比率", "单价", "rates"),
        # the rates by what they are per (units.rate_family): 元/人, 万元/户, 万元/村, 元/亩, 吨/日
        "per_person": ("人均", "每人"),
        "per_household": ("户均", "每户"),
        "per_village": ("村均", "每村"),
        "per_area": ("亩均", "每亩"),
        "per_period": ("每年", "每月", "每日", "年均"),
        "power": ("功率",),
        "temperature": ("温度",),
        "grade": ("等级", "等别"),
        "rank": ("排名", "名次", "位次"),
        "number": ("数",),
        "time": ("时间",),
    },
)
STYLE = Vocab(
    N_("style"),
    {
        "gbt7714": ("国标", "gb", "gbt", "gb/t7714"),
        "bibtex": ("bib",),
        "ris": (),
        "csl-json": ("csl", "csljson", "citeproc"),
    },
)


def tag_vocab(cases: Sequence[Tagged]) -> Vocab:
    """Tags and models of the loaded cases, with the pinyin the data carries (here, not in
    query.py, so that a TAB on --tag imports no more than the vocabularies and the data)."""
    names: dict[str, tuple[str, ...]] = {}
    pinyin: dict[str, tuple[str, str]] = {}
    for c in cases:
        for t in (*c.tags, *c.models):
            names.setdefault(t, ())
        for name, full, initials in c.pinyin.names:
            pinyin.setdefault(name, (full, initials))
    return Vocab(N_("tag"), names, pinyin=pinyin, listing="gxeco stats --by tag")
