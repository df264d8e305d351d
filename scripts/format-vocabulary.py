#!/usr/bin/env python3
"""Lays out crates/core/vocabulary.json the one way it is kept: the header, then one
entry per block, one key per line, lists on one line (so a diff shows the entry and
field that changed). Run after editing it, then scripts/name-vocabulary.py on the
clinic profiles (their `vocabulary.sha256` names these bytes).

    python3 scripts/format-vocabulary.py crates/core/vocabulary.json
"""
import json
import sys

p=sys.argv[1]
d=json.load(open(p))
def j(x): return json.dumps(x,ensure_ascii=False)
lines=["{"]
for k in ("format","version"):
    lines.append(f' {j(k)}: {j(d[k])},')
lines.append(' "sources": [')
lines.append(",\n".join("  "+j(s) for s in d["sources"]))
lines.append(' ],')
for n,k in enumerate(("medications","allergens")):
    lines.append(f' {j(k)}: [')
    ents=[]
    for e in d[k]:
        ents.append("  {\n"+",\n".join(f"   {j(a)}: {j(b)}" for a,b in e.items())+"\n  }")
    lines.append(",\n".join(ents))
    lines.append(' ]'+(',' if n==0 else ''))
lines.append("}")
open(p,'w').write("\n".join(lines)+"\n")
json.load(open(p))
