#!/usr/bin/env python3
"""Builds the word lists the normaliser embeds (run at development time).

    apt-get install hunspell-en-gb hunspell-en-us hunspell-tools
    pip download --no-deps -d /tmp/ws wordsegment==1.3.1
    python3 src/normalise/data/make_lists.py /tmp/ws/wordsegment-1.3.1-py2.py3-none-any.whl

Writes, beside this script:
  dictionary.txt.gz  every word form of Debian's hunspell-en-gb (en_GB.dic expanded
                  with its affix rules by `unmunch`), one per line as `word<TAB>count`,
                  the count being the word's frequency in wordsegment's unigram list
                  (0 when absent). Forms with digits and possessive `'s` forms are left
                  out (the normaliser strips `'s` before a lookup). Beside them, the
                  American spellings of its words: forms of Debian's hunspell-en-us that
                  en_GB lacks, that the web uses, and that one of US_SPELLINGS turns
                  into an en_GB form (`color` for `colour`, `center` for `centre`).
  web-words.txt   words of wordsegment's unigram list that are not in the dictionary
                  and were seen at least MIN_WEB times: compounds and names
                  (`underreported`, `wellbeing`), and some web typos (`ofthe`) that the
                  normaliser's cost comparison sees through.
  web-pairs.txt.gz  gzipped: the pairs of words of wordsegment's bigram list (all seen at
                  least 100,000 times) whose parts are words of the two lists above and
                  whose join is no dictionary word, nor a web word unless the web writes
                  the pair WEB_APART times more often than the join (`sametime`), as
                  `join<TAB>length of the first word` (`urbanareas<TAB>5`), the commonest
                  pair for a join. A glued token found here is a pair the web writes
                  apart; a compound in use as one word is a web word written joined more
                  often (`cleanup`, `hashmap`), so it never gets here.
All are sorted by bytes, so a rebuild gives the same files.

    python3 src/normalise/data/make_lists.py --pairs WHEEL

writes web-pairs.txt.gz alone, from the wheel and the two lists already here (no
Hunspell needed).
"""
import gzip
import re
import subprocess
import sys
import zipfile
from pathlib import Path

MIN_WEB = 50_000
# How many times more often the web must write a web word's two words apart
# than together for the pair list to take it as glue.
WEB_APART = 10
HERE = Path(__file__).resolve().parent
# How an American spelling differs from the British one: (American,
# British) pieces. `er` for `re` only after t, b, g, c or v (`center`,
# `fiber`), so that `perpend` is no `prepend`.
US_SPELLINGS = [
    ("or", "our"), ("er", "re"), ("yz", "ys"), ("ense", "ence"), ("l", "ll"), ("ll", "l"),
    ("og", "ogue"), ("e", "ae"), ("e", "oe"), ("ment", "ement"), ("um", "ium"),
    ("ow", "ough"), ("o", "ou"),
]


def expand(language):
    """Every word form of a Hunspell dictionary, as the lists take them."""
    expanded = subprocess.run(
        ["unmunch", f"/usr/share/hunspell/{language}.dic", f"/usr/share/hunspell/{language}.aff"],
        capture_output=True, check=True).stdout.decode("utf-8", errors="replace")
    words = set()
    for word in expanded.splitlines():
        word = word.strip().lstrip("\ufeff").replace("\u2019", "'")
        if not re.fullmatch(r"[A-Za-z][A-Za-z'.-]*", word) or word.endswith("'s"):
            continue
        words.add(word)
    return words


def british_forms(word):
    """The spellings `word` would have if it were an American spelling."""
    forms = set()
    for american, british in US_SPELLINGS:
        at = word.find(american)
        while at != -1:
            if american != "er" or (at > 0 and word[at - 1] in "tbgcv"):
                forms.add(word[:at] + british + word[at + len(american):])
            at = word.find(american, at + 1)
    return forms


def american_spellings(british, unigrams):
    """Forms of en_US that are American spellings of en_GB forms: five
    letters or more, in small letters, used on the web (en_US alone would
    bring rare words, `teston`, `gars`, that hide glued pairs)."""
    return {
        word for word in expand("en_US") - british
        if len(word) >= 5 and word[0].islower() and unigrams.get(word, 0) > 0
        and british_forms(word) & british
    }


def write_pairs(wheel):
    with gzip.open(HERE / "dictionary.txt.gz", "rt", encoding="utf-8") as dictionary:
        dictionary_words = {line.split("\t")[0].lower() for line in dictionary}
    web_counts = {}
    with open(HERE / "web-words.txt", encoding="utf-8") as web:
        for line in web:
            word, count = line.split("\t")
            web_counts[word.lower()] = int(count)
    known = dictionary_words | web_counts.keys()
    best = {}
    with zipfile.ZipFile(wheel) as z:
        for line in z.read("wordsegment/bigrams.txt").decode().splitlines():
            pair, count = line.split("\t")
            left, right = pair.split(" ")
            join = left + right
            if not (join.isascii() and join.isalpha()) or join in dictionary_words:
                continue
            # A web word is a compound in use unless the web writes it apart
            # far more often: `sametime`, `longterm` are glue; `cleanup` is not.
            if join in web_counts and int(count) < WEB_APART * web_counts[join]:
                continue
            if left not in known or right not in known:
                continue
            if join not in best or best[join][0] < int(count):
                best[join] = (int(count), len(left))
    with gzip.GzipFile(HERE / "web-pairs.txt.gz", "wb", compresslevel=9, mtime=0) as packed:
        for join in sorted(best, key=str.encode):
            packed.write(f"{join}\t{best[join][1]}\n".encode())
    print(f"web pairs: {len(best)}")


def main():
    if sys.argv[1] == "--pairs":
        write_pairs(sys.argv[2])
        return
    wheel = sys.argv[1]
    with zipfile.ZipFile(wheel) as z:
        unigrams = {}
        for line in z.read("wordsegment/unigrams.txt").decode().splitlines():
            word, count = line.split("\t")
            unigrams[word] = int(count)
    british = expand("en_GB")
    american = american_spellings(british, unigrams)
    words = british | american
    lower = {w.lower() for w in words}
    # Gzipped with a fixed time stamp, so a rerun gives the same bytes.
    with gzip.GzipFile(HERE / "dictionary.txt.gz", "wb", compresslevel=9, mtime=0) as packed:
        for word in sorted(words, key=lambda w: w.encode()):
            packed.write(f"{word}\t{unigrams.get(word.lower(), 0)}\n".encode())
    web = [(w, c) for w, c in unigrams.items() if c >= MIN_WEB and w not in lower]
    with open(HERE / "web-words.txt", "w", encoding="utf-8", newline="\n") as out:
        for word, count in sorted(web, key=lambda wc: wc[0].encode()):
            out.write(f"{word}\t{count}\n")
    print(f"dictionary: {len(words)} words ({len(american)} American spellings); "
          f"web-only: {len(web)}; "
          f"unigram total: {sum(unigrams.values())}")
    write_pairs(wheel)


if __name__ == "__main__":
    main()
