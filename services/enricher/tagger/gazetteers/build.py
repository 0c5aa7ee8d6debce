#!/usr/bin/env python3
"""Build the tagger's gazetteer lists (facts: names of places, given names, organisations)
from public data and from the enricher's own lexicons. Reproducible: the same inputs give
the same files. The sources and their licences are in NOTICE beside this script.

  build.py --cities GITDIR --census GITDIR [--out DIR]

--cities: git directory of github:datasets/world-cities (data/world-cities.csv; GeoNames, CC BY 4.0)
--census: git directory of github:mozilla/search-terms-sanitization
          (assets/names/dist.male.first, dist.female.first: US Census 1990 given names, public domain)
The enricher's lexicons are read from ../../extract/lexicon/data (ours).

Writes, one phrase a line (the list's name is the file's stem):
  country.txt  countries and their other names     demonym.txt  nationalities and peoples
  city.txt     cities                                region.txt   states, provinces, regions
  given.txt    given names                           org.txt      organisations the enricher knows
  orghead.txt  words that end organisations' names
"""
import argparse, csv, io, subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
LEX = HERE.parent.parent / "extract" / "lexicon" / "data"


def git_show(gitdir, path):
    return subprocess.run(["git", "--git-dir", gitdir, "show", "HEAD:" + path], capture_output=True, check=True).stdout.decode("utf-8")


def rows(name):
    for line in (LEX / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def words(name):
    for line in (LEX / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield from line.split()


def alts(field):
    return [a for a in field.split("|") if a] if field else []


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cities", required=True)
    ap.add_argument("--census", required=True)
    ap.add_argument("--out", default=str(HERE))
    a = ap.parse_args()
    lists = {k: set() for k in ("country", "demonym", "city", "region", "given", "org", "orghead")}
    for r in rows("countries.tsv"):
        lists["country"].update([r[0]] + alts(r[1] if len(r) > 1 else ""))
        lists["demonym"].update(alts(r[2] if len(r) > 2 else ""))
    for r in rows("demonyms.tsv"):
        lists["demonym"].update(alts(r[0]))
    for r in rows("places.tsv"):
        kind, names = r[0], [r[1]] + alts(r[2] if len(r) > 2 else "")
        lists["city" if kind in ("city", "capital") else "region"].update(names)
    for r in rows("orgs.tsv"):
        lists["org"].update([r[1]] + alts(r[2] if len(r) > 2 else ""))
    lists["orghead"].update(words("orgheads.txt"))
    lists["given"].update(words("givennames.txt"))
    for row in csv.DictReader(io.StringIO(git_show(a.cities, "data/world-cities.csv"))):
        lists["city"].add(row["name"])
        lists["region"].add(row["subcountry"])
        lists["country"].add(row["country"])
    for f in ("assets/names/dist.male.first", "assets/names/dist.female.first"):
        for line in git_show(a.census, f).splitlines():
            if line.split():
                lists["given"].add(line.split()[0].title())
    out = Path(a.out)
    for name, phrases in lists.items():
        phrases = sorted(p.strip() for p in phrases if p.strip() and not p.startswith("the "))
        (out / (name + ".txt")).write_text("".join(p + "\n" for p in phrases), encoding="utf-8")
        print(f"{name}: {len(phrases)}")


if __name__ == "__main__":
    main()
