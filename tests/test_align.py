"""Alignment on the real bundled corpus: chains, reasons, repeats, stable ids, reviews."""

from __future__ import annotations

import json
import shutil

import pytest

from plandrift.compare import align, entities, lexicon, tokens
from plandrift.compare.review import record_review
from plandrift.corpus.errors import BadInput
from plandrift.corpus.store import open_db
from plandrift.workspace import build as workspace


def _members(db, chain_id: str) -> list[dict]:
    return list(
        db.query(
            "select m.*, s.text from chain_members m join statements s on s.id = m.statement "
            "where m.chain = ? order by m.position",
            [chain_id],
        )
    )


def test_a_longer_term_holding_an_alias_is_not_that_metric():
    lex = lexicon.load()
    assert [m.metric.key for m in lex.find("经营主体达到44.1万户")] == ["market-entities"]
    assert lex.find("发展新型农业经营主体，新增示范家庭农场70个") == [] or all(
        m.metric.key != "market-entities" for m in lex.find("发展新型农业经营主体")
    )
    assert lex.metrics["market-entities"].named_in("市场主体达到40万户")
    assert not lex.metrics["market-entities"].named_in("为新型农业经营主体增信")


def test_lexicon_aliases_are_one_metric():
    lex = lexicon.load()
    keys = {
        lex.nearest(t).key
        for t in ("规模工业增加值增长", "规模以上工业增加值增长", "规上工业增加值增长")
    }
    assert keys == {"industry-value-added"}
    assert lex.nearest("国内生产总值增长").key == lex.nearest("地区生产总值增长").key == "gdp"
    assert lex.nearest("市场主体达到").key == lex.nearest("经营主体达到").key
    assert lex.nearest("新增城镇就业") == lex.nearest("城镇新增就业")


def test_user_lexicon_is_merged(tmp_path):
    extra = tmp_path / "mine.toml"
    extra.write_text('[[metric]]\nkey = "snow"\nname = "降雪"\naliases = ["降雪量"]\n', "utf-8")
    lex = lexicon.load(str(extra))
    assert lex.nearest("全年降雪量达到").key == "snow"
    assert lex.nearest("地区生产总值增长").key == "gdp"  # the bundled entries stay


def test_the_database_says_which_lexicon_linked_it(built_db_path, tmp_path):
    db_path = tmp_path / "p.db"
    shutil.copy(built_db_path, db_path)
    extra = tmp_path / "mine.toml"
    extra.write_text('[[metric]]\nkey = "snow"\nname = "降雪"\naliases = ["降雪量"]\n', "utf-8")

    def said() -> str:
        db = open_db(db_path)
        try:
            return str(
                db.execute("select value from plandrift_build where key = 'lexicon'").fetchone()[0]
            )
        finally:
            db.conn.close()

    assert said() == "bundled"
    workspace.relink(db_path, str(extra))
    assert said().startswith(str(extra.resolve())) and "sha256" in said()
    workspace.relink(db_path)
    assert said() == "bundled"


def test_names_are_found_generally():
    assert "蛟河琵河抽蓄电站" in entities.find("加快蛟河琵河抽蓄电站建设，推动蛟河天岗")
    assert "120米口径射电雷达科学装置" in entities.find(
        "重点实施 120 米口径射电雷达科学装置、吉林华耀等5个项目"
    )
    assert entities.find("争创全国双拥模范城“十连冠”") == ("全国双拥模范城",)


def test_grain_chain_follows_the_years(built_db):
    texts = " ".join(m["text"] for m in _members(built_db, "m:grain"))
    for figure in ("91.06", "93.45", "97.6"):
        assert figure in texts
    docs = {m["doc"] for m in _members(built_db, "m:grain")}
    assert {"plan-14th", "review-2022", "report-2024", "summary-2026"} <= docs


def test_terminology_change_stays_one_chain(built_db):
    texts = [m["text"] for m in _members(built_db, "m:market-entities")]
    assert any("市场主体" in t for t in texts) and any("经营主体" in t for t in texts)


