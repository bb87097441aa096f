"""A deterministic synthetic archive for the benchmark, in our format and the peers' formats.

`generate(n, root)` writes N documents of about 4,000 English words each (eight sections
with headings, about 20 footnotes, some emphasis), a third of them bilingual: every heading
and paragraph is followed by its `{lang=zh-Hans}` original. The same texts are written four
ways so that every generator renders the same words:

- `ours/`     a site-builder project: `site.yaml`, `content/<slug>.md` (DESIGN §4)
- `hugo/`     `content/<slug>.md` with YAML front matter (the config and layouts are copied
              from `bench/peers/hugo/` by `run.py`)
- `pelican/`  `content/<slug>.md` with Pelican's `Key: value` metadata

The floor reads `ours/content` itself. Peers cannot pair an original with its translation, so
they get the Chinese paragraph as a plain paragraph of its own (the attribute line dropped).

Everything comes from one seeded `random.Random` and word lists built here: the same N gives
the same bytes on every machine and Python version >= 3.11 (no downloads, no wall clock).
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SEED = 20240601
WORDS_PER_DOCUMENT = 4000
SECTIONS = 8
NOTES = 20
AUTHORS = 400

# --- vocabulary ------------------------------------------------------------------------------


def _split(words: str) -> tuple[str, ...]:
    return tuple(words.split())


_COMMON = _split(
    "the of and to in a is that for it as was with be by on not he this are or his from at "
    "which but have an they had were their one all we can her has there been if more when will "
    "would who so no its also into than them only other new some could these two may first "
    "then do any like my now over such our man me even most made after what many must before "
    "through back years where much your way well down should because each just those people "
    "how too little state good very make world still own see men work long get here between "
    "both life being under never day same another know while last might us great old year off "
    "come since against go came right used take three party state masses cadres reform "
    "socialism ideology history congress committee members leadership policy economy workers "
    "peasants union soviet central political social question struggle power class movement "
    "revolution development theory practice period government system principle conference"
)

_ONSETS = _split(
    "b bl br c ch cl cr d dr f fl fr g gl gr h j k l m n p pl pr qu r s sc sh sk sl sm sn sp "
    "st str t th tr v w wh z"
)
_VOWELS = _split("a e i o u ai au ea ee ie io oa ou")
_CODAS = _split("- - - b ck d ft g l ll m n nd ng nt p r rd rm rn s ss st t th x")

# About 600 frequent Chinese characters (no punctuation), enough for plausible originals.
_HANZI = (
    "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过"
    "家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本"
    "见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己"
    "话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平"
    "真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报"
    "立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务"
    "制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科"
    "怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运"
    "武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸"
    "钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似"
    "斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切米集须苏复团群众干部思想作风组织纪律"
)

_GIVEN = _split(
    "Wei Min Hua Jun Li Ping Qiang Hong Yan Lei Tao Jie Ying Bo Hui Gang Xin Dong Feng Lin "
    "Ming Yu Chen Rong Jing Kai Zhen Xia Peng Ning"
)
_FAMILY = _split(
    "Zhang Wang Li Zhao Liu Chen Yang Huang Zhou Wu Xu Sun Ma Zhu Hu Guo He Lin Luo Gao "
    "Zheng Liang Xie Song Tang Han Feng Deng Cao Peng"
)
_TAG_WORDS = _split(
    "CPSU corruption cadres ideology reform economy agriculture industry education culture "
    "diplomacy history law media military nationalities propaganda religion science security "
    "youth women labour planning famine purges dissent memory archives perestroika glasnost "
    "stagnation succession"
)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Word lists with Zipf-like cumulative weights, built once per run."""

    english: list[str]
    english_weights: list[float]
    hanzi: list[str]
    hanzi_weights: list[float]


