"""An in-memory TF-IDF cosine index over Matters (jieba tokens), with an inverted index and candidate pruning.

Candidates come from the rarest query tokens first, up to a postings budget, so one query touches a bounded
number of postings however large the index grows; the few best candidates are then scored exactly. An
index keeps of each Matter only what scoring and a match need (kind, title, payload, its words and their
counts), not its text. Adds, removes and queries take the index's own lock, so a process may update it in
place while another thread queries it.
"""

import datetime as dt
import heapq
import math
import sys
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import islice
from types import MappingProxyType
from typing import Any

from jianfu.policy.catalog import Catalog, default_catalog
from jianfu.policy.text import tokens

TITLE_WEIGHT = 2  # a title says what a notice is about; count its words twice
POSTINGS_BUDGET = 4_000
CANDIDATES = 32
REASONS = {"meeting": "merge_meeting", "inspection": "reuse_results", "data_request": "reuse_materials"}
# A word's count in one Matter is kept in a byte: 255 times is as good as more (log-tf 6.5 against, say, 6.7).
MAX_COUNT = 255
# 1 + log(count), one shared float per count instead of one float object per posting.
_LOG_TF = tuple(1 + math.log(count) if count else 0.0 for count in range(MAX_COUNT + 1))
_NO_PAYLOAD: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class IndexedMatter:
    """A Matter to index. The index keeps its id, kind, title and payload; the text only until it is counted,
    and organizer, date and region not at all."""

    id: str
    kind: str
    title: str
    description: str = ""
    organizer: str = ""
    date: dt.date | None = None
    region: str = ""
    payload: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SimilarMatch:
    id: str
    kind: str
    title: str
    score: float
    reason: str
    payload: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "score": self.score,
            "reason": self.reason,
        }


def reason_for(query_kind: str, other_kind: str) -> str:
    """Why two alike Matters matter: merge two meetings, reuse an inspection's results, reuse materials."""
    if query_kind == other_kind and query_kind in REASONS:
        return REASONS[query_kind]
    if {query_kind, other_kind} <= {"data_request", "inspection", "task"} and "data_request" in (
        query_kind,
        other_kind,
    ):
        return "reuse_materials"
    return "similar"


class _Doc:
    """What the index keeps of one Matter: its kind, title and payload for a match, and its words with their
    counts (one byte each) for scoring. The text itself is dropped once counted: it was most of the memory."""

    __slots__ = ("counts", "kind", "payload", "title", "words")

    def __init__(
        self, *, kind: str, title: str, payload: Mapping[str, Any], words: tuple[str, ...], counts: bytes
    ):
        self.kind, self.title, self.payload, self.words, self.counts = kind, title, payload, words, counts


