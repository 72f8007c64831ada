"""Chinese text analysis: jieba segmentation, sentence and clause scopes, negation, legitimate contexts.

A text condition fires when every term group has an occurrence in one sentence (or two adjacent ones; the title
is never read alone, only with the sentence after it) that is not forbidden by a negator earlier in its clause
("严禁要求教师下载APP") nor by a blanket "一律不…" after it ("…投票任务一律不再转发"), not a topic under
discussion ("…的现象", "…，此类做法一律停止"), not a fragment of a longer word ("解答题" is not "答题") nor a
string across a word boundary ("改进/学校" is not "进学校"; the same holds for `unless` words), and neither the passage nor the title has a legitimate context from the rule's `unless` list (a
title such as "关于使用国家中小学智慧教育平台开展寒假学习的通知" frames every sentence under it).
"""

import logging
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache

from jianfu.policy.catalog import Catalog, Lexicon, TextCondition

_lock = threading.Lock()
_loaded_catalogs: set[str] = set()
_jieba = None

SENTENCE_END = re.compile(r"[。！？；!?;\n\r]+")
CLAUSE_END = re.compile(r"[，,：:。！？；!?;\n\r]+")
QUOTED = re.compile(r"[“\"「『《]([^“”\"「」『』《》]{1,40})[”\"」』》]")
# Full-width ASCII to half-width, lower-case ASCII to upper-case: one char for one char, so offsets survive.
# (str.upper() is not used: it can change the length, e.g. "ß" -> "SS".)
_FOLD = {code: ord(chr(code - 0xFEE0).upper()) for code in range(0xFF01, 0xFF5F)}
_FOLD.update({ord(c): ord(c.upper()) for c in "abcdefghijklmnopqrstuvwxyz"})
# Negators that also forbid a term before them in its clause ("…投票任务一律不再转发"): the blanket "一律不…".
POST_NEGATION = "一律"
# A later clause that names what came before as a practice under discussion ("此类做法", "上述问题").
ANAPHORA = re.compile(r"(此类|这类|这种|这些|上述|以上|类似|该类|此种)(做法|现象|行为|问题|乱象|情形)")


def normalise(text: str) -> str:
    """Same length as `text`: offsets found in the result are offsets in the original."""
    return text.translate(_FOLD)


@lru_cache(maxsize=8192)
def normalised_term(term: str) -> str:
    """Catalog terms are few and fixed: normalise each once per process."""
    return normalise(term)


def jieba_for(catalog: Catalog):
    """jieba with its dictionary loaded once per process and the catalog's terms added once per catalog."""
    global _jieba
    if _jieba is not None and catalog.version in _loaded_catalogs:
        return _jieba
    with _lock:
        if _jieba is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)  # jieba logs its cache loading at INFO on every start
            jieba.initialize()
            _jieba = jieba
        if catalog.version not in _loaded_catalogs:
            for word in sorted(catalog.terms()):
                _jieba.add_word(normalise(word))
            _loaded_catalogs.add(catalog.version)
    return _jieba


def tokens(text: str, catalog: Catalog) -> list[str]:
    """Words for similarity: jieba's search-mode tokens (a compound and its parts, so "学校食堂" still meets
    "食堂"), without punctuation and single CJK characters."""
    jieba = jieba_for(catalog)
    out = []
    for word in jieba.lcut_for_search(normalise(text), HMM=False):
        word = word.strip()
        if not word or not any(ch.isalnum() for ch in word):
            continue
        if len(word) == 1 and not word.isascii():
            continue
        out.append(word)
    return out


def _spans(text: str, pattern: re.Pattern) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in pattern.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


@dataclass(frozen=True)
class Hit:
    """Why a rule fired: the passage and the values its message template needs."""

    evidence: str
    values: dict[str, str] = field(default_factory=dict)


