#!/usr/bin/env python3
"""Fail when a rule pack, a lexicon or a fixture copies wording from the evaluation drafts.

    python3 eval/contamination.py [--drafts ../shared/eval/dev.jsonl] [--n 6]

The drafts of ../shared/eval measure vigia only if its rules were not written from them: a
rule example, a lexicon entry or a fixture may share the *class* of a draft's wording, never
its words. This script reports every run of N words (default 6; case, accents and
punctuation ignored) that a file of rules/, rules/lexicons/ or fixtures/ shares with a draft,
except runs made only of wording every Senace text uses (the directive's own text, official
names and the phrases in ALLOWED below). Exit 1 when there is one. Python 3.11, standard
library only.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Institutional wording any Senace post may use; a shared run inside one of these is no copy.
ALLOWED = [
    "acceso a la información pública",
    "solicitudes de acceso a la información pública",
    "mesa de partes virtual del senace",
    # the official name after the prepositions every post puts before it
    "en la mesa de partes virtual del senace",
    "por la mesa de partes virtual del senace",
    "a la mesa de partes virtual del senace",
    "de la mesa de partes virtual del senace",
    "estudio de impacto ambiental detallado",
    "estudio de impacto ambiental semidetallado",
    "modificación del estudio de impacto ambiental",
    "del área de influencia directa",
    "en el área de influencia del proyecto",
    "ley de protección de datos personales",
    "ley n° 29733 ley de protección de datos personales",
    "de 8:00 a. m. a 7:00 p. m.",
    "de 8:00 a. m. a 7:00 p. m. de lunes a viernes",
    "la línea base del proyecto",
    "de la comunidad campesina de",
    "de las comunidades del área de influencia",
    "día internacional de la mujer",
    "registro nacional de consultoras ambientales",
    "dirección regional de energía y minas",
    "los 7 días de la semana",
    "participaron en el taller de",
    "en la audiencia pública del proyecto",
]


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return re.findall(r"\w+", text)


def grams(ws: list[str], n: int) -> set[str]:
    return {" ".join(ws[i : i + n]) for i in range(len(ws) - n + 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--drafts", default=str(ROOT.parent / "shared/eval/dev.jsonl"))
    ap.add_argument("--n", type=int, default=6)
    ap.add_argument(
        "--rules-only", action="store_true", help="check rules/ and rules/lexicons/ only"
    )
    args = ap.parse_args()
    drafts_path = Path(args.drafts)
    if not drafts_path.is_file():
        print(f"contamination: no drafts at {drafts_path}; nothing to check")
        return 0
    allowed: set[str] = set()
    directive = ROOT.parent / "shared/directiva-redes-sociales.txt"
    sources = list(ALLOWED)
    if directive.is_file():
        sources.append(directive.read_text(encoding="utf-8"))
    for text in sources:
        allowed |= grams(words(text), args.n)
    draft_grams: dict[str, str] = {}
    for line in drafts_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            for g in grams(words(d["text"]), args.n):
                draft_grams.setdefault(g, d["id"])
    files = [*ROOT.glob("rules/*.yaml"), *ROOT.glob("rules/lexicons/*.yaml")]
    if not args.rules_only:
        files += [p for p in ROOT.glob("fixtures/**/*") if p.is_file()]
    files.sort()
    found = 0
    for f in files:
        try:
            text = f.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            shared = sorted(
                g for g in grams(words(line), args.n) if g in draft_grams and g not in allowed
            )
            if shared:
                found += 1
                rel = f.relative_to(ROOT)
                print(f"{rel}:{number}: shares «{shared[0]}» with {draft_grams[shared[0]]}")
    if found:
        print(f"\n{found} line(s) copy wording from {drafts_path.name}: rewrite them in your own words")
        return 1
    print(f"no run of {args.n} words shared with {drafts_path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
