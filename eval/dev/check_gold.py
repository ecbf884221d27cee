#!/usr/bin/env python3
"""Validate the development gold set in eval/dev (see /work/shared/eval/GUIDELINES.md).

    python3 eval/dev/check_gold.py [DEV_DIR]

For every gold/*.json: the JSON loads, the document exists in corpus/ and its
header line is ` date YYYY-MM-DD URL` matching `published`, ids are unique,
entity types and meeting kinds are known, meeting participants/location point
at existing non-Meeting entities, every relation's subject and object exist
and fit the predicate's signature, every `evidence` is a verbatim substring of
the article text, and every listed alias occurs in the article (the canonical name may not);
across documents (and the shared seed gold, when present) a normalised entity
name keeps one type and no alias names two entities. Prints counts of
entities per type and relations per predicate (required / optional), and the
article length in words. Exits 1 on any error.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

from kg.evaluate import HEADLINE, PREDICATES, norm  # the scorer's normalisation, as kg implements it

TYPES = {"Person", "Place", "Organization", "Meeting"}
AGENTS = {"Person", "Place", "Organization"}
KINDS = {"summit", "meeting", "phone_call", "talks", "visit"}
HEADER = re.compile(r"^ date (\d{4}-\d{2}-\d{2}) (https?://\S+)$")
SHARED_EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$")


def cross_document(files) -> list[str]:
    """The scorer keys entities corpus-wide by normalised name: the same key must keep one type,
    and no alias may point at two different keys (it would be resolved arbitrarily)."""
    types, alias = defaultdict(set), defaultdict(set)
    for f in files:
        for e in json.loads(f.read_text(encoding="utf-8")).get("entities", []):
            if e.get("type") in AGENTS:
                key = norm(e["name"])
                types[key].add(e["type"])
                for a in [e["name"], *e.get("aliases", [])]:
                    alias[norm(a)].add(key)
    out = [f"entity {k!r} has several types {sorted(t)}" for k, t in types.items() if len(t) > 1]
    out += [f"alias {a!r} names several entities {sorted(k)}" for a, k in alias.items() if len(k) > 1]
    return out


def shared_problems(dev: Path) -> list[str]:
    """The problems the shared checker reports for this set ([] when ../shared is not there).

    Example: ``shared_problems(Path("eval/dev"))`` is ``[]`` for a clean set, and for a participant
    relation whose agent the meeting does not list it gives
    ``["shared check_gold.py: 103_x.json: m_riyadh participant waltz: not in the meeting's participants list"]``.
    """
    checker = SHARED_EVAL / "check_gold.py"
    if not checker.is_file():
        return []
    also = [str(d) for d in (SHARED_EVAL / "gold", SHARED_EVAL / "news-train") if d.is_dir()]
    r = subprocess.run([sys.executable, str(checker), str(dev / "corpus"), str(dev / "gold"), "--also", *also],
                       capture_output=True, text=True)
    lines = [ln for ln in r.stdout.splitlines() if ln and not ln.startswith(("note ", "docs "))]
    if r.returncode != 0 and not lines:
        lines = [f"the shared checker failed: {(r.stderr or r.stdout).strip()[-500:]}"]
    return [f"shared check_gold.py: {ln}" for ln in lines]


def signature_ok(pred, st, ot):
    if pred in ("proposed", "postponed"):
        return st in AGENTS and ot == "Meeting"
    if pred == "agreed":
        return st in AGENTS and (ot == "Meeting" or ot in AGENTS)
    if pred == "mediated":
        return st in AGENTS and ot in ("Meeting", "Place", "Organization")
    if pred == "participant":
        return st == "Meeting" and ot in AGENTS
    if pred == "location":
        return st == "Meeting" and ot == "Place"
    if pred == "affiliation":
        return st == "Person" and ot in ("Organization", "Place")
    return False


def check(dev: Path) -> int:
    errors = []
    ent_types, rel_req, rel_opt = Counter(), Counter(), Counter()
    docs_with = Counter()
    rows = []
    gold_files = sorted((dev / "gold").glob("*.json"))
    corpus_files = sorted((dev / "corpus").glob("*.txt"))
    if {f.stem for f in gold_files} != {f.stem for f in corpus_files}:
        errors.append(f"corpus/gold mismatch: {sorted({f.stem for f in gold_files} ^ {f.stem for f in corpus_files})}")
    for gf in gold_files:
        where = gf.name
        try:
            doc = json.loads(gf.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            errors.append(f"{where}: JSON does not load: {e}")
            continue
        if doc.get("document") != gf.stem + ".txt":
            errors.append(f"{where}: document field {doc.get('document')!r} does not match file name")
        tf = dev / "corpus" / (gf.stem + ".txt")
        if not tf.exists():
            errors.append(f"{where}: missing article {tf.name}")
            continue
        raw = tf.read_text(encoding="utf-8")
        first, _, rest = raw.partition("\n")
        m = HEADER.match(first)
        if not m:
            errors.append(f"{where}: bad header line {first!r}")
        elif m.group(1) != doc.get("published"):
            errors.append(f"{where}: header date {m.group(1)} != published {doc.get('published')}")
        if not rest.startswith("\n"):
            errors.append(f"{where}: header must be followed by a blank line")
        text = raw  # evidence may come from anywhere in the file, as in the shared gold
        body = rest.strip()
        words = len(body.split())
        ids = {}
        for e in doc.get("entities", []):
            eid = e.get("id")
            if eid in ids:
                errors.append(f"{where}: duplicate id {eid}")
            ids[eid] = e
            if e.get("type") not in TYPES:
                errors.append(f"{where}: {eid}: unknown type {e.get('type')}")
                continue
            ent_types[e["type"]] += 1
            if e["type"] != "Meeting":
                # the canonical name may be absent (e.g. "United States" when the text says "U.S."),
                # but the entity must be named somewhere, and every listed alias must occur
                forms = [e["name"], *e.get("aliases", [])]
                if not any(a.lower() in text.lower() for a in forms):  # datelines are upper case
                    errors.append(f"{where}: {eid}: neither name nor aliases occur in the article")
                for a in e.get("aliases", []):
                    if a not in text:
                        errors.append(f"{where}: {eid}: alias {a!r} not in article")
        for e in doc.get("entities", []):
            if e.get("type") != "Meeting":
                continue
            eid = e["id"]
            if e.get("kind") not in KINDS:
                errors.append(f"{where}: {eid}: bad kind {e.get('kind')}")
            parts = e.get("participants") or []
            # a forum's meeting may list only the organisation (GUIDELINES v2, "Hosts, visits, forums")
            forum = len(parts) == 1 and parts[0] in ids and ids[parts[0]]["type"] == "Organization"
            if len(parts) < 2 and not (forum or e.get("allow_single")):
                errors.append(f"{where}: {eid}: fewer than two participants (one only for a forum's meeting)")
            for p in parts:
                if p not in ids or ids[p]["type"] == "Meeting":
                    errors.append(f"{where}: {eid}: participant {p} is not an agent entity")
            loc = e.get("location")
            if loc is not None and (loc not in ids or ids[loc]["type"] != "Place"):
                errors.append(f"{where}: {eid}: location {loc} is not a Place")
            if e.get("date") is not None and not DATE.match(e["date"]):
                errors.append(f"{where}: {eid}: bad date {e['date']}")
        seen = set()
        for r in doc.get("relations", []):
            s, p, o = r.get("subject"), r.get("predicate"), r.get("object")
            tag = f"{where}: {s} {p} {o}"
            if p not in PREDICATES:
                errors.append(f"{tag}: unknown predicate")
                continue
            if s not in ids or o not in ids:
                errors.append(f"{tag}: unknown id")
                continue
            if not signature_ok(p, ids[s]["type"], ids[o]["type"]):
                errors.append(f"{tag}: types {ids[s]['type']} -> {ids[o]['type']} do not fit")
            ev = r.get("evidence", "")
            if not ev or ev not in text:
                errors.append(f"{tag}: evidence not verbatim in article: {ev!r}")
            if (s, p, o) in seen:
                errors.append(f"{tag}: duplicate triple")
            seen.add((s, p, o))
            if p == "participant" and s in ids and ids[s]["type"] == "Meeting" \
                    and o not in ids[s].get("participants", []) and not r.get("optional"):
                errors.append(f"{tag}: required participant relation not in the meeting's participants")
            if p == "location" and ids[s].get("location") is None:
                errors.append(f"{tag}: meeting has a location relation but no location field")
            (rel_opt if r.get("optional") else rel_req)[p] += 1
        for e in doc.get("entities", []):
            if e.get("type") == "Meeting":
                for pid in e.get("participants", []):
                    if (e["id"], "participant", pid) not in seen:
                        errors.append(f"{where}: {e['id']}: participant {pid} has no participant relation")
        for p in HEADLINE:
            if any(r["predicate"] == p for r in doc.get("relations", [])):
                docs_with[p] += 1
        req = sum(1 for r in doc.get("relations", []) if not r.get("optional"))
        rows.append((gf.stem, words, len(doc.get("entities", [])), req, len(doc.get("relations", [])) - req))
        if not 250 <= words <= 700:
            errors.append(f"{where}: article has {words} words (want 250-700, WRITING.md)")

    errors += shared_problems(dev)
    shared = SHARED_EVAL / "gold"
    try:
        errors += cross_document(gold_files + (sorted(shared.glob("*.json")) if shared.is_dir() else []))
    except json.JSONDecodeError:
        pass  # already reported above

    print(f"{'document':44}{'words':>6}{'ents':>6}{'rels':>6}{'opt':>5}")
    for row in rows:
        print(f"{row[0]:44}{row[1]:6}{row[2]:6}{row[3]:6}{row[4]:5}")
    print(f"\n{len(rows)} documents")
    print("entities: " + ", ".join(f"{t} {ent_types[t]}" for t in sorted(TYPES)))
    print(f"{'predicate':14}{'required':>9}{'optional':>9}{'docs':>6}")
    for p in PREDICATES:
        print(f"{p:14}{rel_req[p]:9}{rel_opt[p]:9}{docs_with[p] if p in HEADLINE else '':>6}")
    print(f"{'total':14}{sum(rel_req.values()):9}{sum(rel_opt.values()):9}")
    if errors:
        print(f"\n{len(errors)} error(s):")
        for e in errors:
            print("  " + e)
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(check(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent))
