"""Lisibilité des textes « Facile à lire » : longueur des phrases, mots longs, sigles, score de Kandel et Moles.

Formule de Kandel et Moles (1958), adaptation au français de la formule de
Flesch (Flesch reading ease) :

    L = 207 − 1,015 × (mots / phrases) − 73,6 × (syllabes / mots)

Source : L. Kandel et A. Moles, « Application de l'indice de Flesch à la
langue française », Cahiers Études de Radio-Télévision, n° 19, 1958. Plus le
score est haut, plus le texte est facile. Les paliers de `reading_level` sont
ceux que Flesch a donnés pour l'anglais, repris par analogie : ils n'ont pas été
validés pour le français ni pour le Facile à lire. Le seuil du guide (60) est le
bas du palier « standard », pas « facile » : c'est un garde-fou, pas une preuve
qu'un texte est facile. La preuve reste la relecture par des lecteurs.

Les syllabes sont comptées ici (syllabes dites : le « e » muet final ne compte
pas) : la césure de pyphen, essayée, oublie des syllabes (« école », « contrat »,
« conseiller » en une seule) ; ce compteur est vérifié sur plus de 100 mots dans
tests/test_falc.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# ---------------------------------------------------------------- thresholds (the one place to change them)


@dataclass(frozen=True)
class Thresholds:
    """The limits every FALC text must respect."""

    max_sentence_words: int = 15
    max_average_sentence_words: float = 10.0
    long_word_syllables: int = 4  # a word of 4 syllables or more counts as long
    max_long_word_share: float = 0.15
    min_kandel_moles: float = 60.0


THRESHOLDS = Thresholds()

# ---------------------------------------------------------------- analysis

_VOWELS = "aeiouyàâäéèêëîïôöûùüÿœæ"
_WORD = re.compile(r"[0-9]+(?:[ ,.][0-9]+)*|[A-Za-zÀ-ÖØ-öø-ÿŒœÆæ]+(?:[-'’][A-Za-zÀ-ÖØ-öø-ÿŒœÆæ]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,}[a-z]?\b")
# Not acronyms to expand: Roman-looking tokens are refused elsewhere, and these are read as words.
_NOT_ACRONYMS = {"OK"}
_ELISIONS = {"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu"}
_FORBIDDEN = [
    (re.compile(r"%|\bpour ?cent\b", re.IGNORECASE), "pourcentage"),
    (
        re.compile(
            r"\b(?!(?:CV|CD|DC|MC|MD|DI|LI|MI|VI|CI|DL|LC)\b)(?=[MDCLXVI]{2,}(?:e|er|ème)?\b)M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})(?:e|er|ème)?\b"
        ),
        "chiffre romain",
    ),
    (re.compile(r"\b(etc|ex|cf|env|max|min|tél|hab)\.|\bn°|\bNB\b|\bMme\b|\bM\.\s", re.IGNORECASE), "abréviation"),
]


@dataclass
class Analysis:
    """The measures of one text."""

    sentences: list[str]
    words: int
    syllables: int
    long_words: list[str] = field(default_factory=list)
    unexpanded_acronyms: list[str] = field(default_factory=list)
    longest_sentence: int = 0
    forbidden: list[str] = field(default_factory=list)

    @property
    def average_sentence_words(self) -> float:
        """Words per sentence."""
        return self.words / max(len(self.sentences), 1)

    @property
    def long_word_share(self) -> float:
        """Share of long words among all words."""
        return len(self.long_words) / max(self.words, 1)

    @property
    def kandel_moles(self) -> float:
        """Kandel–Moles reading ease (higher is easier)."""
        if not self.words:
            return 100.0
        return 207 - 1.015 * self.average_sentence_words - 73.6 * (self.syllables / self.words)

    def failures(self, limits: Thresholds = THRESHOLDS) -> list[str]:
        """What breaks the FALC rules, in French."""
        found = []
        if self.longest_sentence > limits.max_sentence_words:
            found.append(f"phrase de {self.longest_sentence} mots (maximum {limits.max_sentence_words})")
        if self.average_sentence_words > limits.max_average_sentence_words:
            found.append(f"phrases de {self.average_sentence_words:.1f} mots en moyenne (maximum {limits.max_average_sentence_words:g})")
        if self.long_word_share > limits.max_long_word_share:
            found.append(f"{self.long_word_share:.0%} de mots longs (maximum {limits.max_long_word_share:.0%}) : {', '.join(sorted(set(self.long_words))[:5])}")
        if self.unexpanded_acronyms:
            found.append("sigle(s) non expliqué(s) : " + ", ".join(self.unexpanded_acronyms))
        if self.forbidden:
            found.append("à éviter : " + ", ".join(self.forbidden))
        if self.kandel_moles < limits.min_kandel_moles:
            found.append(f"score de Kandel et Moles {self.kandel_moles:.0f} (minimum {limits.min_kandel_moles:g})")
        return found


# Flesch's bands (upper bound excluded, label), read from the top: the honest name of a score.
LEVELS = ((90, "très facile"), (80, "facile"), (70, "assez facile"), (60, "standard"), (50, "assez difficile"), (30, "difficile"))


def reading_level(score: float) -> str:
    """The band of a Kandel–Moles score on Flesch's scale (« standard » from 60, « facile » only from 80)."""
    return next((label for floor, label in LEVELS if score >= floor), "très difficile")


