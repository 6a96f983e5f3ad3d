"""A glossary label counts when the occupation inference reads a summary."""

from __future__ import annotations

import scipy.sparse as sp

from matching.feature_space import occupation_inference
from matching.inference import Ramp
from matching.taxonomy import load_taxonomy
from portal.extensions import db
from portal.models import Role
from portal.services.glossary import labels
from tests.fixtures.actors import create_user
from tests.fixtures.glossary import UNTRANSLATED_SKILL

#: Words that are in no shipped label of this skill, Dutch or English.
GLOSSARY_LABEL = "voedingswaarde van voedsel bepalen"
SUMMARY = "Zij kan de voedingswaarde van voedsel bepalen."


def mentioned(summary: str) -> bool:
    """Whether the process-wide inference finds UNTRANSLATED_SKILL in the summary."""
    tx = load_taxonomy()
    inferred = occupation_inference().infer(
        sp.csr_matrix((1, len(tx.skills))),
        [summary],
        from_skills=Ramp(0.1, 0.5, 0.5),
        from_text=Ramp(0.5, 0.9, 0.5),
    )
    return tx.skill_index(UNTRANSLATED_SKILL) in inferred.mentioned_skills.indices


def test_a_summary_mentions_a_skill_by_its_glossary_label(app_ctx):
    staff = create_user(Role.MATCHMAKER)
    db.session.commit()
    labels.apply()
    assert not mentioned(SUMMARY)  # built (and cached) before the label exists
    labels.save_label(UNTRANSLATED_SKILL, GLOSSARY_LABEL, by=staff)
    db.session.commit()
    assert mentioned(SUMMARY)
    entry = labels.entry_for(UNTRANSLATED_SKILL)
    assert entry is not None
    labels.delete_label(entry, by=staff)
    db.session.commit()
    assert not mentioned(SUMMARY)