@functools.cache
def build_vocabulary(size: int = 20000) -> Vocabulary:
    """Common words first (most frequent), then `size` invented words, Zipf-weighted."""
    rng = random.Random(SEED)
    invented: list[str] = []
    seen = set(_COMMON)
    while len(invented) < size:
        syllables = rng.choice((1, 1, 2, 2, 2, 3))
        word = "".join(
            rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS).strip("-")
            for _ in range(syllables)
        )
        if word not in seen:
            seen.add(word)
            invented.append(word)
    english = list(_COMMON) + invented
    hanzi = list(dict.fromkeys(_HANZI))
    return Vocabulary(english, _zipf(len(english), 1.0), hanzi, _zipf(len(hanzi), 0.6))


def _zipf(count: int, exponent: float) -> list[float]:
    total = 0.0
    cumulative: list[float] = []
    for rank in range(1, count + 1):
        total += 1.0 / rank**exponent
        cumulative.append(total)
    return cumulative


# --- one document ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Block:
    """A heading (level > 0) or paragraph, with its optional Chinese original."""

    level: int
    text: str
    original: str | None


@dataclass(frozen=True, slots=True)
class SynthDocument:
    """One synthetic document, before it is written in any format."""

    slug: str
    title: str
    original_title: str | None
    authors: tuple[tuple[str, str], ...]
    date: str
    venue: str
    venue_original: str | None
    publisher: str
    summary: str
    tags: tuple[str, ...]
    blocks: tuple[Block, ...]
    notes: tuple[str, ...]

    @property
    def bilingual(self) -> bool:
        return self.original_title is not None


class _Writer:
    def __init__(self, rng: random.Random, vocabulary: Vocabulary) -> None:
        self.rng = rng
        self.v = vocabulary

    def words(self, count: int) -> list[str]:
        return self.rng.choices(self.v.english, cum_weights=self.v.english_weights, k=count)

    def sentence(self, count: int) -> str:
        words = self.words(count)
        if self.rng.random() < 0.15:
            at = self.rng.randrange(count)
            words[at] = f"*{words[at]}*"
        return " ".join(words).capitalize() + "."

    def phrase(self, count: int) -> str:
        return " ".join(word.capitalize() for word in self.words(count))

    def chinese(self, characters: int) -> str:
        chars = self.rng.choices(self.v.hanzi, cum_weights=self.v.hanzi_weights, k=characters)
        out: list[str] = []
        for position, char in enumerate(chars, 1):
            out.append(char)
            if position == characters or position % 23 == 0:
                out.append("。")
            elif position % 9 == 0:
                out.append("，")
        return "".join(out)


def make_document(index: int, vocabulary: Vocabulary) -> SynthDocument:
    """Document number `index` (0-based): a pure function of the index."""
    rng = random.Random(SEED * 1_000_003 + index)
    w = _Writer(rng, vocabulary)
    bilingual = index % 3 == 0
    slug = f"doc-{index:06d}"
    title = w.phrase(rng.randint(4, 9))
    authors = tuple(_author(rng.randrange(AUTHORS), vocabulary)
                    for _ in range(rng.choice((1, 1, 1, 2, 2, 3))))
    year = rng.randint(1950, 2023)
    date = f"{year:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    venue_number = rng.randrange(40)
    venue = f"Journal of {_capital(vocabulary.english[200 + venue_number])} Studies"
    tags = tuple(sorted(set(rng.choices(_TAG_WORDS, k=rng.randint(2, 5)))))

    # Paragraphs of ~80 words; notes spread over them. English totals ~WORDS_PER_DOCUMENT.
    per_paragraph = 75
    per_section = (WORDS_PER_DOCUMENT - 400) // per_paragraph // SECTIONS  # notes: ~400 words
    noted = set(rng.sample(range(per_section * SECTIONS), NOTES))
    blocks: list[Block] = []
    notes: list[str] = []
    paragraph_number = 0
    for section in range(SECTIONS):
        heading = f"({section + 1}) {w.phrase(rng.randint(3, 7))}"
        blocks.append(Block(2, heading, f"（{section + 1}）{w.chinese(rng.randint(6, 14))}"
                            if bilingual else None))
        for _ in range(per_section):
            sentences: list[str] = []
            remaining = per_paragraph + rng.randint(-20, 20)
            while remaining > 0:
                length = min(remaining, rng.randint(8, 24))
                sentences.append(w.sentence(length))
                remaining -= length
            text = " ".join(sentences)
            if paragraph_number in noted:
                notes.append(f"{w.phrase(2)}, *{w.phrase(3)}*, {rng.randint(1950, 2023)}, "
                             f"p. {rng.randint(1, 600)}. {w.sentence(rng.randint(4, 12))}")
                text = f"{text[:-1]}.[^{len(notes)}]"
            original = w.chinese(rng.randint(120, 200)) if bilingual else None
            blocks.append(Block(0, text, original))
            paragraph_number += 1
    summary = w.sentence(rng.randint(18, 30))
    return SynthDocument(
        slug=slug,
        title=title,
        original_title=w.chinese(rng.randint(8, 18)).rstrip("。") if bilingual else None,
        authors=authors,
        date=date,
        venue=venue,
        venue_original=_venue_original(venue_number, vocabulary) if bilingual else None,
        publisher="Synthetic Archive Press",
        summary=summary,
        tags=tags,
        blocks=tuple(blocks),
        notes=tuple(notes),
    )


