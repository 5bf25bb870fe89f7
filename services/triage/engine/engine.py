"""TriageEngine: one report in, categories/force/priority/disposition out, with evidence.

Pure and synchronous: the reference data is loaded once in the constructor, and
the only state it touches is the ReportStore passed to classify (duplicates). classify()
is analyse() then conclude(): a caller whose store is a database looks up the
candidates between the two (services.triage.assessments).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from .assess import PoliceCheck, PriorityDecision, check_police, decide_priority, identifiability
from .categories import score_categories, to_tags
from .duplicates import band_keys, features, find_duplicate, lookup_keys, minhash
from .models import (
    CategoryTag,
    MemoryReportStore,
    ReportStore,
    StoredReport,
    TriageInput,
    TriageResult,
)
from .routing import ForceDecision, ForceResolver
from .sanitise import Redaction, apply_redactions, find_redactions, summarise
from .subject import Subject, extract_subject, subject_keys
from .text import prepare


@dataclass
class Analysis:
    """A report as TriageEngine.analyse leaves it, for conclude (used once)."""

    inp: TriageInput
    report_id: str
    force: ForceDecision
    police: PoliceCheck
    tags: list[CategoryTag]
    codes: list[str]
    priority: PriorityDecision
    disposition: str
    disp_conf: float
    disp_ev: list[str]
    subject: Subject
    keys_subject: list[str]
    signature: list[int]
    keys: list[str]
    redactions: list[Redaction]
    sanitised: str

    @property
    def lookup_keys(self) -> list[str]:
        """The band keys conclude() asks the store's candidates for (none when the report
        is not about the police: it is never a duplicate)."""
        if not self.police.police:
            return []
        return lookup_keys(self.keys, self.keys_subject)


class TriageEngine:
    """Classifies reports; build once (reference data), call classify per report."""

    def __init__(self) -> None:
        self._forces = ForceResolver()

    def classify(
        self,
        inp: TriageInput,
        *,
        store: ReportStore | None = None,
        report_id: str | None = None,
    ) -> TriageResult:
        """Triage one report and remember it in `store` (for later duplicates)."""
        analysis = self.analyse(inp, report_id=report_id)
        return self.conclude(analysis, store=store if store is not None else MemoryReportStore())

    def analyse(self, inp: TriageInput, *, report_id: str | None = None) -> Analysis:
        """Everything about the report that does not depend on earlier reports: nearly all
        of the work, and none of it touches a store. A service runs this off its event loop
        and the store's look-up (Analysis.lookup_keys) on it, then conclude()."""
        report_id = report_id or uuid.uuid4().hex
        doc = prepare(inp.text)

        force = self._forces.resolve(doc, location=inp.location, force_hint=inp.force_hint)
        scores = score_categories(doc, inp.categories_hint)
        subject = extract_subject(
            inp.text,
            name=inp.subject_name,
            role=inp.subject_role,
            number=inp.subject_number,
            station=inp.subject_station,
        )
        police = check_police(
            doc, named_force=force.source == "named_force", subject_role=inp.subject_role
        )
        tags = to_tags(scores, police=police.police)
        codes = [t.code for t in tags]
        priority = decide_priority(doc, codes, scores)

        # Disposition (before duplicates): not_police > insufficient > disseminate.
        ident, ident_ev = identifiability(doc, name=subject.name, number=subject.number)
        disp_ev: list[str] = []
        if not police.police:
            disposition, disp_conf = "not_police", police.confidence
            disp_ev = police.evidence
        elif police.unsure:
            disposition, disp_conf = "insufficient", 0.6
            disp_ev = police.evidence
        elif force.force == "unknown":
            disposition = "insufficient"
            disp_conf = 0.85 if force.region_only or not force.matched else 0.75
            disp_ev = [
                "force cannot be identified"
                + (
                    f" ('{force.ambiguous_place}' is ambiguous or a region)"
                    if force.ambiguous_place
                    else ""
                )
            ]
        elif ident < 1.0:
            disposition = "insufficient"
            disp_conf = 0.7 if ident <= 0.5 else 0.55
            disp_ev = ["subject cannot be identified", *ident_ev]
        else:
            disposition = "disseminate"
            disp_conf = min(0.95, 0.55 + 0.2 * ident)
            disp_ev = ["subject identifiable", *ident_ev]

        keys_subject = subject_keys(subject, force.force)
        feats = features(inp.text)
        if subject.name:
            feats |= {f"subject:{k}" for k in keys_subject}
        signature = minhash(feats)
        # Redaction does not depend on duplicates: done here, with the rest of the work.
        redactions = find_redactions(inp.text, inp.personal_sentences)
        sanitised = apply_redactions(inp.text, redactions)
        return Analysis(
            inp=inp,
            report_id=report_id,
            force=force,
            police=police,
            tags=tags,
            codes=codes,
            priority=priority,
            disposition=disposition,
            disp_conf=disp_conf,
            disp_ev=disp_ev,
            subject=subject,
            keys_subject=keys_subject,
            signature=signature,
            keys=band_keys(signature),
            redactions=redactions,
            sanitised=sanitised,
        )

    def conclude(self, analysis: Analysis, *, store: ReportStore) -> TriageResult:
        """The duplicate check against `store` (which remembers this report too), and the
        result: little work beside the look-up."""
        a = analysis
        force, police, priority, tags = a.force, a.police, a.priority, a.tags
        disposition, disp_conf, disp_ev = a.disposition, a.disp_conf, a.disp_ev
        duplicate_of: str | None = None
        final_codes = a.codes
        final_force = force.force
        final_priority = priority.priority
        if police.police:
            dup = find_duplicate(
                store=store,
                signature=a.signature,
                keys=a.keys,
                subject_keys=a.keys_subject,
                force=force.force,
                categories=a.codes,
                text=a.inp.text,
            )
            if dup is not None:
                duplicate_of = dup.report_id
                disposition = "duplicate"
                disp_conf = dup.confidence
                disp_ev = [f"duplicate of {dup.report_id}: {dup.reason}"]
                # A duplicate takes the first report's labels (taxonomy).
                final_codes = list(dup.original.categories)
                final_force = dup.original.force
                final_priority = dup.original.priority
        store.add(
            StoredReport(
                report_id=a.report_id,
                fingerprint=a.signature,
                force=final_force,
                categories=final_codes,
                priority=final_priority,
                band_keys=lookup_keys(a.keys, a.keys_subject),
                subject_keys=a.keys_subject,
            )
        )
        if duplicate_of is not None:
            by_code = {t.code: t for t in tags}
            tags = [
                by_code.get(c) or CategoryTag(c, [f"as in {duplicate_of}"], disp_conf)
                for c in final_codes
            ]
            priority.evidence = [f"as in {duplicate_of}"]

        force_conf = force.confidence
        cat_conf = min((t.confidence for t in tags), default=0.5)
        if duplicate_of is None and not police.police:
            cat_conf = police.confidence
        overall = round(min(force_conf, cat_conf, priority.confidence, disp_conf), 3)
        return TriageResult(
            categories=tags,
            force=final_force,
            force_evidence=force.evidence(),
            force_confidence=round(force_conf, 3),
            priority=final_priority,
            priority_evidence=priority.evidence,
            priority_confidence=round(priority.confidence, 3),
            disposition=disposition,
            disposition_evidence=disp_ev,
            disposition_confidence=round(disp_conf, 3),
            duplicate_of=duplicate_of,
            confidence=overall,
            subject=a.subject.as_dict(),
            subject_keys=a.keys_subject,
            sanitised_text=a.sanitised,
            redactions=[r.as_dict() for r in a.redactions],
            summary=summarise(a.sanitised),
        )
