"""Qualitative promises: a project to build, a title to win, a thing to complete.

A qualitative promise is met only when a later statement that *reports* (not one that plans)
says that thing done, with the completion word after the promise's own name in the same
clause (``../shared/VERDICTS.md``). Target wording (力争…竣工, 加快…建设), a neighbouring
clause, another project of the same goal, or one stage of the project never make it met.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from plandrift.corpus.models import Kind, Role

from . import entities, tokens
from .ledger import Mention, Place
from .models import Measure, Promise, Status

_DATA = Path(__file__).with_name("data") / "measures.toml"
_CLAUSE = re.compile(r"[，,。；;！？!?：:]")


@dataclass(frozen=True)
class Words:
    done: tuple[str, ...]
    project_done: tuple[str, ...]
    aims: tuple[str, ...]
    stages: tuple[str, ...]
    weak: tuple[str, ...]
    ongoing: tuple[str, ...]
    project_build: tuple[str, ...]
    not_yet: tuple[str, ...]
    done_prefixes: tuple[str, ...]
    list_count: re.Pattern[str]  # 等5个项目: the size of a list, no figure of its items


@cache
def words() -> Words:
    d = tomllib.loads(_DATA.read_text("utf-8"))["wording"]
    return Words(
        tuple(d["done"]),
        tuple(d["project_done"]),
        tuple(d["aims"]),
        tuple(d["stages"]),
        tuple(d["weak"]),
        tuple(d["ongoing"]),
        tuple(d["project_build"]),
        tuple(d["not_yet"]),
        tuple(d["done_prefixes"]),
        re.compile(d["list_count"]),
    )


@dataclass(frozen=True)
class Said:
    """A member statement as the wording verdict reads it."""

    statement: str
    doc: str
    order: int
    year: int
    role: str | None
    text: str


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def own_name(text: str, names: Sequence[str], title: str) -> str:
    """The name of the thing this statement promises: the goal's longest name in it."""
    found = [n for n in names if n in text]
    return max(found, key=len) if found else title


def _names_it(clause: str, name: str) -> tuple[int, int]:
    """Where and how long ``clause`` names ``name`` itself, or (-1, 0): the name, what
    identifies it (市传染病医院 for 吉林市传染病医院改扩建项目), or a name identified the same
    way. A name one character away (乳业 for 草业技术创新中心) is another thing."""
    if name in clause:
        return clause.index(name), len(name)
    ident = entities.ident(name) or name
    if len(ident) >= 3 and ident in clause:
        return clause.index(ident), len(ident)
    for other in entities.find(clause):
        if (entities.ident(other) or other) == ident and other in clause:
            return clause.index(other), len(other)
    return -1, 0


def done_in(text: str, name: str, project: bool, promised: str = "") -> bool:
    """Whether ``text`` reports ``name`` done: in one clause, the name, then a completion
    word, with no aim word, no stage of the project and no other thing (清分结算平台)
    between them. 实现 reports only what the promise named (实现“十连冠”), not 实现跨越式发展."""
    w = words()
    finished = w.project_done if project else w.done
    for clause in _CLAUSE.split(_nfkc(text)):
        at, size = _names_it(clause, name)
        if at < 0:
            continue
        # the completion word comes after the name, never inside it (金融体系运行稳健)
        head, tail = clause[:at], clause[at + size :]
        found = _first_word(tail, finished, w.done_prefixes)
        if found is None:
            continue
        pos, word = found
        gap = tail[:pos]
        if any(a in head or a in gap for a in w.aims):
            continue
        if any(s in gap and s not in name for s in w.stages) or not _section_promised(
            gap, promised
        ):
            continue
        other = entities.words()
        if any(k in gap and k not in name and k not in other.generic for k in other.suffixes):
            continue
        after = tail[pos + len(word) :]
        if word in w.weak and not _names_what_was_promised(after, promised):
            continue
        if any(after.startswith(b) for b in w.not_yet):
            continue  # 获批建设: approved to be built, not built
        return True
    return False