def _author(number: int, vocabulary: Vocabulary) -> tuple[str, str]:
    """Author `number` of the recurring pool: (name, Chinese name)."""
    name = f"{_FAMILY[number % 30]} {_GIVEN[number // 30 % 30]}{_GIVEN[number * 7 % 30].lower()}"
    rng = random.Random(SEED - number)
    return name, "".join(rng.choices(vocabulary.hanzi[:300], k=rng.choice((2, 3, 3))))


def _venue_original(number: int, vocabulary: Vocabulary) -> str:
    rng = random.Random(SEED + 7 * number)
    return "".join(rng.choices(vocabulary.hanzi[:300], k=rng.choice((2, 3, 4)))) + "研究"


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (our texts hold no backslashes or control characters)."""
    return '"' + text.replace('"', '\\"') + '"'


# --- the formats -----------------------------------------------------------------------------


def body_ours(doc: SynthDocument) -> str:
    """The body in our format: originals follow their block with `{lang=zh-Hans}`."""
    parts: list[str] = []
    for block in doc.blocks:
        prefix = "#" * block.level + " " if block.level else ""
        parts.append(prefix + block.text)
        if block.original is not None:
            parts.append("{lang=zh-Hans}\n" + prefix + block.original)
    parts.extend(f"[^{number}]: {note}" for number, note in enumerate(doc.notes, 1))
    return "\n\n".join(parts) + "\n"


def body_plain(doc: SynthDocument) -> str:
    """The same words for the peers: each original is a plain block of its own."""
    parts: list[str] = []
    for block in doc.blocks:
        prefix = "#" * block.level + " " if block.level else ""
        parts.append(prefix + block.text)
        if block.original is not None:
            parts.append(prefix + block.original)
    parts.extend(f"[^{number}]: {note}" for number, note in enumerate(doc.notes, 1))
    return "\n\n".join(parts) + "\n"


def render_ours(doc: SynthDocument) -> str:
    lines = ["---", f"title: {_quote(doc.title)}"]
    if doc.original_title:
        lines.append(f"original_title: {doc.original_title}")
    lines.append("authors:")
    for name, original in doc.authors:
        lines.append(f"  - name: {name}")
        if doc.bilingual:
            lines.append(f"    original_name: {original}")
    lines.append("lang: en")
    if doc.bilingual:
        lines.append("original_lang: zh-Hans")
    lines += [f"date: {doc.date}", f"published_in: {_quote(doc.venue)}"]
    if doc.venue_original:
        lines.append(f"published_in_original: {doc.venue_original}")
    lines += [
        f"publisher: {doc.publisher}",
        f"summary: {_quote(doc.summary)}",
        f"tags: [{', '.join(doc.tags)}]",
        "---",
        "",
    ]
    return "\n".join(lines) + body_ours(doc)


def render_hugo(doc: SynthDocument) -> str:
    lines = [
        "---",
        f"title: {_quote(doc.title)}",
        f"date: {doc.date}",
        "authors: [" + ", ".join(_quote(name) for name, _ in doc.authors) + "]",
        f"tags: [{', '.join(doc.tags)}]",
        f"summary: {_quote(doc.summary)}",
        "params:",
        f"  venue: {_quote(doc.venue)}",
        f"  publisher: {doc.publisher}",
    ]
    if doc.original_title:
        lines.append(f"  original_title: {doc.original_title}")
    lines += ["---", ""]
    return "\n".join(lines) + body_plain(doc)


def render_pelican(doc: SynthDocument) -> str:
    lines = [
        f"Title: {doc.title}",
        f"Slug: {doc.slug}",
        f"Date: {doc.date}",
        "Authors: " + ", ".join(name for name, _ in doc.authors),
        f"Tags: {', '.join(doc.tags)}",
        "Category: Documents",
        f"Summary: {doc.summary}",
        f"Venue: {doc.venue}",
        "",
    ]
    return "\n".join(lines) + "\n" + body_plain(doc)


SITE_YAML = """\
# Synthetic benchmark archive written by bench/synth.py
title: Synthetic Archive
description: Machine-made documents for the site-builder benchmark.
base_url: https://bench.example.org/
language: en
publisher: Synthetic Archive Press
"""


def documents(n: int) -> Iterator[SynthDocument]:
    vocabulary = build_vocabulary()
    for index in range(n):
        yield make_document(index, vocabulary)


def fingerprint() -> str:
    """Changes whenever this generator does: a stored archive with another one is stale."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def write_document(index: int, root: Path) -> SynthDocument:
    """(Re)write document `index` in every format, e.g. to undo a benchmark's edit."""
    doc = make_document(index, build_vocabulary())
    name = f"{doc.slug}.md"
    (root / "ours" / "content" / name).write_text(render_ours(doc), encoding="utf-8")
    (root / "hugo" / "content" / name).write_text(render_hugo(doc), encoding="utf-8")
    (root / "pelican" / "content" / name).write_text(render_pelican(doc), encoding="utf-8")
    return doc


