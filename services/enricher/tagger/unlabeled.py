#!/usr/bin/env python3
"""Write the unlabeled text the tagger's word clusters are learned from, one paragraph a line,
to a file OUTSIDE the repository (the texts belong to their publishers; only the clusters,
which are our model data, are committed).

  unlabeled.py --reuters GITDIR [--bbc GITDIR] --devdata DIR OUT

--reuters: git directory of github:mihaibogdan10/json-reuters-21578 (sgm-data/reut2-0NN.sgm:
           Reuters-21578, Distribution 1.0, 1987 newswire, free for research use)
--bbc:     git directory of github:ZitRos/news-articles-dataset (news/*/*.txt: 2,095 BBC News
           articles of 2004-2005, one paragraph a line)
--devdata: the development sets built by shared/eval/devsets; the training splits only
           (conll-train, polnear-train) are read, never dev or test.
"""
import argparse, html, re, subprocess
from pathlib import Path


def git_show(gitdir, path):
    return subprocess.run(["git", "--git-dir", gitdir, "show", "HEAD:" + path], capture_output=True, check=True).stdout.decode("latin-1")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reuters", required=True)
    ap.add_argument("--bbc")
    ap.add_argument("--devdata", required=True)
    ap.add_argument("out")
    a = ap.parse_args()
    lines = []
    for k in range(22):
        sgm = git_show(a.reuters, f"sgm-data/reut2-{k:03d}.sgm")
        for body in re.findall(r"<BODY>(.*?)</BODY>", sgm, re.S):
            body = html.unescape(body).replace("\x03", "")
            for para in re.split(r"\n\s{3,}", body):
                para = " ".join(para.split())
                if para and not para.lower().startswith("reuter"):
                    lines.append(para)
    if a.bbc:
        names = subprocess.run(["git", "--git-dir", a.bbc, "ls-tree", "-r", "--name-only", "HEAD", "news/"],
                               capture_output=True, check=True).stdout.decode().split()
        for name in sorted(names):
            for para in git_show(a.bbc, name).encode("latin-1").decode("utf-8", "replace").splitlines():
                para = " ".join(para.split())
                if para:
                    lines.append(para)
    for split in ("conll-train", "polnear-train"):
        for f in sorted((Path(a.devdata) / split / "texts").glob("*.txt")):
            for para in f.read_text(encoding="utf-8").split("\n\n"):
                para = " ".join(para.split())
                if para:
                    lines.append(para)
    Path(a.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} paragraphs, {sum(len(l.split()) for l in lines)} words -> {a.out}")


if __name__ == "__main__":
    main()
