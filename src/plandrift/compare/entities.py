"""Named things a goal is about: projects, parks, plants, titles and places.

Found generally, not from a list of names: a run of content characters inside one clause
that ends in a kind word (电站, 项目, 产业园, 基地, 装置, 模范城 …), with the action verbs
before it (加快建设, 重点实施 …) cut off.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import tokens

_DATA = Path(__file__).with_name("data") / "entities.toml"


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class Words:
    """entities.toml, compiled once."""

    suffixes: tuple[str, ...]
    suffix_re: re.Pattern[str]
    leads: tuple[str, ...]  # verbs and frames before a name
    count_re: re.Pattern[str]  # a count opening a name (1个…产业园)
    inner_prepositions: frozenset[str]  # 沿, 向: a name begins after them
    generic: frozenset[str]
    ranks_re: re.Pattern[str]
    generic_core_re: re.Pattern[str]
    common_bigrams: frozenset[str]
    kind_class: dict[str, str]
    place_re: re.Pattern[str]
    action_re: re.Pattern[str]
    goes_on_re: re.Pattern[str]  # action words then another kind word: the name goes on
    item_re: re.Pattern[str]  # "X项目：" opening a project list's item
    list_sections: tuple[str, ...]  # section titles of project lists
    lead_tags: tuple[str, ...]  # parts of speech that open a run without naming
    ordinal_re: re.Pattern[str]  # 第二: which of several alike things a name is
    phase_re: re.Pattern[str]  # 二期: which part of one thing
    wide_places: tuple[str, ...]  # place ends of a level that holds the named thing's own
    place_ends: tuple[str, ...]
    common_tags: frozenset[str]  # parts of speech of a common word (not a name)
    verb_tags: frozenset[str]  # … of the verbs and function words that may open a category
    designations: tuple[str, ...]  # ranks that make a category one title (国家医学中心)
    honours: tuple[str, ...]  # kind words of a title a place wins (文明城市): one thing each
    one_of_a_place: frozenset[str]  # kinds a place has one of by each name (a zone, a bridge)
    item_kinds: tuple[str, ...]
    opening_action_re: re.Pattern[str]  # 续建, 新建 opening a list item's head
    actions: tuple[str, ...]  # the work done on a thing (改扩建, 提升)
    object_verbs: frozenset[str]  # 参与: a verb whose object is the kind word (参与项目)
    enumerating: tuple[str, ...]  # marks between the items of an enumeration (、, 和)
    programmes: tuple[str, ...]  # kind words of a named programme (…工程), never an example
    collective: frozenset[str]  # 各, 各类: a name opening so is a set of things, not one

    @property
    def suffixes_longest(self) -> tuple[str, ...]:
        return tuple(sorted(self.suffixes, key=len, reverse=True))


@cache
def words() -> Words:
    d = tomllib.loads(_DATA.read_text("utf-8"))
    kinds = {w: kind for kind, ws in d["kinds"].items() for w in ws}
    return Words(
        suffixes=tuple(d["suffixes"]),
        suffix_re=re.compile(_alternation(d["suffixes"])),
        leads=tuple(d["leads"]),
        count_re=re.compile(d["count_opening"]),
        inner_prepositions=frozenset(d["inner_prepositions"]),
        generic=frozenset(d["generic"]),
        ranks_re=re.compile(f"^(?:{_alternation(d['ranks'])})+"),
        generic_core_re=re.compile(f"^(?:{_alternation(d['generic_core'])})*$"),
        common_bigrams=frozenset(d["common_bigrams"]),
        kind_class=kinds,
        place_re=re.compile(
            f"^(?:[\u4e00-\u9fff]{{2,3}}(?:{_alternation(d['place_ends'])})|"
            f"(?:{_alternation(d['place_ends'])}))"
        ),
        action_re=re.compile(f"(?:{_alternation(d['actions'])})+$"),
        list_sections=tuple(d["list_sections"]),
        lead_tags=tuple(d["lead_tags"]),
        ordinal_re=re.compile(d["ordinal"]),
        phase_re=re.compile(d["phase"]),
        wide_places=tuple(d["wide_places"]),
        place_ends=tuple(d["place_ends"]),
        common_tags=frozenset(d["common_tags"]),
        verb_tags=frozenset(d["verb_tags"]),
        designations=tuple(d["designations"]),
        honours=tuple(d["honours"]),
        one_of_a_place=frozenset(d["one_of_a_place"]),
        item_kinds=tuple(d["item_kinds"]),
        opening_action_re=re.compile(f"^(?:{_alternation(d['actions'])})"),
        actions=tuple(d["actions"]),
        object_verbs=frozenset(d["object_verbs"]),
        collective=frozenset(d["collective"]),
        enumerating=tuple(d["enumerating"]),
        programmes=tuple(d["programmes"]),
        item_re=re.compile(
            f"^[^，,。；;：:]{{2,{int(d['item_max'])}}}(?:{_alternation(d['item_kinds'])})[：:]"
        ),
        goes_on_re=re.compile(
            f"(?:{_alternation(d['actions'])})*(?:{_alternation(d['suffixes'])})"
        ),
    )


# "实施A、B、C等5个项目": every item of a list that ends so is the name of a project.
_LISTING = re.compile(
    r"([^，。；：,;:]+?)等(?:\d+|[一二三四五六七八九十百]+)?[个项批]?(?:重点|重大)?(?:项目|工程)"
)
_MEASURE = re.compile(r"\d+(?:\.\d+)?[万千百亿]*[^\d万千百亿\W]")
_KIND_AFTER = re.compile(r"[村镇县区市省园局]")  # 铁路局: the kind word is inside a name
# Clause marks end a name; a single dash between two names joins them (吉林—延吉天然气管道,
# 中国—东盟), a double one (——) or a dash beside a mark does not.
_CLAUSE = re.compile(
    r"(?:[，,。；;：:！？!?、（）()《》“”\"'‘’「」『』【】\s…·/]|——+"
    r"|(?<![\u4e00-\u9fff])—|—(?![\u4e00-\u9fff]))+"
)
_NUM_ONLY = re.compile(r"^[\d.万千百亿吨米个套只条座家户]*$")
MAX_LEN = 24
_NUMBERING = re.compile(r"^\d{1,2}[.、．]")
_SHORT_PAREN = re.compile(r"[(（]([^()（）]{1,4})[)）]")
_SPACE = re.compile(r"[ \t\u3000\u200b\u200d]+")
_RATE_SLASH = re.compile(r"/(?=[年日天])")  # 4.5万吨/年: a unit's slash, no separator


@tokens.memo
def find(text: str) -> tuple[str, ...]:
    """The names in ``text``, in order, without duplicates."""
    out: list[str] = []
    text = _SPACE.sub("", unicodedata.normalize("NFKC", text))
    text = _SHORT_PAREN.sub(r"\1", text)  # 污水处理厂(三期)项目: a phase is part of the name
    for listing in _LISTING.finditer(text):
        for item in listing.group(1).split("、"):
            name = _trim(_CLAUSE.split(item)[-1]) if item else ""
            if name and name not in out:
                out.append(name)
    for clause in _CLAUSE.split(text):
        if len(clause) < 3:
            continue
        last = 0
        for m in words().suffix_re.finditer(clause):
            if m.end() < len(clause) and _KIND_AFTER.match(clause, m.end()):
                continue  # 文明城市村: the kind word is inside a longer name
            if words().goes_on_re.match(clause, m.end()):
                continue  # 中心医院, 医院改扩建项目: the name goes on to a later kind word
            name = _trim(clause[last : m.end()])
            last = m.end()
            if name and name not in out:
                out.append(name)
    return tuple(out)


def _last_words(name: str, limit: int) -> str:
    """The end of ``name`` within ``limit`` characters, cut between words (舒兰天池钼业…项目
    loses 舒兰, never 舒 alone)."""
    if len(name) <= limit:
        return name
    starts = sorted(b for b in tokens.bounds(name) if len(name) - b <= limit)
    return name[starts[0] :] if starts else name[-limit:]


def _after_preposition(run: str) -> str:
    """What follows the last preposition of place inside ``run`` (沿, 向), when four
    characters or more do."""
    at, cut = 0, 0
    for word, tag in tokens.tagged(run):
        at += len(word)
        if tag == "p" and word in words().inner_prepositions and len(run) - at >= 4:
            cut = at
    return run[cut:]


def _trim(run: str) -> str:
    """Cut the verbs before a name: keep what follows the last lead word that is a word of
    its own (the 对 of 对口合作 is not the preposition)."""
    cuts = [0]
    bounds = tokens.bounds(run)
    leads = words().leads
    for end in sorted(bounds):  # every word end, so overlapping leads (力争创建) are all seen
        if end < len(run) - 1 and any(
            run.startswith(lead, end - len(lead)) and end - len(lead) in bounds
            for lead in leads
            if len(lead) <= end
        ):
            cuts.append(end)
    cut = cuts[-1]
    # 康复护理扩容提升工程: a lead that is the work (提升) before a bare kind word is the
    # name's own, when a name comes before it
    if len(cuts) > 1 and run[cut:] in words().generic:
        before = run[cuts[-2] : cut]
        work = next((a for a in words().actions if before.endswith(a)), "")
        if work and len(before) - len(work) >= 2:
            cut = cuts[-2]
    run = _NUMBERING.sub("", run[cut:])  # 5.协助物流运输企业…: a list's numbering is no name
    run = words().count_re.sub("", run)
    run = _after_preposition(run)
    name = _last_words(tokens.without_lead(run, words().lead_tags), MAX_LEN)
    if (
        len(name) < 4
        or name in words().generic
        or _NUM_ONLY.match(name[:-2] if len(name) > 2 else name)
    ):
        return ""
    return name


@tokens.memo
def ident(name: str) -> str:
    """The part of a name that says which thing it is: its core without the kind words,
    the action (改扩建) and the place it opens with (吉林市)."""
    w = words()
    bare, prev = core(name), ""
    while prev != bare:
        prev = bare
        end = next((x for x in w.suffixes_longest if bare.endswith(x) and len(bare) > len(x)), "")
        bare = bare[: len(bare) - len(end)]
        bare = w.action_re.sub("", bare) or bare
    unplaced = w.place_re.sub("", bare)
    return unplaced if len(unplaced) >= 2 else bare


def identifying(name: str) -> bool:
    """Whether a name says which thing it is (not just 产业项目 or 重点工程)."""
    bare = ident(name)
    if len(bare) < 2 or words().generic_core_re.match(bare):
        return False
    if bare in words().suffixes and not bare.endswith(words().honours):
        return False  # 开发区项目: only kind words (全国文明城市 is a title)
    if _category(name, bare):
        return False
    if tokens.words(name)[0] in words().collective:
        return False  # 各产业集群: every cluster, not one
    if _object_of_verb(bare):
        return False  # 浙商参与项目: the projects a verb takes part in, not a named one
    # 交付中心, 释放开发区: what is left is only a verb, naming an act, not a thing (a road or
    # a plant may be named after a place that reads as a verb: 延长高速)
    if kind_of(name) in ("road", "rail", "bridge", "plant", "airport"):
        return True
    return not all(tag in ("v", "vd") for _, tag in tokens.tagged(bare))


def _object_of_verb(bare: str) -> bool:
    """Whether the kind word is a verb's object: 浙商参与项目, 民间资本参与重大项目."""
    parts = list(tokens.words(bare))
    while len(parts) > 1 and words().generic_core_re.match(parts[-1]):
        parts.pop()
    return parts[-1] in words().object_verbs


