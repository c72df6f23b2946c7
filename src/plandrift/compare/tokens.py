"""Chinese words, cut by jieba (MIT; the segmenter the field uses), so that a completion word
is matched as a word: 建成 is not in 创建成果, 通车 is not in 直通车."""

from __future__ import annotations

import logging
from functools import lru_cache

import jieba

jieba.setLogLevel(logging.WARNING)


@lru_cache(maxsize=65536)
def words(text: str) -> tuple[str, ...]:
    """``text`` as words, in order; their lengths add up to ``len(text)``."""
    return tuple(jieba.lcut(text, HMM=True))
