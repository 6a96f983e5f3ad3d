"""The bare limit of ``python -m matching rank``: what no ranking of these files can skip.

Reads the same two JSON Lines files, builds one TF-IDF matrix over the profiles' text
(summary, occupation and skill codes), takes one sparse product with the vacancies and
an ``argpartition`` per vacancy for the top K, and writes one JSON line per vacancy.
No validation, no rules, no reasons: a floor to compare the real command with. It
runs with the same process settings as the real command (ordinary memory pages for
NumPy, see ``matching/__main__.py``), so the two differ only in their work.

Usage::

    python benchmarks/bare_rank.py CANDIDATES.jsonl VACANCIES.jsonl TOP > out.jsonl
"""

from __future__ import annotations

import os

os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")  # as python -m matching

import json
import sys

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


def _code(uri: str) -> str:
    return uri.rsplit("/", 1)[-1].replace("-", "")


def main(candidates_path: str, vacancies_path: str, top: int) -> None:
    with open(candidates_path, encoding="utf-8") as f:
        candidates = [json.loads(line) for line in f if line.strip()]
    with open(vacancies_path, encoding="utf-8") as f:
        vacancies = [json.loads(line) for line in f if line.strip()]
    texts = [
        " ".join(
            [c.get("summary", "")]
            + [_code(o["esco_uri"]) for o in c["occupations"]]
            + [_code(s) for s in c["skills"]]
        )
        for c in candidates
    ]
    queries = [
        " ".join(
            [v["title"], v.get("description", ""), _code(v["esco_occupation"])]
            + [_code(s) for s in v["essential_skills"]]
        )
        for v in vacancies
    ]
    vectorizer = TfidfVectorizer(sublinear_tf=True)
    matrix = vectorizer.fit_transform(texts)
    scores = (matrix @ vectorizer.transform(queries).T).tocsc()
    refs = [c["ref"] for c in candidates]
    out = []
    for j, vacancy in enumerate(vacancies):
        column = scores[:, j].toarray().ravel()
        best = np.argpartition(-column, min(top, len(column) - 1))[:top]
        best = best[np.argsort(-column[best])]
        out.append(
            json.dumps(
                {
                    "vacancy": vacancy["ref"],
                    "matches": [
                        {"candidate": refs[i], "score": round(float(column[i]), 4)}
                        for i in best
                    ],
                }
            )
            + "\n"
        )
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
