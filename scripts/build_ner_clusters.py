#!/usr/bin/env python3
"""Build data/ner/clusters.tsv: Brown word clusters for the NER tagger's features.

Source (installed from PyPI, no network at run time of Parallax):
  * spacy-lookups-data 1.0.5 (`pip download --no-deps spacy-lookups-data==1.0.5`, MIT, Explosion),
    file spacy_lookups_data/data/de_lexeme_cluster.json.gz: one Brown cluster per German word
    form (case-sensitive, 1,000,001 forms). spaCy stores each cluster's bit path reversed as an
    integer, so a path prefix of k bits is `cluster & (2^k - 1)`; 0 means "no cluster".

Output: one line per cluster, `CLUSTER TAB form form form ...` (forms sorted), clusters sorted
numerically; forms with whitespace or cluster 0 are left out. Deterministic.

Usage: python3 scripts/build_ner_clusters.py SPACY_LOOKUPS_DATA_DIR > data/ner/clusters.tsv
(the argument is the unpacked wheel).
"""
import gzip
import json
import sys


def main():
    src = f"{sys.argv[1]}/spacy_lookups_data/data/de_lexeme_cluster.json.gz"
    clusters = json.load(gzip.open(src))
    by_cluster = {}
    for form, cluster in clusters.items():
        if cluster == 0 or not form or any(c.isspace() for c in form):
            continue
        by_cluster.setdefault(cluster, []).append(form)
    out = sys.stdout
    for cluster in sorted(by_cluster):
        out.write(f"{cluster}\t{' '.join(sorted(by_cluster[cluster]))}\n")


if __name__ == "__main__":
    main()