def test_project_renamed_is_one_chain(built_db):
    hits = [
        m
        for m in built_db.query(
            "select m.chain, s.text from chain_members m join statements s on s.id = m.statement "
            "where s.text like '%射电%'"
        )
    ]
    by_chain: dict[str, set[str]] = {}
    for h in hits:
        by_chain.setdefault(h["chain"], set()).add(h["text"])
    assert any(
        any("望远镜" in t for t in texts) and any("雷达科学装置" in t for t in texts)
        for texts in by_chain.values()
    )


def test_every_member_has_reasons_and_no_repeat_is_a_member(built_db):
    rows = list(
        built_db.query(
            "select m.reasons, s.repeat_of from chain_members m join statements s on s.id = m.statement"
        )
    )
    assert rows
    assert all(json.loads(r["reasons"]) for r in rows)
    assert all(r["repeat_of"] is None for r in rows)


def test_link_is_deterministic(built_db_path, tmp_path):
    copy = tmp_path / "copy.db"
    shutil.copy(built_db_path, copy)
    db = open_db(copy)
    before = list(
        db.query("select chain, statement, position, reasons from chain_members order by 1, 2")
    )
    with db.conn:
        align.link(db)
    after = list(
        db.query("select chain, statement, position, reasons from chain_members order by 1, 2")
    )
    assert before == after


def test_reviews_change_membership_and_survive_rebuild(built_db_path, tmp_path):
    path = tmp_path / "r.db"
    shutil.copy(built_db_path, path)
    db = open_db(path)
    victim = _members(db, "m:grain")[-1]["statement"]
    outsider = next(
        iter(
            db.query(
                "select id from statements where repeat_of is null and id not in "
                "(select statement from chain_members where chain = 'm:grain') limit 1"
            )
        )
    )["id"]
    record_review(db, "m:grain", statement=victim, decision="reject")
    record_review(db, "m:grain", statement=outsider, decision="accept")
    db.conn.close()
    workspace.build_corpus(path)
    db = open_db(path)
    ids = {m["statement"] for m in _members(db, "m:grain")}
    assert victim not in ids and outsider in ids


def test_two_plants_of_one_kind_are_not_one_thing():
    assert not entities.same_thing_possible("蛟河抽水蓄能电站", "红石抽水蓄能电站")
    assert entities.same_thing_possible("蛟河抽水蓄能电站", "蛟河琵河抽蓄电站")


def test_pumped_storage_chain_reaches_the_2026_digest(built_db):
    chains = {
        r["chain"]
        for r in built_db.query(
            "select m.chain from chain_members m join statements s on s.id = m.statement "
            "where s.text like '%加快建设蛟河抽水蓄能电站%'"
        )
    }
    docs = {
        r["doc"]
        for c in chains
        for r in built_db.query("select doc from chain_members where chain = ?", [c])
    }
    assert {"plan-14th", "summary-2026"} <= docs


def test_lexicon_from_environment(tmp_path, monkeypatch):
    extra = tmp_path / "env.toml"
    extra.write_text('[[metric]]\nkey = "hail"\naliases = ["冰雹日数"]\n', "utf-8")
    monkeypatch.setenv(lexicon.ENV, str(extra))
    assert lexicon.load().nearest("冰雹日数减少").key == "hail"
    monkeypatch.setenv(lexicon.ENV, str(tmp_path / "missing.toml"))
    with pytest.raises(BadInput):
        lexicon.load()


def test_every_indicator_row_is_a_goal_named_as_the_row_names_it(built_db):
    rows = list(
        built_db.query(
            "select id, text from statements where doc = 'plan-14th' and kind = 'table-row'"
        )
    )
    assert len(rows) == 32
    titles = {}
    for r in rows:
        found = [
            c["title"]
            for c in built_db.query(
                "select c.title from chains c join chain_members m on m.chain = c.id "
                "where m.statement = ?",
                [r["id"]],
            )
        ]
        assert found, r["text"]
        titles[r["id"]] = found
    flat = {t for ts in titles.values() for t in ts}
    for name in (
        "劳动年龄人口平均受教育年限",
        "每千人口拥有执业医师数",
        "每千人口拥有3岁以下婴幼儿托位数",
        "数字经济贡献率",
        "数字经济渗透率",
        "人均预期寿命",
        "单位地区生产总值二氧化碳排放降低",
    ):
        assert name in flat, name