def _category(name: str, bare: str) -> bool:
    """职业学校, 商业综合体, 护岸工程: one common word before the kind names a category of
    things, not one. 沈吉铁路, 雪亮工程 open with a name; 市传染病医院 and 磐石市医院 with a
    place, whose own it is; a zone (综合保税区), a bridge or road (环山大桥工程), a rank's
    designation (国家医学中心) or an honour (全国文明城市) is one a place has. The verbs
    before the category (增强综治中心) do not make it a thing."""
    w = words()
    if opens_with_place(name) or name.endswith(w.honours) or name.startswith(w.designations):
        return False
    inner = name
    while inner.endswith(w.item_kinds) and len(inner) > 4:  # 环山大桥工程 is a bridge
        inner = inner[:-2]
    if kind_of(inner) in w.one_of_a_place:
        return False
    pairs = list(tokens.tagged(bare))
    while pairs and pairs[0][1] in w.verb_tags:  # 增强综治中心, 抓好现代农业产业园区
        pairs.pop(0)
    return not pairs or (len(pairs) == 1 and pairs[0][1] in w.common_tags)


@tokens.memo
def kind_of(name: str) -> str:
    ends = [m for m in words().suffix_re.finditer(name) if m.end() == len(name)]
    return words().kind_class.get(ends[-1].group(), "") if ends else ""