class SimilarityIndex:
    def __init__(self, catalog: Catalog | None = None):
        self.catalog = catalog or default_catalog()
        # id -> _Doc; word -> {id: 1 + log tf} in the order added (newest last). Log-tf is stored once.
        self._docs: dict[str, _Doc] = {}
        self._postings: dict[str, dict[str, float]] = {}
        self._lock = threading.RLock()

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, matter_id: str) -> bool:
        return matter_id in self._docs

    def ids(self) -> list[str]:
        """The indexed ids, as a copy: the index may change while the caller reads them."""
        with self._lock:
            return list(self._docs)

    def title_of(self, matter_id: str) -> str | None:
        doc = self._docs.get(matter_id)
        return doc.title if doc is not None else None

    def term_counts(self, title: str, description: str) -> Counter:
        counts = Counter(tokens(description, self.catalog))
        for word in tokens(title, self.catalog):
            counts[word] += TITLE_WEIGHT
        return counts

    def add(self, matter: IndexedMatter) -> None:
        """Index (or re-index) a Matter under its id; it becomes the newest Matter of its words."""
        counts = self.term_counts(matter.title, matter.description)  # tokenize outside the lock
        # Interned words and kinds: one string object per distinct word, not one per Matter and word.
        words = tuple(sys.intern(word) for word in counts)
        doc = _Doc(
            kind=sys.intern(matter.kind),
            title=matter.title,
            payload=matter.payload or _NO_PAYLOAD,
            words=words,
            counts=bytes(min(count, MAX_COUNT) for count in counts.values()),
        )
        with self._lock:
            self._remove(matter.id)
            self._docs[matter.id] = doc
            for word, count in zip(words, doc.counts, strict=True):
                self._postings.setdefault(word, {})[matter.id] = _LOG_TF[count]

    def add_many(self, matters: Iterable[IndexedMatter]) -> None:
        for matter in matters:
            self.add(matter)

    def remove(self, matter_id: str) -> None:
        with self._lock:
            self._remove(matter_id)

    def _remove(self, matter_id: str) -> None:
        doc = self._docs.pop(matter_id, None)
        if doc is None:
            return
        for word in doc.words:
            postings = self._postings.get(word)
            if postings is not None:
                postings.pop(matter_id, None)
                if not postings:
                    del self._postings[word]

    def query(
        self,
        title: str,
        description: str = "",
        *,
        kind: str = "",
        limit: int = 5,
        min_score: float = 0.3,
        exclude: Iterable[str] = (),
    ) -> list[SimilarMatch]:
        """Up to `limit` indexed Matters with cosine similarity >= min_score, best first."""
        if not self._docs:
            return []
        counts = self.term_counts(title, description)
        with self._lock:
            return self._query(counts, kind=kind, limit=limit, min_score=min_score, exclude=exclude)

    def _query(
        self, counts: Counter, *, kind: str, limit: int, min_score: float, exclude: Iterable[str]
    ) -> list[SimilarMatch]:
        total = len(self._docs) + 1
        postings_of = self._postings.get
        idf_cache: dict[str, float] = {}

        def idf(word: str) -> float:
            value = idf_cache.get(word)
            if value is None:
                value = idf_cache[word] = math.log(total / (len(postings_of(word, ())) + 1)) + 1.0
            return value

        weights = {word: (1 + math.log(count)) * idf(word) for word, count in counts.items()}
        query_norm = math.sqrt(sum(weight * weight for weight in weights.values())) or 1.0
        excluded = set(exclude)
        scores: dict[str, float] = {}
        scanned = 0
        # Rarest words first: they carry the most weight and have the shortest postings lists.
        for word in sorted(weights, key=lambda w: len(self._postings.get(w, ()))):
            postings = self._postings.get(word)
            if not postings:
                continue
            remaining = POSTINGS_BUDGET - scanned
            if remaining <= 0 or (len(postings) > remaining and scores):
                break
            # A word so common that its list alone exceeds the budget: take its newest Matters only.
            scanned += min(len(postings), remaining)
            factor = weights[word] * idf(word)
            get = scores.get
            for matter_id, tf in islice(reversed(postings.items()), remaining):
                scores[matter_id] = get(matter_id, 0.0) + factor * tf
        best = heapq.nlargest(CANDIDATES, scores, key=scores.__getitem__)
        results = []
        for matter_id in best:
            if matter_id in excluded:
                continue
            doc = self._docs[matter_id]
            dot, doc_norm = 0.0, 0.0
            for word, count in zip(doc.words, doc.counts, strict=True):
                weight = _LOG_TF[count] * idf(word)
                doc_norm += weight * weight
                if word in weights:
                    dot += weight * weights[word]
            score = dot / (query_norm * (math.sqrt(doc_norm) or 1.0))
            if score >= min_score:
                results.append(
                    SimilarMatch(
                        id=matter_id,
                        kind=doc.kind,
                        title=doc.title,
                        score=round(min(score, 1.0), 3),
                        reason=reason_for(kind, doc.kind),
                        payload=doc.payload,
                    )
                )
        results.sort(key=lambda match: (-match.score, match.id))
        return results[:limit]