def test_slogans_are_themes_not_goals(built_db):
    from plandrift.compare.query import ChainFilter, list_chains

    goals = {c.title for c in list_chains(built_db)}
    everything = {c.title for c in list_chains(built_db, ChainFilter(themes=True))}
    themes = everything - goals
    assert themes and "维护社会和谐稳定" in themes
    assert "粮食产量" in goals and "市污水处理厂三期" in goals


def test_macro_indicators_form_one_goal_each_without_the_lexicon(built_db_path, tmp_path):
    """The lexicon holds renames and synonyms; the indicators themselves are found from the
    shapes reports use. With every metric of the lexicon removed, GDP, investment, retail
    sales, income, jobs and grain still form one goal each."""
    import shutil

    from plandrift.compare.lexicon import Lexicon, load
    from plandrift.corpus.store import open_db

    path = tmp_path / "nolex.db"
    shutil.copy(built_db_path, path)
    db = open_db(path)
    lex = load()
    empty = Lexicon(
        metrics={},
        units=lex.units,
        boilerplate=lex.boilerplate,
        areas=lex.areas,
        measure_nouns=lex.measure_nouns,
        rhetoric=lex.rhetoric,
        generic_keys=lex.generic_keys,
    )
    with db.conn:
        align.link(db, empty)
    quotes = {
        "GDP": ["全年地区生产总值增长6.7%", "地区生产总值增长7%左右", "地区生产总值增长5.5%以上"],
        "investment": ["固定资产投资增长15.2%", "固定资产投资增长5%，"],
        "retail": ["社会消费品零售总额增长9.5%", "社会消费品零售总额增长6%左右"],
        "jobs": ["全市城镇新增就业4万人", "全市城镇新增就业4.58万人", "城镇新增就业3.35万人"],
        "grain": ["粮食产量91.06亿斤", "产量达到93.45亿斤", "粮食产量创97.6亿斤新纪录"],
    }
    for what, texts in quotes.items():
        held = []
        for text in texts:
            rows = list(
                db.query(
                    "select m.chain from chain_members m join statements s on s.id = m.statement "
                    "where instr(s.text, ?) > 0 and s.repeat_of is null",
                    [text],
                )
            )
            held.append({r["chain"] for r in rows})
        assert all(held), (what, held)
        assert set.intersection(*held), (what, held)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("建设“一市多园”对口合作产业园区", "对口合作产业园区"),  # 对 of 对口 is no preposition
        (
            "舒兰天池钼业日处理2.5万吨钼矿石项目：建设露天采场",
            "舒兰天池钼业日处理2.5万吨钼矿石项目",
        ),
        (
            "加快建设吉林市中心医院省域优质医疗资源扩容下沉建设项目",
            "吉林市中心医院省域优质医疗资源扩容下沉建设项目",
        ),
    ],
)
def test_names_are_cut_between_words(text: str, name: str) -> None:
    assert name in entities.find(text)


def test_a_name_too_long_loses_whole_words() -> None:
    long = "中新食品区中深层地热清洁能源综合利用暨康养社区示范工程"
    (found,) = [n for n in entities.find(long) if n.endswith("示范工程")]
    assert len(found) <= entities.MAX_LEN and long.endswith(found)
    assert tokens.bounds(long) >= {len(long) - len(found)}