def syllables(word: str) -> int:
    """Spoken French syllables of a word (tested on more than 100 words in tests/test_falc.py).

    Vowel groups, with the rules of French spelling that change them: « qu » and « gu » before e/i are one sound;
    a vowel with a diaeresis (naïf, Noël), an accented vowel after another vowel (poème, théâtre, aéroport) and a
    vowel after « é » (réunion, créer) start a new syllable; « y » between two vowels is heard twice (payer,
    crayon); a silent final -e/-es is not counted, nor the -ent of verbs (« ils parlent ») except in the common
    words that end in a spoken -ent (argent, parent, adolescent…).
    """
    w = word.lower().replace("’", "'")
    if "'" in w:
        head, _, tail = w.partition("'")
        w = tail if head in _ELISIONS else head + tail
    if w.isdigit():
        return max(len(w), 1)
    if w in _WHOLE_WORDS:
        return _WHOLE_WORDS[w]
    w = re.sub(r"qu", "k", w)
    w = re.sub(r"gu(?=[eiéèêy])", "g", w)
    count = 0
    previous = ""
    for index, letter in enumerate(w):
        if letter not in _VOWELS:
            previous = letter
            continue
        new_group = previous not in _VOWELS or previous == ""
        if not new_group:
            pair = previous + letter
            if letter in "ëïü" or (letter in "éèêâîôû" and pair not in _ONE_SOUND):
                new_group = True  # naïf, Noël, poème, théâtre, aéroport
            elif previous == "é" and not (letter == "e" and re.fullmatch(r"es?", w[index:])):
                new_group = True  # réunion, créer, géant (but lycée, idées: a silent -e)
            elif previous == "y" and w[index - 2 : index - 1] in _VOWELS and w[index - 2 : index - 1]:
                new_group = True  # payer, crayon, employeur: « y » after a vowel and before one
            elif previous == "i" and re.match(r"[bcdfgkptv][lr]$", w[max(index - 3, 0) : index - 1]) and not re.fullmatch(r"es?", w[index:]):
                new_group = True  # client, ouvrier, février: « i » after two consonants is its own syllable
        if new_group:
            count += 1
        previous = letter
    if count > 1 and re.search(r"[^aeiouyéèêâîôûëïü](e|es)$", w):
        count -= 1
    elif count > 1 and w.endswith("ent") and len(w) > 4 and w[-4] not in _VOWELS and not w.endswith("ment") and w not in _SPOKEN_ENT:
        count -= 1  # « ils parlent » : -ent muet (approximation : « -ment » et les mots de _SPOKEN_ENT restent comptés)
    return max(count, 1)


