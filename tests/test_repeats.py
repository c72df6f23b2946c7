"""corpus.repeats: a claim printed twice is counted once."""

from __future__ import annotations

from plandrift.corpus.manifest import bundled_corpus
from plandrift.corpus.models import Statement
from plandrift.corpus.repeats import glued_splits, key, mark_repeats

CORPUS = bundled_corpus()


def _st(doc: str, n: int, text: str) -> Statement:
    return Statement(f"{doc}:{n}", doc, None, "", text, 0, len(text), n)


def test_key_ignores_spaces_punctuation_and_width() -> None:
    assert key("全年开复工 5000 万元以上项目，增长６％。") == key(
        "全年开复工5000万元以上项目增长6%"
    )


PASSAGE = [
    "全年地区生产总值增长6.7%，排名全省第一，规模工业增加值增长7.1%，排名全省第三。",
    "实施城市更新三年计划，高质量完成市县两级国土空间规划和南部新城三大片区控详规编制。",
    "新建燃气管网17公里，改造燃气阀管30万户，更新老旧供热管网85公里。",
    "全国文明城市创建成果持续巩固，在全省文明村镇考核中排名第一。",
]


def _doc(doc: str, texts: list[str]) -> list[Statement]:
    return [_st(doc, n, t) for n, t in enumerate(texts)]


def test_reprinted_passage_repeats_across_documents() -> None:
    a = _doc("a", PASSAGE)
    b = _doc(
        "b", ["开头的一句新的话，讲别的事情。", *(t.replace("6.7%", "6.7 %") for t in PASSAGE)]
    )
    mark_repeats([a, b])
    assert all(s.repeat_of is None for s in a)
    assert b[0].repeat_of is None
    assert [s.repeat_of for s in b[1:]] == ["a:0", "a:1", "a:2", "a:3"]


def test_a_sentence_recurring_in_a_later_report_is_a_new_claim() -> None:
    a = _doc("a", ["居民消费价格涨幅3%左右。", "今年发展主要预期目标是：国内生产总值增长6%左右。"])
    b = _doc(
        "b", ["国内生产总值增长5%左右，城镇新增就业1100万人以上。", "居民消费价格涨幅3%左右。"]
    )
    mark_repeats([a, b])
    assert b[1].repeat_of is None


def test_a_yearly_goal_list_recurring_clause_by_clause_is_new_claims() -> None:
    """Next year's report restates short goals in the same order: new claims for a new year."""
    goals = ["城镇新增就业1200万人以上；", "居民收入增长和经济增长同步；", "国际收支保持基本平衡；"]
    a = _doc("a", ["今年发展主要预期目标是：国内生产总值增长5%左右；", *goals])
    b = _doc("b", ["今年发展主要预期目标是：国内生产总值增长4.5%左右；", *goals])
    mark_repeats([a, b])
    assert [s.repeat_of for s in b] == [None, None, None, None]


def test_doubled_sentence_within_a_document() -> None:
    b = _doc(
        "b",
        [
            "新增“四上”企业130户，增长12%。",
            "别的句子说别的事情了。",
            "新增“四上”企业130户，增长12%。",
        ],
    )
    mark_repeats([b])
    assert b[0].repeat_of is None and b[2].repeat_of == "b:0"


def test_short_statements_never_repeat() -> None:
    docs = [[_st("a", 0, "各位代表！"), _st("a", 1, "各位代表！")]]
    mark_repeats(docs)
    assert docs[0][1].repeat_of is None


def test_fragment_of_an_earlier_sentence_repeats_it() -> None:
    b = _doc("g", [PASSAGE[0][-21:], *PASSAGE[1:]])
    mark_repeats([_doc("a", PASSAGE), b])
    assert b[0].text == "规模工业增加值增长7.1%，排名全省第三。"
    assert b[0].repeat_of == "a:0"


def test_near_duplicate_with_extraction_damage() -> None:
    b = _doc("g", [PASSAGE[0], PASSAGE[1].replace("国土空间规划", "国土空问规划"), *PASSAGE[2:]])
    mark_repeats([_doc("a", PASSAGE), b])
    assert b[1].repeat_of == "a:1"


def test_two_pieces_glued_by_a_column_break_repeat() -> None:
    glued = PASSAGE[1][:20] + PASSAGE[3][-18:]
    b = _doc("g", [PASSAGE[0], glued, PASSAGE[2], PASSAGE[3]])
    mark_repeats([_doc("a", PASSAGE), b])
    assert b[1].repeat_of == "a:1"


def test_new_text_glued_before_old_text_is_not_a_repeat() -> None:
    glued = "碳纤维企业参加各类展会与学术交流活动给予补贴" + PASSAGE[3][-18:]
    b = _doc("g", [PASSAGE[0], glued, PASSAGE[2], PASSAGE[3]])
    mark_repeats([_doc("a", PASSAGE), b])
    assert b[1].repeat_of is None