def generate(n: int, root: Path) -> dict[str, int]:
    """Write the archive of `n` documents under `root` in every format; return word counts."""
    for name in ("ours", "hugo", "pelican"):
        shutil.rmtree(root / name, ignore_errors=True)
        (root / name / "content").mkdir(parents=True)
    (root / "ours" / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    words = notes = bilingual = 0
    for index in range(n):
        doc = write_document(index, root)
        words += sum(len(block.text.split()) for block in doc.blocks)
        words += sum(len(note.split()) for note in doc.notes)
        notes += len(doc.notes)
        bilingual += doc.bilingual
    return {"documents": n, "english_words": words, "notes": notes, "bilingual": bilingual}


def edit_document(path: Path, mark: str) -> None:
    """Change one document's text in any of the formats: append `mark` to its first paragraph.

    Skips the front matter (`---` fenced) or Pelican's metadata (up to the first blank line),
    then edits the first line that starts like an English sentence.
    """
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index("---", 1) + 1 if lines[0] == "---" else lines.index("")
    for number in range(start, len(lines)):
        line = lines[number]
        if line[:1].isascii() and line[:1].isupper():
            lines[number] = f"{line} {mark}"
            break
    else:
        raise ValueError(f"{path}: no paragraph to edit")
    path.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of documents")
    parser.add_argument("root", type=Path, help="folder to write ours/, hugo/, pelican/ into")
    args = parser.parse_args()
    print(generate(args.n, args.root))


if __name__ == "__main__":
    main()