class AnalysedText:
    """One Matter's text, analysed once and shared by every text rule of a screening."""

    def __init__(self, text: str, catalog: Catalog):
        self.catalog = catalog
        self.lexicon: Lexicon = catalog.lexicon
        self.terms = catalog.terms()
        self.raw = text
        self.norm = normalise(text)
        self.sentences = _spans(self.norm, SENTENCE_END)
        self.clauses = _spans(self.norm, CLAUSE_END)
        self._tokens: dict[tuple[int, int], list[tuple[str, int, int]]] = {}
        self._occurrences: dict[tuple[str, int, int], list[int]] = {}
        self._present: dict[str, bool] = {}
        # The first sentence is the title ("关于下载安装“包头教育”APP的通知"): it names the matter but not its
        # context, so it is read together with the sentence after it, never alone.
        heads = list(self.sentences)
        if len(heads) > 1:
            heads[0:2] = [(heads[0][0], heads[1][1]), heads[1]]
        self.single_windows = heads
        self.windows = heads + [
            (a[0], b[1]) for a, b in zip(self.sentences[1:], self.sentences[2:], strict=False)
        ]

    def _clause(self, pos: int) -> tuple[int, int]:
        for start, end in self.clauses:
            if start <= pos < end:
                return start, end
        return pos, pos

    def _sentence_tokens(self, pos: int) -> list[tuple[str, int, int]]:
        span = next(((s, e) for s, e in self.sentences if s <= pos < e), (pos, pos))
        if span not in self._tokens:
            jieba = jieba_for(self.catalog)
            self._tokens[span] = [
                (word, span[0] + start, span[0] + end)
                for word, start, end in jieba.tokenize(self.norm[span[0] : span[1]], HMM=False)
            ]
        return self._tokens[span]

    def _embedded(self, pos: int, length: int) -> bool:
        """True inside a catalog false friend ("注册会计师"), or strictly inside a longer jieba word that is
        not a catalog term ("…答题…" in the middle of a word); a prefix or suffix ("学生家长") still counts."""
        if self._in_false_friend(pos, length):
            return True
        for word, start, end in self._sentence_tokens(pos):
            if start <= pos and pos + length <= end:
                inside = start < pos and pos + length < end
                return inside and word not in self.terms
            if start < pos < end:  # starts inside a word and runs past it: "进学校" in "改进/学校"
                return word not in self.terms
        return False

    def _in_false_friend(self, pos: int, length: int) -> bool:
        for friend in self.lexicon.false_friends:
            friend = normalised_term(friend)
            index = self.norm.find(friend, max(0, pos - len(friend)), pos + length + len(friend))
            while index >= 0:
                if index <= pos and pos + length <= index + len(friend):
                    return True
                index = self.norm.find(friend, index + 1, pos + length + len(friend))
        return False

    def negated(self, pos: int, length: int) -> bool:
        """Forbidden ("严禁…下载", "…投票任务一律不再转发") or discussed ("…的现象") rather than demanded."""
        start, end = self._clause(pos)
        before = self.norm[start:pos]
        for negator in self.lexicon.negators:
            index = before.find(negator)
            while index >= 0:
                after = self.norm[start + index + len(negator) : pos + length]
                if not any(after.startswith(word) for word in self.lexicon.demand_after_negator):
                    return True
                index = before.find(negator, index + 1)
        after = self.norm[pos + length : end]
        # A topicalised object under a blanket ban: "…的投票、点赞任务一律不再转发", "进校园活动一律不得开展".
        for negator in self.lexicon.negators:
            if not negator.startswith(POST_NEGATION):
                continue
            index = after.find(negator)
            while index >= 0:
                rest = after[index + len(negator) :]
                if not any(rest.startswith(word) for word in self.lexicon.demand_after_negator):
                    return True
                index = after.find(negator, index + 1)
        # "…投票点赞，此类做法一律停止": a later clause of the sentence refers back to the term as a practice.
        sentence_end = next((e for s, e in self.sentences if s <= pos < e), end)
        if ANAPHORA.search(self.norm, pos + length, sentence_end):
            return True
        # "…的现象" marks a topic; the suffix inside a false friend ("劝导不文明行为") is the demand's object.
        for suffix in self.lexicon.topic_suffixes:
            index = after.find(suffix)
            while index >= 0:
                if not self._in_false_friend(pos + length + index, len(suffix)):
                    return True
                index = after.find(suffix, index + 1)
        return False

    def occurrences(self, term: str, start: int, end: int) -> list[int]:
        """Demanding (un-negated, whole-word) occurrences of `term` in [start, end)."""
        needle = normalised_term(term)
        if needle not in self._present:
            self._present[needle] = needle in self.norm
        if not self._present[needle]:
            return []
        key = (term, start, end)
        if key not in self._occurrences:
            found, index = [], self.norm.find(needle, start, end)
            while index >= 0:
                if not self.negated(index, len(needle)) and not self._embedded(index, len(needle)):
                    found.append(index)
                index = self.norm.find(needle, index + 1, end)
            self._occurrences[key] = found
        return self._occurrences[key]

    def _straddles(self, pos: int, length: int) -> bool:
        """True when [pos, pos+length) starts inside one jieba word and ends beyond it: "中考" in
        "包头一中考场" (一中/考场) is no mention of 中考."""
        for _word, start, end in self._sentence_tokens(pos):
            if start <= pos < end:
                return start < pos and end < pos + length
        return False

    def legitimate(self, start: int, end: int, words: tuple[str, ...]) -> bool:
        if not words:
            return False
        passage = self.norm[start:end]
        for phrase in self.lexicon.neutral_phrases:
            phrase = normalise(phrase)
            passage = passage.replace(phrase, "\0" * len(phrase))  # same length: offsets stay valid
        for word in words:
            needle = normalise(word)
            index = passage.find(needle)
            while index >= 0:
                if not self._straddles(start + index, len(needle)):
                    return True
                index = passage.find(needle, index + 1)
        return False

    def mentions_any(self, words: tuple[str, ...]) -> bool:
        return any(normalise(word) in self.norm for word in words)

    def object_name(self, start: int, end: int, anchor: int, anchor_len: int, other_terms: list[str]) -> str:
        """What is demanded: a quoted name near the anchor, else the words just before the anchor term."""
        clause_start, clause_end = self._clause(anchor)
        quotes = [m for m in QUOTED.finditer(self.raw, start, end)]
        in_clause = [m for m in quotes if clause_start <= m.start() < clause_end]
        if in_clause or quotes:
            best = min(in_clause or quotes, key=lambda m: abs(m.start() - anchor))
            return best.group(1)
        prefix_start = clause_start
        for term in other_terms:
            index = self.norm.rfind(normalise(term), clause_start, anchor)
            if index >= 0:
                prefix_start = max(prefix_start, index + len(term))
        prefix_start = max(prefix_start, anchor - 15)
        return self.raw[prefix_start : anchor + anchor_len].strip()

    def excerpt(self, start: int, end: int, limit: int = 120) -> str:
        text = self.raw[start:end].strip()
        return text if len(text) <= limit else text[: limit - 1] + "…"