def test_new_text_glued_before_old_text_splits_at_the_seam() -> None:
    new = "碳纤维企业参加各类展会与学术交流活动给予补贴，"
    b = _doc("g", [PASSAGE[0], new + PASSAGE[2], PASSAGE[1], PASSAGE[3]])
    a = _doc("a", PASSAGE)
    mark_repeats([a, b])
    assert glued_splits([a, b]) == {"g:1": len(new)}
    # old text first, new text after: the seam is where the repeated head ends
    b = _doc("g", [PASSAGE[0], PASSAGE[2] + new, PASSAGE[1], PASSAGE[3]])
    mark_repeats([a, b])
    assert glued_splits([a, b]) == {"g:1": len(PASSAGE[2])}


def test_a_phrase_used_twice_is_no_seam() -> None:
    phrase = "医疗中心、医养结合示范基地和健康旅游目的地。"
    long_new = (
        "依托两地旅游资源优势，构建旅游市场营销推广合作新机制，积极推动产业园与集团深入合作，"
        "以冰雪吉林和山水温州为主题，"
    )
    assert 16 <= len(key(phrase)) < 0.35 * len(key(long_new + phrase))
    p = _doc("p", [PASSAGE[0], phrase, PASSAGE[1], PASSAGE[0], long_new + phrase, PASSAGE[2]])
    mark_repeats([p])
    assert p[3].repeat_of == "p:0"  # the glued candidate sits next to a repeat …
    assert glued_splits([p]) == {}  # … but its repeated piece is only a phrase


def test_a_reprinted_figure_glued_after_new_text_splits() -> None:
    figure = "全市登记技术合同成交额超过5亿元。"
    a = _doc("a", [*PASSAGE[:2], figure, *PASSAGE[2:]])
    long_new = "支持采取自带负荷、中小企业自发自用分布式光伏等方式配建新能源项目，合理利用分时电价"
    b = _doc("g", [*PASSAGE[:2], long_new + figure[4:], *PASSAGE[2:]])
    mark_repeats([a, b])
    assert glued_splits([a, b]) == {"g:2": len(long_new)}


def test_similar_sentences_with_other_numbers_are_not_repeats() -> None:
    one = "丰满生物质热电联产项目：建设1台3万千瓦汽轮发电机组和1台130吨生物质锅炉。"
    docs = [_doc("a", [one, "别的句子说别的事情了。", one.replace("1台3万", "2台3万")])]
    mark_repeats(docs)
    assert docs[0][2].repeat_of is None


def test_report_reprinted_in_gazette_points_at_report(parsed) -> None:
    report = {s.id for s in parsed["report-2024"].statements}
    gazette = parsed["gazette-2025"].statements
    to_report = [s for s in gazette if s.repeat_of in report]
    assert len(to_report) >= 400
    st = next(s for s in gazette if "开展促销活动260场" in s.text)
    assert st.repeat_of in report
    assert not any(s.repeat_of for s in parsed["report-2024"].statements)


def test_gazette_doubled_sentences_are_marked(parsed) -> None:
    gazette = parsed["gazette-2025"].statements
    ids = {s.id for s in gazette}
    inner = [s for s in gazette if s.repeat_of in ids]
    assert len(inner) >= 80
    texts = [s.text for s in gazette if "总投资1598亿元" in s.text]
    assert len(texts) == 2
    first, second = (s for s in gazette if "总投资1598亿元" in s.text)
    assert first.repeat_of is None and second.repeat_of == first.id


def test_primaries_are_never_repeats_themselves(parsed) -> None:
    by_id = {s.id: s for p in parsed.values() for s in p.statements}
    for s in by_id.values():
        if s.repeat_of:
            assert by_id[s.repeat_of].repeat_of is None


def test_short_clauses_of_a_reprinted_goal_list_repeat_with_their_neighbours() -> None:
    goals = [
        "主要预期目标是：地区生产总值增长7%左右，",
        "固定资产投资增长5%，",
        "社会消费品零售总额增长7%。",
    ]
    other = ["开头的一句新的话，讲别的事情。", "固定资产投资增长5%，"]  # same words, another place
    a = _doc("a", [*PASSAGE[:2], *goals, *PASSAGE[2:]])
    b = _doc("b", [*other, *PASSAGE[:2], *goals, *PASSAGE[2:]])
    mark_repeats([a, b])
    assert [s.repeat_of for s in b[2:]] == [f"a:{n}" for n in range(7)]
    assert b[1].repeat_of is None  # alone, a short clause is a new claim


def test_glued_gazette_statements_are_split_and_their_reprinted_half_repeats(parsed) -> None:
    g = parsed["gazette-2025"]
    report = {s.id for s in parsed["report-2024"].statements}
    halves = [s for s in g.statements if s.text.startswith("建综合保税区，引进培育2户以上")]
    assert halves and all(s.repeat_of in report for s in halves)
    for n, st in enumerate(g.statements):
        assert g.cleaned.text[st.cstart : st.cend] == st.text and st.seq == n
    assert len({s.id for s in g.statements}) == len(g.statements)
