"""Measure triage against a labelled corpus: `python -m services.triage.evaluate [path] [--json]`.

Prints category micro/macro F1 (and per category), force, priority and
disposition accuracy, and confusion tables, so a change to the lexicons can be
judged before it ships. `evaluate(path)` returns the same figures as a dict.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from services.triage.classify import classify_records
from services.triage.engine import CATEGORY_CODES, DISPOSITIONS

DEFAULT_PATH = Path("tests/data/triage_dev.jsonl")


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(path: str | Path = DEFAULT_PATH) -> dict[str, Any]:
    """Classify every line of `path` in order and compare with its labels."""
    records = [
        json.loads(line) for line in Path(path).read_text("utf-8").splitlines() if line.strip()
    ]
    preds = list(classify_records(records))
    counts: dict[str, Counter[str]] = {c: Counter() for c in CATEGORY_CODES}
    force_ok = prio_ok = disp_ok = 0
    force_conf: Counter[tuple[str, str]] = Counter()
    disp_conf: Counter[tuple[str, str]] = Counter()
    prio_conf: Counter[tuple[str, str]] = Counter()
    mistakes: list[dict[str, Any]] = []
    for rec, pred in zip(records, preds, strict=True):
        gold = rec["labels"]
        gold_cats, pred_cats = set(gold["categories"]), set(pred["categories"])
        for c in CATEGORY_CODES:
            if c in gold_cats and c in pred_cats:
                counts[c]["tp"] += 1
            elif c in pred_cats:
                counts[c]["fp"] += 1
            elif c in gold_cats:
                counts[c]["fn"] += 1
        force_ok += gold["force"] == pred["force"]
        prio_ok += gold["priority"] == pred["priority"]
        disp_ok += gold["disposition"] == pred["disposition"]
        if gold["force"] != pred["force"]:
            force_conf[(gold["force"], pred["force"])] += 1
        disp_conf[(gold["disposition"], pred["disposition"])] += 1
        prio_conf[(gold["priority"], pred["priority"])] += 1
        wrong = [k for k in ("force", "priority", "disposition") if gold[k] != pred[k]]
        if gold_cats != pred_cats:
            wrong.append("categories")
        if wrong:
            mistakes.append(
                {
                    "id": rec["id"],
                    "wrong": wrong,
                    "gold": {
                        k: gold[k] for k in ("categories", "force", "priority", "disposition")
                    },
                    "pred": {
                        k: pred[k] for k in ("categories", "force", "priority", "disposition")
                    },
                }
            )
    per_cat: dict[str, dict[str, float]] = {}
    tp = fp = fn = 0
    for c in CATEGORY_CODES:
        ct = counts[c]
        p, r, f = _f1(ct["tp"], ct["fp"], ct["fn"])
        per_cat[c] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "support": ct["tp"] + ct["fn"],
        }
        tp, fp, fn = tp + ct["tp"], fp + ct["fp"], fn + ct["fn"]
    micro = _f1(tp, fp, fn)[2]
    scored = [per_cat[c]["f1"] for c in CATEGORY_CODES if per_cat[c]["support"]]
    macro = sum(scored) / len(scored) if scored else 0.0
    n = len(records)
    return {
        "n": n,
        "category_micro_f1": round(micro, 4),
        "category_macro_f1": round(macro, 4),
        "per_category": per_cat,
        "force_accuracy": round(force_ok / n, 4) if n else 0.0,
        "priority_accuracy": round(prio_ok / n, 4) if n else 0.0,
        "disposition_accuracy": round(disp_ok / n, 4) if n else 0.0,
        "force_confusion": [
            {"gold": g, "pred": p, "count": k} for (g, p), k in sorted(force_conf.items())
        ],
        "disposition_confusion": [
            {"gold": g, "pred": p, "count": k} for (g, p), k in sorted(disp_conf.items())
        ],
        "priority_confusion": [
            {"gold": g, "pred": p, "count": k} for (g, p), k in sorted(prio_conf.items())
        ],
        "mistakes": mistakes,
    }


def _print(report: dict[str, Any], *, show_mistakes: bool) -> None:
    print(f"reports: {report['n']}")
    print(
        f"category micro-F1: {report['category_micro_f1']:.3f}   "
        f"macro-F1: {report['category_macro_f1']:.3f}"
    )
    print(f"{'category':28} {'P':>6} {'R':>6} {'F1':>6} {'n':>4}")
    for code, m in report["per_category"].items():
        print(
            f"{code:28} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} {m['support']:4d}"
        )
    print(f"force accuracy:       {report['force_accuracy']:.3f}")
    print(f"priority accuracy:    {report['priority_accuracy']:.3f}")
    print(f"disposition accuracy: {report['disposition_accuracy']:.3f}")
    print("\nforce confusion (mistakes only, gold -> predicted):")
    for row in report["force_confusion"]:
        print(f"  {row['gold']:28} -> {row['pred']:28} {row['count']}")
    if not report["force_confusion"]:
        print("  (none)")
    print("\ndisposition confusion (rows gold, columns predicted):")
    table = {(r["gold"], r["pred"]): r["count"] for r in report["disposition_confusion"]}
    print(" " * 14 + "".join(f"{d:>13}" for d in DISPOSITIONS))
    for g in DISPOSITIONS:
        print(f"{g:14}" + "".join(f"{table.get((g, p), 0):13d}" for p in DISPOSITIONS))
    if show_mistakes:
        print("\nmistakes:")
        for m in report["mistakes"]:
            print(f"  {m['id']} {','.join(m['wrong'])}: gold={m['gold']} pred={m['pred']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH))
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--mistakes", action="store_true", help="list each wrong report")
    args = parser.parse_args(argv)
    report = evaluate(args.path)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print(report, show_mistakes=args.mistakes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
