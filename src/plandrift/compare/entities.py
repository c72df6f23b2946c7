"""Named things a goal is about: projects, parks, plants, titles and places.

Found generally, not from a list of names: a run of content characters inside one clause
that ends in a kind word (电站, 项目, 产业园, 基地, 装置, 模范城 …), with the action verbs
before it (加快建设, 重点实施 …) cut off.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# The kind words that end a name; longest first so that 产业园 wins over 园.
SUFFIXES = (
    "抽水蓄能电站",
    "电站",
    "产业园",
    "工业园",
    "产业园区",
    "园区",
    "基地",
    "装置",
    "项目",
    "工程",
    "试验区",
    "保税区",
    "示范区",
    "开发区",
    "度假区",
    "滑雪场",
    "模范城",
    "文明城市",
    "卫生城市",
    "友好城市",
    "示范城市",
    "望远镜",
    "高速",
    "铁路",
    "机场",
    "大桥",
    "枢纽",
    "中心",
    "综合体",
    "产业链",
    "集群",
    "示范村",
    "名城",
    "之都",
    "之城",
    "副中心",
    "连冠",
    "综试区",
    "自贸区",
    "高新区",
    "经开区",
)
# Verbs and frames that come before a name and are not part of it.
LEADS = (
    "加快建设",
    "加快推进",
    "重点实施",
    "深入实施",
    "积极推进",
    "全面推进",
    "启动建设",
    "开工建设",
    "加快",
    "推进",
    "推动",
    "实施",
    "建设",
    "打造",
    "启动",
    "开工",
    "引进",
    "争创",
    "创建",
    "创成",
    "支持",
    "重点",
    "领域",
    "完成",
    "实现",
    "申建",
    "建成",
    "持续",
    "巩固",
    "保持",
    "依托",
    "结合",
    "围绕",
    "构建",
    "整合",
    "利用",
    "紧盯",
    "面向",
    "聚焦",
    "谋划",
    "蝉联",
    "获评",
    "获批",
    "成为",
    "包括",
    "以及",
    "等一批",
    "一批",
    "和",
    "及",
    "与",
    "的",
    "在",
    "为",
    "是",
    "了",
    "将",
    "把",
    "对",
    "等",
)
GENERIC = {
    "项目",
    "工程",
    "重大项目",
    "重点项目",
    "产业项目",
    "建设项目",
    "中心",
    "城市",
    "园区",
    "基地",
    "示范区",
    "开发区",
    "产业链",
    "集群",
    "高速",
    "铁路",
    "机场",
    "全产业链",
}
# Modifiers that rank a name rather than identify it.
RANKS = re.compile(
    r"^(?:世界级|世界一流|国际级|国际一流|国家级|全国一流|全国|国家|中国|省级|市级|东北|一流|重点|重大|"
    r"百亿级|千亿级|高品质|高水平|现代化|新型|大型|示范|着力培育|聚力构筑|培育|构筑)+"
)
# "实施A、B、C等5个项目": every item of a list that ends so is the name of a project.
_LISTING = re.compile(
    r"([^，。；：,;:]+?)等(?:\d+|[一二三四五六七八九十百]+)?[个项批]?(?:重点|重大)?(?:项目|工程)"
)
_MEASURE = re.compile(r"\d+(?:\.\d+)?[万千百亿]*[^\d万千百亿\W]")
_KIND_AFTER = re.compile(r"[村镇县区市省园]")
_CLAUSE = re.compile(r"[，,。；;：:！？!?、（）()《》“”\"'‘’「」『』【】\s—…·/]+")
_SUFFIX = re.compile("|".join(re.escape(s) for s in sorted(SUFFIXES, key=len, reverse=True)))
_LEAD = re.compile("|".join(re.escape(s) for s in sorted(LEADS, key=len, reverse=True)))
_NUM_ONLY = re.compile(r"^[\d.万千百亿吨米个套只条座家户]*$")
MAX_LEN = 18
_SPACE = re.compile(r"[ \t\u3000\u200b\u200d]+")


@lru_cache(maxsize=65536)
def find(text: str) -> tuple[str, ...]:
    """The names in ``text``, in order, without duplicates."""
    out: list[str] = []
    text = _SPACE.sub("", unicodedata.normalize("NFKC", text))
    for listing in _LISTING.finditer(text):
        for item in listing.group(1).split("、"):
            name = _trim(_CLAUSE.split(item)[-1]) if item else ""
            if name and name not in out:
                out.append(name)
    for clause in _CLAUSE.split(text):
        if len(clause) < 3:
            continue
        last = 0
        for m in _SUFFIX.finditer(clause):
            if m.end() < len(clause) and _KIND_AFTER.match(clause, m.end()):
                continue  # 文明城市村: the kind word is inside a longer name
            name = _trim(clause[last : m.end()])
            last = m.end()
            if name and name not in out:
                out.append(name)
    return tuple(out)


def _trim(run: str) -> str:
    """Cut the verbs before a name: keep what follows the last lead word."""
    cut = 0
    for m in _LEAD.finditer(run):
        if m.end() < len(run) - 1:
            cut = m.end()
    name = run[cut:][-MAX_LEN:]
    if len(name) < 4 or name in GENERIC or _NUM_ONLY.match(name[:-2] if len(name) > 2 else name):
        return ""
    return name


# Sector and kind words: "农业项目", "签约项目" name a category, not a thing.
_GENERIC_CORE = re.compile(
    r"^(?:产业|重大|重点|民生|基础设施|优质|新|大|好|各类|一批|该|本|此|个|项|全|农业|工业|服务业|"
    r"签约|招商|开工|续建|新建|在建|储备|城建|交通|水利|能源|文旅|旅游|社会事业|科技|创新|生态|"
    r"环保|市政|政府投资|中央预算内|专项债|亿元以上|千万元以上|以上)*$"
)


@lru_cache(maxsize=65536)
def ident(name: str) -> str:
    """The part of a name that says which thing it is: its core without the kind words."""
    bare = core(name)
    m = _SUFFIX.search(bare)
    while m is not None and m.end() == len(bare):
        bare = bare[: m.start()]
        m = _SUFFIX.search(bare)
    return bare


def identifying(name: str) -> bool:
    """Whether a name says which thing it is (not just 产业项目 or 重点工程)."""
    bare = ident(name)
    return len(bare) >= 2 and not _GENERIC_CORE.match(bare)


_COMMON_BIGRAMS = {"产业", "工业", "农业", "项目", "工程", "建设", "发展", "中心", "国家", "全国"}


# Kind words grouped by the kind of thing they name; 项目/工程 (and no kind) fit any kind.
_KIND_CLASS = {
    "抽水蓄能电站": "plant",
    "电站": "plant",
    "产业园": "park",
    "工业园": "park",
    "产业园区": "park",
    "园区": "park",
    "基地": "base",
    "装置": "facility",
    "望远镜": "facility",
    "试验区": "zone",
    "保税区": "zone",
    "示范区": "zone",
    "开发区": "zone",
    "综试区": "zone",
    "自贸区": "zone",
    "高新区": "zone",
    "经开区": "zone",
    "度假区": "resort",
    "滑雪场": "resort",
    "中心": "centre",
    "产业链": "chain",
    "集群": "cluster",
    "高速": "road",
    "铁路": "rail",
    "机场": "airport",
    "大桥": "bridge",
    "枢纽": "hub",
}


@lru_cache(maxsize=65536)
def kind_of(name: str) -> str:
    ends = [m for m in _SUFFIX.finditer(name) if m.end() == len(name)]
    return _KIND_CLASS.get(ends[-1].group(), "") if ends else ""


def same_kind_possible(a: str, b: str) -> bool:
    """A park is not a base and a centre is not a cluster; a project may be any of them."""
    ka, kb = kind_of(a), kind_of(b)
    return not ka or not kb or ka == kb


def same_thing_possible(a: str, b: str) -> bool:
    """Two names can be one thing only if what identifies them shares a distinctive bigram
    (蛟河抽水蓄能电站 and 红石抽水蓄能电站 share only their kind)."""
    ia, ib = ident(a), ident(b)
    grams = {ia[i : i + 2] for i in range(len(ia) - 1)} & {
        ib[i : i + 2] for i in range(len(ib) - 1)
    }
    return bool(grams - _COMMON_BIGRAMS)


@lru_cache(maxsize=65536)
def core(name: str) -> str:
    """What identifies a name: without its numbers and rank words (世界级, 国家级 …)."""
    bare = re.sub(r"[\d.]+", "", _MEASURE.sub("", name))
    prev = None
    while prev != bare:
        prev = bare
        bare = RANKS.sub("", bare)
    return bare


def measures(name: str) -> set[str]:
    """Numbers with their unit inside a name (120米, 15万吨): shared ones tie names together."""
    return set(_MEASURE.findall(name))
