#!/bin/sh
# Build data/ner/gazetteers.tsv from ../shared/lexicons (see data/PROVENANCE.md).
# Columns: class TAB entry. Classes: first (first names), last (surnames), loc (places and
# countries), org (organisations). Sorted, deduplicated: deterministic.
set -eu
L=${1:-../shared/lexicons}
{
  cut -f1 "$L/germaner_vornameList.txt" | awk 'length($0) > 1 { print "first\t" $0 }'
  awk 'length($0) > 2 { print "last\t" $0 }' "$L/germaner_inDBnachnamen.txt"
  awk -F'\t' '$2 == "Wiki.city" || $2 == "Wiki.location" { print "loc\t" $1 } $2 == "Wiki.org" { print "org\t" $1 }' "$L/germaner_location_wiki.list"
  awk 'NF { print "loc\t" $0 }' "$L/ler_laendernamen.list"
  awk -F'\t' 'NR > 1 { for (i = 4; i <= 6; i++) if ($i != "") print "loc\t" $i }' "$L/iso3166-1_de.tsv"
} | tr -d '\r' | LC_ALL=C sort -u > data/ner/gazetteers.tsv