# Accented letters that stay in one syllable with the vowel before them (maître, boîte, goût, jeûne, où, lumière, pitié).
_ONE_SOUND = {"aî", "oî", "oû", "eû", "où", "aû", "eî", "iè", "ié"}
# Common words whose final -ent is heard (the rule above would take them for verbs).
_SPOKEN_ENT = {
    "argent", "parent", "souvent", "agent", "accident", "client", "urgent", "différent", "présent", "absent", "content",
    "adolescent", "patient", "récent", "évident", "accent", "talent", "intelligent", "précédent", "président",
    "équivalent", "excellent", "permanent", "incident", "dent", "lent", "cent", "vent", "orient", "occident", "référent",
    "résident", "compétent", "conscient", "ingrédient",
}  # fmt: skip
# Words no rule above gets right.
_WHOLE_WORDS = {"pays": 2, "paysage": 3, "paysan": 3, "abbaye": 3}


# A negation: « ne », « n' » before a word, « jamais », « aucun(e)(s) », « sans », « ni ». One per mark, so « ne … pas »
# counts once. Facile à lire asks for affirmative sentences: a FALC text must not have more than its French source.
_NEGATION = re.compile(r"\bne\b|\bn['’](?=\w)|\bjamais\b|\baucune?s?\b|\bsans\b|\bni\b", re.IGNORECASE)


def negations(text: str) -> int:
    """How many negations a text has (« Il ne vient pas » : 1 ; « Nelson » : 0)."""
    return len(_NEGATION.findall(text))


def extra_negations(french, simple) -> int:
    """How many more negations a FALC field has than its French source, field by field (0 when it has as many or fewer).

    A list (steps) is read as one text."""
    whole = lambda value: " ".join(map(str, value)) if isinstance(value, list) else str(value or "")  # noqa: E731
    return max(0, negations(whole(simple)) - negations(whole(french)))


def split_sentences(text: str) -> list[str]:
    """Sentences of a text; a list item or line counts as a sentence."""
    return [s.strip() for s in _SENTENCE_END.split(text) if _WORD.search(s or "")]


def words(text: str) -> list[str]:
    """The words of a text (elisions like « l'école » count as one word)."""
    return _WORD.findall(text)


def unexpanded_acronyms(text: str) -> list[str]:
    """Acronyms used without their meaning in brackets next to their first use: « … (CAF) » or « CAF (…) »."""
    missing = []
    for acronym in dict.fromkeys(_ACRONYM.findall(text)):
        if acronym in _NOT_ACRONYMS:
            continue
        first = text.index(acronym)
        around = text[max(0, first - 2) : first + len(acronym) + 2]
        expanded = f"({acronym})" in text or around.endswith(" (") or text[first + len(acronym) :].lstrip().startswith("(")
        if not expanded:
            missing.append(acronym)
    return missing


def analyse(text: str, limits: Thresholds = THRESHOLDS) -> Analysis:
    """Measure one text."""
    sentences = split_sentences(text)
    all_words = words(text)
    counts = [syllables(w) for w in all_words]
    return Analysis(
        sentences=sentences,
        words=len(all_words),
        syllables=sum(counts),
        long_words=[w for w, c in zip(all_words, counts, strict=True) if c >= limits.long_word_syllables and not w.isdigit()],
        unexpanded_acronyms=unexpanded_acronyms(text),
        longest_sentence=max((len(words(s)) for s in sentences), default=0),
        forbidden=[f"{label} « {m.group(0).strip()} »" for rx, label in _FORBIDDEN for m in rx.finditer(text) if m.group(0).strip()],
    )


# Names and titles are proper names: they are not measured, the sentences around them are.
UNMEASURED_FIELDS = {"nom", "titre"}


def page_text(fields: dict) -> str:
    """The measured text of one record's translation: its fields' `texte`, names excepted, one sentence per line."""
    parts = []
    for name, entry in fields.items():
        text = entry.get("texte") if isinstance(entry, dict) else None
        if not text or name in UNMEASURED_FIELDS:
            continue
        parts.extend(text if isinstance(text, list) else [text])
    return "\n".join(str(p) for p in parts)