def same_kind_possible(a: str, b: str) -> bool:
    """A park is not a base and a centre is not a cluster; a project may be any of them."""
    ka, kb = kind_of(a), kind_of(b)
    return not ka or not kb or ka == kb


def distinct(a: str, b: str) -> bool:
    """Names that cannot be one thing, however alike: they open with two places (永吉县第二
    人民医院…, 舒兰市第二人民医院…), carry other ordinals (吉林市人民医院, 吉林市第二人民医院) or
    other phases (一期, 二期)."""
    pa, pb = opening_place(a), opening_place(b)
    if pa and pb and pa != pb:
        return True
    w = words()
    if set(w.ordinal_re.findall(a)) != set(w.ordinal_re.findall(b)):
        return True
    phases_a, phases_b = set(w.phase_re.findall(a)), set(w.phase_re.findall(b))
    return bool(phases_a and phases_b and phases_a != phases_b)  # 一期 and the whole: one


@tokens.memo
def opening_place(name: str) -> str:
    """The place a name opens with, without its level (永吉县 → 永吉): its first word when
    jieba reads it as a place name that says its level (市, 县, 区); "" when none, or a
    province (吉林省碳纤维… may be the city's own, said by the province). A bare word (吉化,
    长吉) may be a firm's or a region's, so it says no place."""
    pairs = tokens.tagged(core(name))
    if len(pairs) < 2 or pairs[0][1] != "ns":
        return ""
    word = pairs[0][0]
    if len(word) < 3 or not word.endswith(words().place_ends) or word.endswith(words().wide_places):
        return ""
    return word[:-1]


