"""An in-memory TF-IDF cosine index over Matters (jieba tokens), with an inverted index and candidate pruning.

Candidates come from the rarest query tokens first, up to a postings budget, so one query touches a bounded
number of postings however large the index grows; the few best candidates are then scored exactly. Not
thread-safe for writes: build it, then query it (or guard add/remove with a lock).
"""

import datetime as dt
import heapq
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from jianfu.policy.catalog import Catalog, default_catalog
from jianfu.policy.text import tokens

TITLE_WEIGHT = 2  # a title says what a notice is about; count its words twice
POSTINGS_BUDGET = 4_000
CANDIDATES = 32
REASONS = {"meeting": "merge_meeting", "inspection": "reuse_results", "data_request": "reuse_materials"}


@dataclass(frozen=True)
class IndexedMatter:
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


class SimilarityIndex:
    def __init__(self, catalog: Catalog | None = None):
        self.catalog = catalog or default_catalog()
        # id -> (matter, {word: 1 + log tf}); word -> {id: 1 + log tf}. Log-tf is stored, not recomputed.
        self._docs: dict[str, tuple[IndexedMatter, dict[str, float]]] = {}
        self._postings: dict[str, dict[str, float]] = {}

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, matter_id: str) -> bool:
        return matter_id in self._docs

    def term_counts(self, title: str, description: str) -> Counter:
        counts = Counter(tokens(description, self.catalog))
        for word in tokens(title, self.catalog):
            counts[word] += TITLE_WEIGHT
        return counts

    def add(self, matter: IndexedMatter) -> None:
        """Index (or re-index) a Matter under its id."""
        if matter.id in self._docs:
            self.remove(matter.id)
        weights = {
            word: 1 + math.log(count)
            for word, count in self.term_counts(matter.title, matter.description).items()
        }
        self._docs[matter.id] = (matter, weights)
        for word, weight in weights.items():
            self._postings.setdefault(word, {})[matter.id] = weight

    def add_many(self, matters: Iterable[IndexedMatter]) -> None:
        for matter in matters:
            self.add(matter)

    def remove(self, matter_id: str) -> None:
        entry = self._docs.pop(matter_id, None)
        if entry is None:
            return
        for word in entry[1]:
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
            matter, doc_counts = self._docs[matter_id]
            dot, doc_norm = 0.0, 0.0
            for word, tf in doc_counts.items():
                weight = tf * idf(word)
                doc_norm += weight * weight
                if word in weights:
                    dot += weight * weights[word]
            score = dot / (query_norm * (math.sqrt(doc_norm) or 1.0))
            if score >= min_score:
                results.append(
                    SimilarMatch(
                        id=matter.id,
                        kind=matter.kind,
                        title=matter.title,
                        score=round(min(score, 1.0), 3),
                        reason=reason_for(kind, matter.kind),
                        payload=matter.payload,
                    )
                )
        results.sort(key=lambda match: (-match.score, match.id))
        return results[:limit]