def completable(text: str, name: str, project: bool) -> bool:
    """Whether the promise has a finished state: a thing to build, win or set up (创建, 组建,
    争创, 推进X项目建设), not a thing to improve (提升…运营效能, 完善…体系)."""
    w = words()
    text = _nfkc(text)
    at = text.find(name)
    if at < 0:
        return True
    # the clause up to the name and the name's own head: its verb governs it
    clause = _CLAUSE.split(text[:at])[-1] + name[:4]
    if not any(v in clause for v in w.ongoing):
        return True
    whole = clause + _CLAUSE.split(text[at:])[0]
    return project and any(b in whole for b in w.project_build)


def _first_word(
    text: str, finished: tuple[str, ...], prefixes: tuple[str, ...]
) -> tuple[int, str] | None:
    """The first completion word of ``text`` as a word (提前竣工 holds 竣工; 直通车 holds no
    通车), with its offset."""
    pos = 0
    for tok in tokens.words(text):
        for f in finished:
            if tok == f or (tok.endswith(f) and tok[: -len(f)] in prefixes):
                return pos + len(tok) - len(f), f
            if tok.startswith(f) and len(tok) > len(f) and tok[len(f) :] in finished:
                return pos, f  # 建成投运, 竣工运行 written as one word
        pos += len(tok)
    return None


def _section_promised(gap: str, promised: str) -> bool:
    """A section or phase named before the completion word (蒲烟段, 三期) is the promise's only
    if the promise names it: every character of its name is in the promise."""
    for tok in tokens.words(gap):
        if len(tok) > 1 and tok[-1] in "段期" and not all(ch in promised for ch in tok[:-1]):
            return False
    return True


def _names_what_was_promised(after: str, promised: str) -> bool:
    """实现 + the achievement the promise itself named (“十连冠”, 全覆盖)."""
    core = "".join(ch for ch in after[:8] if ch.isalnum())
    return len(core) >= 2 and any(core[i : i + 2] in promised for i in range(len(core) - 1))


def promise(
    chain: str,
    target: Said,
    name: str,
    later: Sequence[Said],
    mentions: Sequence[Mention],
    place: Place,
    project: bool,
) -> Promise:
    """One qualitative promise of ``name`` made by ``target``, judged by ``later``: only a
    later document's report can say it was done (a report's own review of last year is
    what it plans from, not what its promises achieved)."""
    can_finish = completable(target.text, name, project)
    done = next(
        (
            s
            for s in later
            if can_finish
            and s.order > target.order
            and s.statement != target.statement
            and s.role == Role.ACTUAL
            and done_in(s.text, name, project, target.text)
        ),
        None,
    )
    if done is not None:
        status, reason = Status.MET, f"{done.doc} reports {name} done ({done.year})"
        evidence: tuple[str, ...] = (target.statement, done.statement)
    elif (
        place.kind(target.doc) == Kind.FIVE_YEAR_PLAN
        and not any(m.counts and m.order > target.order for m in mentions)
        and any(place.order(d) > target.order for d in place.docs)
    ):
        status, reason = Status.DROPPED, f"no later document mentions {name}"
        evidence = (target.statement,)
    elif target.doc == place.newest and not any(m.order < target.order for m in mentions):
        status, reason = Status.NEW, f"first set in {target.doc}, the newest document"
        evidence = (target.statement,)
    else:
        last = max(
            (s for s in later if s.order > target.order), key=lambda s: s.order, default=None
        )
        tail = f"; last mentioned in {last.doc}" if last else ""
        status = Status.NO_DATA
        reason = (
            f"no later report says {name} done{tail}"
            if can_finish
            else f"a promise to improve {name}: no report can say it done{tail}"
        )
        evidence = (target.statement, last.statement) if last else (target.statement,)
    return Promise(
        id=f"{target.statement}:w",
        chain=chain,
        statement=target.statement,
        doc=target.doc,
        indicator=name,
        measure=Measure.QUALITATIVE,
        written=name,
        target=None,
        target_hi=None,
        unit="",
        qualifier="",
        year=target.year,
        period=None,
        status=status,
        reason=reason,
        aspirational=any(a in target.text for a in ("力争", "争取", "争创")),
        evidence=evidence,
    )