def same_thing_possible(a: str, b: str) -> bool:
    """Two names can be one thing only if what identifies them shares a distinctive bigram
    (蛟河抽水蓄能电站 and 红石抽水蓄能电站 share only their kind)."""
    ia, ib = ident(a), ident(b)
    grams = {ia[i : i + 2] for i in range(len(ia) - 1)} & {
        ib[i : i + 2] for i in range(len(ib) - 1)
    }
    return bool(grams - words().common_bigrams)


@tokens.memo
def core(name: str) -> str:
    """What identifies a name: without its numbers and rank words (世界级, 国家级 …)."""
    bare = re.sub(r"[\d.]+", "", _MEASURE.sub("", _SHORT_PAREN.sub(r"\1", name)))
    prev = None
    while prev != bare:
        prev = bare
        bare = words().ranks_re.sub("", bare)
    return bare


def measures(name: str) -> set[str]:
    """Numbers with their unit inside a name (120米, 15万吨): shared ones tie names together."""
    return set(_MEASURE.findall(name))


@tokens.memo
def opens_with_place(name: str) -> bool:
    """Whether a name opens with a place (吉林市…, 丰满区…, 市传染病医院): a place's end
    word closing a word of its own, not the 园区 of 专业园区."""
    bare = core(name)
    m = words().place_re.match(bare)
    if not m:
        return False
    at = 0
    for word in tokens.words(bare):
        at += len(word)
        if at == m.end():
            return word not in words().suffixes
        if at > m.end():
            return False
    return False