def match_text(condition: TextCondition, analysed: AnalysedText, is_education: bool) -> Hit | None:
    """The first window where every group has a demanding occurrence and no legitimate context applies."""
    if condition.organizer_education is not None and condition.organizer_education != is_education:
        return None
    unless = condition.unless + (condition.unless_education if is_education else ())
    windows = analysed.single_windows if len(condition.groups) == 1 else analysed.windows
    for start, end in windows:
        found: list[tuple[str, int]] = []
        for group in condition.groups:
            hit = next(
                ((term, pos[0]) for term in group if (pos := analysed.occurrences(term, start, end))), None
            )
            if hit is None:
                break
            found.append(hit)
        else:
            if analysed.legitimate(start, end, unless) or analysed.legitimate(*analysed.sentences[0], unless):
                continue
            values = {"term": found[0][0], "object": ""}
            values.update({f"term{index}": term for index, (term, _pos) in enumerate(found)})
            anchor_group = condition.object_group
            if anchor_group is not None:
                term, pos = found[anchor_group]
                others = [t for i, g in enumerate(condition.groups) if i != anchor_group for t in g]
                name = analysed.object_name(start, end, pos, len(term), others)
                values["object"] = f"（“{name}”）" if name else ""
            else:
                quotes = QUOTED.findall(analysed.raw, start, end)
                values["object"] = f"（“{quotes[0]}”）" if quotes else ""
            return Hit(evidence=analysed.excerpt(start, end), values=values)
    return None
