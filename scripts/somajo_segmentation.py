#!/usr/bin/env python3
"""Score SoMaJo on a CoNLL-U file the way `parallax eval segmentation` scores Parallax.

Usage: pip install somajo; python3 scripts/somajo_segmentation.py ../shared/bench/segmentation/ud-german-gsd/de_gsd-ud-dev.conllu
Not a dependency of Parallax: it only produces the comparison figures in docs/quality/nlp-core.md.
"""
import sys, time
from somajo import SoMaJo

def read(path):
    text, sents, toks = "", [], []
    cur = None; skip = 0
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("# text = "):
            t = line[len("# text = "):]
            if text: text += " "
            sents.append((len(text), len(text) + len(t)))
            cur = [t, len(text), 0]; text += t; skip = 0
            continue
        if line.startswith("#") or not line.strip(): continue
        cols = line.split("\t"); tid, form = cols[0], cols[1]
        if "." in tid: continue
        if "-" in tid:
            skip = int(tid.split("-")[1])
        elif int(tid) <= skip:
            continue
        b = cur[0].index(form, cur[2])
        toks.append((cur[1] + b, cur[1] + b + len(form))); cur[2] = b + len(form)
    return text, sents, toks

def prf(g, p):
    g, p = set(g), set(p); tp = len(g & p)
    P = tp / len(p) if p else 0; R = tp / len(g) if g else 0
    return P, R, (2 * P * R / (P + R) if P + R else 0)

text, gs, gt = read(sys.argv[1])
tok = SoMaJo("de_CMC", split_camel_case=False, split_sentences=True, character_offsets=True)
t0 = time.time()
sentences = list(tok.tokenize_text([text]))
secs = time.time() - t0
ps, pt = [], []
for s in sentences:
    offs = [t.character_offset for t in s]
    for a, b in offs: pt.append((a, b))
    ps.append((offs[0][0], offs[-1][1]))
print("sentence spans      P %.3f  R %.3f  F1 %.3f" % prf(gs, ps))
print("sentence boundaries P %.3f  R %.3f  F1 %.3f" % prf([(e, e) for _, e in gs], [(e, e) for _, e in ps]))
print("token spans         P %.3f  R %.3f  F1 %.3f" % prf(gt, pt))
print("speed: %.0f chars/s" % (len(text) / secs))