def listed_example(name: str, text: str) -> bool:
    """Whether ``text`` names ``name`` only as one example in an enumeration (实施康养小镇、
    田园康养综合体、森林康养基地等医养结合项目; 培育食材成品、半成品加工基地): a kind of thing
    the plan wants more of, not one it promises. A list of projects (A、B等12个项目) or a
    project list's item names projects; a name opening with a place (吉林市…研究院) is that
    place's own; an honour, a designation, a programme (…工程) or a zone is one thing."""
    w = words()
    first = tokens.tagged(core(name))[:1]
    if (
        opens_with_place(name)
        or (first and first[0][1] == "ns")  # 吉林女子学校
        or name.endswith((*w.honours, *w.programmes))
        or name.startswith(w.designations)
        or kind_of(name) in w.one_of_a_place
    ):
        return False  # 国际冰雪体育运动之都, 科技企业上市工程, 永吉经济开发区: one thing
    flat = _SPACE.sub("", unicodedata.normalize("NFKC", text))
    if item_head(flat) or any(name in m.group(1) for m in _LISTING.finditer(flat)):
        return False
    at = [m.start() for m in re.finditer(re.escape(name), flat)]
    return bool(at) and all(
        (i > 0 and flat[i - 1] in words().enumerating)
        or flat[i + len(name) : i + len(name) + 1] in (*words().enumerating, "等")
        for i in at
    )


def project_item(text: str, section: str = "") -> bool:
    """Whether a statement is an item of a project list (X项目：建设…, or any line of a
    section such as 专栏3：科技创新重大项目): its numbers describe the project, and the
    statement promises the project itself."""
    last = section.rsplit("/", 1)[-1]
    if any(w in last for w in words().list_sections):
        return True
    return bool(words().item_re.match(_SPACE.sub("", unicodedata.normalize("NFKC", text))))


def item_head(text: str) -> str:
    """The project an item of a project list is (X项目：建设…), whole; "" for any other
    statement. Two items of one list are two projects, however alike their names."""
    head = words().item_re.match(_SPACE.sub("", unicodedata.normalize("NFKC", text)))
    return _head_name(head.group()[:-1]) if head else ""


def item_names(text: str) -> tuple[str, ...]:
    """The names a statement is about. An item of a project list (X项目：建设仓储中心，北接
    珲乌高速) is about its project: what its description names are the project's parts
    and surroundings, not things of their own."""
    every = find(text)
    head = words().item_re.match(_SPACE.sub("", unicodedata.normalize("NFKC", text)))
    if not head:
        return every
    # the head is the project's name whole (北华大学附属医院中东院区建设项目), whatever kind
    # words it holds; the names inside it still find the project
    named = tuple(
        dict.fromkeys(n for n in (_head_name(head.group()[:-1]), *find(head.group())) if n)
    )
    if not named:
        return every
    # the description may name the project again, without its kind word (建设120米大口径
    # 可旋转射电望远镜…): that is still the project
    return named + tuple(n for n in every if n not in named and any(n in h for h in named))


def _head_name(raw: str) -> str:
    """A project list item's head as one name: no verb opens it (a lead word there is part
    of the name: 中西医结合医院), so only its numbering goes; "" when it is too long or
    holds a quotation or a bracket (then the names found inside it stand)."""
    name = words().count_re.sub("", _NUMBERING.sub("", _SHORT_PAREN.sub(r"\1", raw)))
    opening = words().opening_action_re.match(name)  # 续建吉林市第六供水厂项目: 续建 is the work
    if opening and len(name) - opening.end() >= 4:
        name = name[opening.end() :]
    if len(name) > MAX_LEN or len(name) < 4 or _CLAUSE.search(_RATE_SLASH.sub("", name)):
        return ""
    return name


def unplaced(name: str) -> str:
    """A name without the place it opens with (吉林市城市供水 → 城市供水)."""
    rest = words().place_re.sub("", name)
    return rest if len(rest) >= 2 else name