def test_a_project_item_is_about_its_project():
    """吉林环投危险废物处置项目：建设…危险废物交易平台及仓储中心: the warehouse is a part of the
    project, not a goal that other projects' warehouses could join."""
    item = "吉林环投危险废物处置项目：建设集危险废物存储和交易于一体的危险废物交易平台及仓储中心；"
    assert entities.item_names(item) == ("吉林环投危险废物处置项目",)
    again = "120米大口径可旋转射电望远镜项目：建设120米大口径可旋转射电望远镜及相关配套设施。"
    assert "120米大口径可旋转射电望远镜" in entities.item_names(again)  # the project, restated
    whole = "北华大学附属医院中东院区建设项目：建设办公和业务用房，进行室内装修。"
    assert entities.item_names(whole)[0] == "北华大学附属医院中东院区建设项目"  # not 中东院区…
    rate = "江苏美思德4.5万吨/年有机胺系列产品项目：建设有机胺系列产品生产装置及配套设施。"
    assert (
        entities.item_names(rate)[0] == "江苏美思德4.5万吨/年有机胺系列产品项目"
    )  # 吨/年 is a unit
    plain = "加快推进仓储中心和物流中心建设。"
    assert entities.item_names(plain) == entities.find(plain)


def test_overlapping_leads_are_all_cut():
    """力争创建: 争创 and 创建 overlap; the name starts after the last lead that is a word."""
    assert entities.find("力争创建2-3个省级现代农业产业园") == ("省级现代农业产业园",)


def test_names_of_two_places_or_two_ordinals_are_two_things():
    assert entities.distinct(
        "永吉县第二人民医院异地新建项目", "舒兰市第二人民医院医疗康复中心建设项目"
    )
    assert entities.distinct("吉林市人民医院扩建项目", "吉林市第二人民医院改扩建项目")
    assert entities.distinct("污水处理厂一期项目", "污水处理厂二期项目")
    assert not entities.distinct("污水处理厂一期项目", "污水处理厂项目")  # a phase of the whole
    assert not entities.distinct(
        "永吉城市防洪工程", "永吉县城市防洪工程"
    )  # one place, two spellings
    assert not entities.distinct("吉化炼油化工转型升级项目", "吉林石化炼油化工转型升级项目")


def test_two_items_of_one_project_list_are_never_one_goal(built_db):
    """The plan lists 吉林市第二人民医院改扩建项目 and 吉林市人民医院扩建项目 as two items."""
    heads = ["吉林市第二人民医院改扩建项目：%", "吉林市人民医院扩建项目：%", "永吉县第二人民医院%"]
    chains = [
        {
            r["chain"]
            for r in built_db.query(
                "select m.chain from chain_members m join statements s on s.id = m.statement "
                "where s.text like ?",
                [h],
            )
        }
        for h in heads
    ]
    assert all(chains) and not (chains[0] & chains[1]) and not (chains[0] & chains[2])


def test_a_shared_opening_joins_only_what_may_be_one_thing():
    assert not align._shared_opening(
        "中科院苏州医工所吉林市研究院项目", "中科院苏州医工所蛟河创新产业园项目"
    )
    assert align._shared_opening("美思德有机胺项目", "美思德有机胺系列产品")


@pytest.mark.parametrize(
    ("name", "thing"),
    [
        ("职业学校", False),
        ("商业综合体", False),
        ("增强综治中心", False),  # a verb before the category makes no thing of it
        ("雪亮工程", True),
        ("市传染病医院", True),  # the city's own
        ("综合保税区", True),  # a zone a place has one of
        ("环山大桥工程", True),
        ("国家医学中心", True),  # a designation
        ("全国文明城市", True),
    ],
)
def test_a_common_word_and_a_kind_word_name_a_category(name: str, thing: bool) -> None:
    assert entities.identifying(name) is thing


def test_a_threshold_is_part_of_what_is_counted():
    from plandrift.compare import signals

    assert signals.fallback_key("新改扩建66千伏以上变电站") == "66千伏以上变电站"
    assert signals.fallback_key("开复工5000万元以上项目") == "开复工5000万元以上项目"
    assert signals.threshold("以上项目405个", "万元")
    assert not signals.threshold("以上的中高速增长", "%")  # a rate's qualifier
    assert not signals.threshold("以上，", "万元")


def test_a_single_dash_joins_two_names():
    assert entities.find("吉林—延吉天然气管道项目：建设天然气管道312公里，") == (
        "吉林—延吉天然气管道项目",
    )
