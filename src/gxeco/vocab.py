"""Closed vocabularies of the data: what a field may hold, and nothing else."""

from __future__ import annotations

CATEGORIES: tuple[str, ...] = ("自然资源资产管理", "生态保护修复及价值提升", "生态产业化经营")

MODES: tuple[str, ...] = ("生态资源指标及产权交易", "生态修复及价值提升", "生态产业化经营", "生态补偿")

RESOURCES: tuple[str, ...] = ("土地", "矿产", "森林", "草原", "水", "湿地", "海域海岛")

SECTIONS: tuple[str, ...] = ("background", "mechanism", "practices", "outcomes")

SECTION_NAMES: dict[str, str] = {
    "background": "案例背景",
    "mechanism": "核心机制",
    "practices": "具体做法",
    "outcomes": "主要成效",
}

# Topic of a figure: what kind of thing it measures. Documented in docs/schema.md.
TOPICS: dict[str, str] = {
    "investment": "投资：投入、总投资、资金投入",
    "finance": "金融：贷款、授信、融资、保险、绿色金融",
    "transaction": "交易：成交、出让、入市、交易金额与数量",
    "output": "产值与收益：产值、营业收入、经济效益、生产总值",
    "fiscal": "财政与税费：税收、土地出让金、调节金、补助",
    "income": "居民与集体收入：人均收入、分红、租金、村集体收入",
    "tourism": "旅游：游客人次、旅游收入",
    "employment": "就业：带动就业、务工人数、岗位",
    "land": "土地与空间：面积、用地、耕地、海域",
    "production": "生产：产量、产能、单产、规模",
    "ecology": "生态：修复、覆盖率、水质、空气、碳汇",
    "resource": "资源：储量、资源量、取水量",
    "infrastructure": "基础设施：道路、渠道、设施",
    "count": "数量：项目、企业、基地、村、荣誉等的个数",
}

QUALIFIERS: tuple[str, ...] = (
    "约",
    "超过",
    "超",
    "多",
    "余",
    "近",
    "以上",
    "不足",
    "左右",
    "逾",
    "以内",
    "不到",
    "上下",
    # issue 16: what else the source writes around its numbers
    "达",
    "达到",
    "可达",
    "不少于",
    "不低于",
    "最高",
    "突破",
    "数十",
    "上百",
    "上千",
    "近万",
)

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

# Toneless pinyin of the city names without 市 (checked against pypinyin in the tests).
CITY_PINYIN: dict[str, tuple[str, str]] = {
    "南宁市": ("nanning", "nn"),
    "柳州市": ("liuzhou", "lz"),
    "桂林市": ("guilin", "gl"),
    "梧州市": ("wuzhou", "wz"),
    "北海市": ("beihai", "bh"),
    "防城港市": ("fangchenggang", "fcg"),
    "钦州市": ("qinzhou", "qz"),
    "贵港市": ("guigang", "gg"),
    "玉林市": ("yulin", "yl"),
    "百色市": ("baise", "bs"),
    "贺州市": ("hezhou", "hz"),
    "河池市": ("hechi", "hc"),
    "来宾市": ("laibin", "lb"),
    "崇左市": ("chongzuo", "cz"),
}
