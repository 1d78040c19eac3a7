"""The words of a search, how well a text matches them, and the line shown under a result.

Plain functions on plain text: no models, no queries (campaigns.site.search loads the texts).

- **Words**: the query split on spaces and punctuation (French elisions too: ``l'immigration``
  gives ``immigration``), each compared without case. One-letter words are dropped when the
  query has longer ones, at most ``MAX_WORDS`` words are kept.
- **A match** is, in Latin script, a text word that is the query word or the query word with
  a common ending (``visa`` finds ``visas``, not ``envisager`` nor ``visages``); in Arabic
  script, a text word containing it, since words carry attached prefixes (``الفيزا``: the
  article ``ال`` + ``فيزا``); in other scripts, a text word starting with it.
- **Accents count**: ``desert`` does not find ``désert``. The database narrows the candidates
  with ``LIKE``, which cannot ignore accents on SQLite or PostgreSQL without an extension;
  matching here the same way keeps both databases and this module in agreement.
"""

import html
import re
from dataclasses import dataclass

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from wagtail import blocks

MAX_WORDS = 8
MAX_WORD_LENGTH = 50
SNIPPET_LENGTH = 160  # characters: about two lines on a 360-px phone

# Split on anything that is neither a letter, a digit, a combining mark nor a joiner: \w
# leaves out combining marks (Arabic harakat, Ge'ez has none), which belong inside words.
_WORD = re.compile(r"[\w\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u200c\u200d]+")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_WORD_CHAR = r"[\w\u0610-\u061a\u064b-\u065f\u0670\u200c\u200d]"
_LATIN_WORD = re.compile(r"[0-9a-z\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f]+", re.IGNORECASE)
# Endings a Latin-script word may take and still be found (English and French plurals and
# feminines, English verb forms): wider than a plural, narrower than any continuation.
LATIN_ENDINGS = "(?:s|es|e|x|ed|ing)?"


def query_words(query: str) -> list[str]:
    """The distinct words of ``query`` (case-folded), in their order, at most ``MAX_WORDS``."""
    words = list(dict.fromkeys(word.casefold()[:MAX_WORD_LENGTH] for word in _WORD.findall(query)))
    words = [word for word in words if word.strip("_")]
    if any(len(word) > 1 for word in words):
        words = [word for word in words if len(word) > 1]
    return words[:MAX_WORDS]


def word_pattern(word: str) -> re.Pattern:
    """Where ``word`` occurs in a text: in Latin script, the word itself or with a plural or
    common ending (``visa``: ``visas``, not ``visages``); in Arabic script, the whole text
    word it is part of; in other scripts (Ge'ez, Georgian, Tifinagh), the whole text word it
    starts."""
    escaped = re.escape(word)
    if _ARABIC_SCRIPT.search(word):
        return re.compile(f"{_WORD_CHAR}*{escaped}{_WORD_CHAR}*", re.IGNORECASE)
    if _LATIN_WORD.fullmatch(word):
        return re.compile(
            f"(?<!{_WORD_CHAR}){escaped}{LATIN_ENDINGS}(?!{_WORD_CHAR})", re.IGNORECASE
        )
    return re.compile(f"(?<!{_WORD_CHAR}){escaped}{_WORD_CHAR}*", re.IGNORECASE)


def spellings(word: str, vendor: str = "sqlite") -> list[str]:
    """The spellings the database is asked for: SQLite's ``LIKE`` ignores case for ASCII
    letters only, so there ``état`` is also looked for as ``État`` and ``ÉTAT`` (PostgreSQL
    compares ``UPPER()`` of both sides, which knows every script's case)."""
    if vendor == "postgresql" or word.isascii():
        return [word]
    return list(dict.fromkeys([word, word.capitalize(), word.upper()]))


# --- Texts of a result -----------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One text of a result, with the weight of a word found in it (title > messages > body)."""

    name: str
    text: str
    weight: int
    localized: object = None  # the LocalizedText it comes from (for its lang/dir), if any


TITLE, MESSAGE, BODY, CONTEXT = 8, 4, 2, 1


@dataclass(frozen=True)
class Score:
    words: int  # distinct query words found
    weight: int  # for each word found, the weight of the best field it is in
    occurrences: int  # all occurrences, to break ties

    def key(self):
        return (-self.words, -self.weight, -self.occurrences)


def score(fields: list[Field], patterns: list[re.Pattern]) -> Score:
    found = weight = occurrences = 0
    for pattern in patterns:
        best = 0
        for field in fields:
            count = len(pattern.findall(field.text)) if field.text else 0
            if count:
                best = max(best, field.weight)
                occurrences += count
        if best:
            found += 1
            weight += best
    return Score(found, weight, occurrences)


def plain_text(value, rich: bool = False) -> str:
    """The readable text of a field's value: a string (HTML when ``rich``: a rich text field),
    rich text without its tags, or a StreamField's text blocks (not addresses, numbers or
    chosen items), one per line."""
    if value is None:
        return ""
    if isinstance(value, blocks.StreamValue):
        parts: list[str] = []
        _stream_text(value.stream_block, list(value.raw_data), parts)
        return "\n".join(parts)
    source = getattr(value, "source", None)  # RichText
    if source is not None:
        return _html_text(source)
    return _html_text(str(value)) if rich else str(value)


def _html_text(source: str) -> str:
    with_breaks = re.sub(r"</(p|h\d|li|blockquote)>|<br\s*/?>", "\n", source or "")
    return html.unescape(strip_tags(with_breaks)).strip()


def _stream_text(block, raw, parts: list[str]) -> None:
    if raw is None:
        return
    if isinstance(block, blocks.StreamBlock) and isinstance(raw, list):
        for child in raw:
            if isinstance(child, dict):
                _stream_text(block.child_blocks.get(child.get("type")), child.get("value"), parts)
    elif isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        for item in raw:
            value = item.get("value") if isinstance(item, dict) and "value" in item else item
            _stream_text(block.child_block, value, parts)
    elif isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child in block.child_blocks.items():
            _stream_text(child, raw.get(name), parts)
    elif isinstance(block, blocks.RichTextBlock) and isinstance(raw, str):
        text = _html_text(raw)
        if text:
            parts.append(text)
    elif (
        isinstance(block, blocks.CharBlock | blocks.TextBlock)
        and isinstance(raw, str)
        and raw.strip()
    ):
        parts.append(raw.strip())


# --- The line shown under a result -------------------------------------------------------------


def highlight(text: str, patterns: list[re.Pattern]) -> SafeString:
    """``text`` escaped, each match of ``patterns`` in ``<mark>``."""
    spans = _spans(text, patterns)
    out, position = [], 0
    for start, end in spans:
        out.append(escape(text[position:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))


def snippet(text: str, patterns: list[re.Pattern], length: int = SNIPPET_LENGTH) -> SafeString:
    """About ``length`` characters of ``text`` on one line, around its first match (the start
    of the text when nothing matches), cut at spaces, with ``…`` where text was left out."""
    text = " ".join(text.split())
    spans = _spans(text, patterns)
    if len(text) <= length:
        return highlight(text, patterns)
    first = spans[0][0] if spans else 0
    start = max(0, first - length // 3)
    if start:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start + length // 2, end)
        end = space if space != -1 else end
    piece = highlight(text[start:end].strip(), patterns)
    return mark_safe(("… " if start else "") + piece + (" …" if end < len(text) else ""))


def _spans(text: str, patterns: list[re.Pattern]) -> list[tuple[int, int]]:
    """Matches of all patterns, in order, overlapping ones merged."""
    found = sorted(match.span() for pattern in patterns for match in pattern.finditer(text))
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if end == start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
