#!/usr/bin/env python3
"""Write PolNeAR's train split with CoreNLP's entity labels as a silver training set of the
entity tagger, in the format of the CoNLL sets (gold.json with byte-offset mentions and
sentence regions, texts/), to a folder OUTSIDE the repository (the texts belong to their
publishers; only the model learned from them is committed).

  silver.py GITDIR OUT          # e.g. silver.py polnear.git ../devdata/polnear-train-silver

GITDIR is the git directory of a snapshot of github:networkdynamics/PolNeAR (the repository
shared/eval/devsets/polnear.py reads). Only data/train is read, never dev or test. The labels
are CoreNLP's NER output shipped in the snapshot (data/train/corenlp/*.xml): PERSON,
ORGANIZATION, LOCATION and MISC; adjacent tokens of one type in a sentence are one name, as
polnear.py groups them. They are silver, not gold: a peer tagger's output on 2015-2016 US
political news, which the Reuters 1996 gold of CoNLL-2003 does not cover. Sentences in title
case or capitals (headlines, where CoreNLP types fragments as organisations) are left out, as
are articles whose CoreNLP output is absent or does not line up with the text.
"""
import json, re, subprocess, sys
from pathlib import Path

TYPES = {"PERSON": "PER", "ORGANIZATION": "ORG", "LOCATION": "LOC", "MISC": "MISC"}
TOKEN = re.compile(r"<token id=\"\d+\">.*?<word>(.*?)</word>.*?<CharacterOffsetBegin>(\d+)</CharacterOffsetBegin>"
                   r"\s*<CharacterOffsetEnd>(\d+)</CharacterOffsetEnd>.*?<NER>(.*?)</NER>", re.S)
SENTENCE = re.compile(r"<sentence id=\"\d+\">\s*<tokens>(.*?)</tokens>", re.S)
SMALL = {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with"}


def git(gitdir, *args):
    return subprocess.run(["git", "--git-dir", gitdir, *args], capture_output=True, check=True).stdout


def headline(words):
    """A sentence in title case or capitals: a capitalised small word inside it, or most of
    its words of four letters or more capitalised."""
    alpha = [w for w in words if w[:1].isalpha()]
    if any(w.lower() in SMALL and w[:1].isupper() for w in alpha[1:]):
        return True
    long = [w for w in alpha if len(w) >= 4]
    return len(long) >= 3 and sum(w[:1].isupper() for w in long) > 0.6 * len(long)


def document(text, xml):
    """Regions and mentions (byte offsets) of one article, or None when CoreNLP's offsets do
    not line up with the text."""
    byte = [0]
    for ch in text:
        byte.append(byte[-1] + len(ch.encode("utf-8")))
    regions, mentions = [], []
    for sent in SENTENCE.findall(xml):
        toks = [(int(b), int(e), w, ner) for w, b, e, ner in TOKEN.findall(sent)]
        if not toks:
            continue
        if any(e > len(text) for _, e, _, _ in toks):
            return None
        if headline([text[b:e] for b, e, _, _ in toks]):
            continue
        regions.append({"start": byte[toks[0][0]], "end": byte[toks[-1][1]], "kind": "prose"})
        cur = None
        for b, e, _, ner in toks + [(0, 0, "", "O")]:
            typ = TYPES.get(ner)
            if cur and typ == cur[0]:
                cur[2] = e
                continue
            if cur:
                mentions.append({"start": byte[cur[1]], "end": byte[cur[2]], "type": cur[0], "text": text[cur[1]:cur[2]]})
            cur = [typ, b, e] if typ else None
    return regions, mentions


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    gitdir, out = sys.argv[1], Path(sys.argv[2])
    (out / "texts").mkdir(parents=True, exist_ok=True)
    names = git(gitdir, "ls-tree", "-r", "--name-only", "HEAD", "data/train/text").decode().split()
    docs, skipped = {}, 0
    for path in sorted(names):
        stem = Path(path).stem
        try:
            xml = git(gitdir, "show", f"HEAD:data/train/corenlp/{stem}.txt.xml").decode("utf-8")
        except subprocess.CalledProcessError:
            skipped += 1
            continue
        text = git(gitdir, "show", "HEAD:" + path).decode("utf-8")
        doc = document(text, xml)
        if doc is None:
            skipped += 1
            continue
        (out / "texts" / (stem + ".txt")).write_text(text, encoding="utf-8")
        docs[stem + ".txt"] = {"prose": True, "regions": doc[0], "mentions": doc[1]}
    about = "PolNeAR train with CoreNLP's NER labels (silver): written by services/enricher/tagger/silver.py"
    (out / "gold.json").write_text(json.dumps({"version": 1, "about": about, "documents": docs}, ensure_ascii=False), encoding="utf-8")
    print(f"{len(docs)} articles ({skipped} left out), {sum(len(d['regions']) for d in docs.values())} sentences, "
          f"{sum(len(d['mentions']) for d in docs.values())} names -> {out}")


if __name__ == "__main__":
    main()
