"""What an imported translation must keep of its source, checked before anything is written.

* **Markup** (rich text): well formed; only the tags the field's editor offers (Wagtail's
  features: ``bold`` is ``<b>``, ``link`` is ``<a>``...) or that the source itself uses, and only
  the attributes Wagtail's stored rich text has (``<a href | linktype id>``, ``<embed embedtype id
  format alt>``, Draftail's ``data-block-key``).
* **Links**: every link of the source (a page's ``linktype``/``id``, a document, an address) is
  in the translation, and the translation links nowhere the source does not.
* **Placeholders** (``%(name)s``, ``{name}``): the same ones as the source.
* **Never**: ``<script>``, ``<style>``, other active elements, ``on...`` attributes or
  ``javascript:`` addresses, in rich or plain text.
* **Length**: at most four times the source's plus 200 characters, and the field's own limit.

Each check returns the problems as sentences for the import report (empty: fine).
"""

import re
from collections import Counter
from html.parser import HTMLParser

from django.conf import settings
from django.utils.translation import gettext as _

VOID = frozenset({"br", "embed", "hr", "img"})
ACTIVE = frozenset(
    {"script", "style", "iframe", "object", "applet", "form", "input", "button", "link", "meta",
     "base", "svg", "math", "template", "frame", "frameset"}
)  # fmt: skip
FEATURE_TAGS = {
    "bold": {"b", "strong"},
    "italic": {"i", "em"},
    "h1": {"h1"},
    "h2": {"h2"},
    "h3": {"h3"},
    "h4": {"h4"},
    "h5": {"h5"},
    "h6": {"h6"},
    "ol": {"ol", "li"},
    "ul": {"ul", "li"},
    "link": {"a"},
    "document-link": {"a"},
    "hr": {"hr"},
    "image": {"embed"},
    "embed": {"embed"},
    "superscript": {"sup"},
    "subscript": {"sub"},
    "strikethrough": {"s"},
    "code": {"code"},
    "blockquote": {"blockquote"},
}
BASE_TAGS = frozenset({"p", "br"})
ATTRIBUTES = {"a": {"href", "linktype", "id"}, "embed": {"embedtype", "id", "format", "alt"}}
COMMON_ATTRIBUTES = frozenset({"data-block-key"})
PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdif]|\{[A-Za-z_][A-Za-z0-9_]*\}")
DANGER = re.compile(r"<\s*/?\s*(script|style)\b|\bon[a-z]+\s*=|javascript\s*:", re.IGNORECASE)


class _Markup(HTMLParser):
    """Tags, attributes and links of an HTML fragment, and where it is not well formed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: Counter = Counter()
        self.attributes: set[tuple[str, str]] = set()
        self.links: Counter = Counter()
        self.problems: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        for name, _value in attrs:
            self.attributes.add((tag, name))
        if tag == "a":
            self.links[_link(dict(attrs))] += 1
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.open or self.open[-1] != tag:
            expected = f"</{self.open[-1]}>" if self.open else _("nothing")
            self.problems.append(
                _("broken markup: </%(tag)s> where %(expected)s was expected")
                % {"tag": tag, "expected": expected}
            )
            if tag in self.open:
                while self.open and self.open.pop() != tag:
                    pass
            return
        self.open.pop()

    def finish(self):
        self.close()
        if self.open:
            self.problems.append(
                _("broken markup: %(tags)s not closed")
                % {"tags": ", ".join(f"<{tag}>" for tag in self.open)}
            )
        return self


def _link(attrs: dict) -> str:
    if attrs.get("linktype"):
        return f"{attrs['linktype']}:{attrs.get('id', '')}"
    return attrs.get("href", "")


def markup(text: str) -> _Markup:
    parser = _Markup()
    parser.feed(text)
    return parser.finish()


def allowed_tags(features) -> set[str]:
    names = features if features is not None else _default_features()
    tags = set(BASE_TAGS)
    for name in names:
        tags |= FEATURE_TAGS.get(name, set())
    return tags


def _default_features():
    from wagtail.rich_text import features as registry

    editor = getattr(settings, "WAGTAILADMIN_RICH_TEXT_EDITORS", {}).get("default", {})
    configured = editor.get("OPTIONS", {}).get("features")
    return configured or registry.get_default_features()


def check_rich(source: str, text: str, features=None) -> list[str]:
    """Markup and links of a rich text translation against its source."""
    found = markup(text)
    problems = list(found.problems)
    original = markup(source)
    allowed = allowed_tags(features) | set(original.tags)
    extra = sorted(set(found.tags) - allowed)
    if extra:
        problems.append(
            _("tags not allowed here: %(tags)s") % {"tags": ", ".join(f"<{t}>" for t in extra)}
        )
    odd = sorted(
        f"{tag} {name}"
        for tag, name in found.attributes
        if name not in COMMON_ATTRIBUTES and name not in ATTRIBUTES.get(tag, set())
    )
    if odd:
        problems.append(_("attributes not allowed: %(names)s") % {"names": ", ".join(odd)})
    lost = original.links - found.links
    if lost:
        problems.append(
            _("links of the source missing: %(links)s") % {"links": ", ".join(sorted(lost))}
        )
    added = found.links - original.links
    if added:
        problems.append(
            _("links the source does not have: %(links)s") % {"links": ", ".join(sorted(added))}
        )
    return problems


def check_active(text: str) -> list[str]:
    """No script, style, event handler or javascript: address, in any text."""
    tags = markup(text).tags if "<" in text else Counter()
    if DANGER.search(text) or set(tags) & ACTIVE:
        return [_("scripts, styles and event handlers are not allowed")]
    return []


def check_placeholders(source: str, text: str) -> list[str]:
    wanted, found = Counter(PLACEHOLDER.findall(source)), Counter(PLACEHOLDER.findall(text))
    if wanted == found:
        return []
    return [
        _("placeholders must be kept as they are: %(wanted)s")
        % {"wanted": ", ".join(sorted(wanted)) or _("none")}
    ]


def check_length(source: str, text: str, limit: int | None = None) -> list[str]:
    longest = 4 * len(source) + 200
    if limit:
        longest = min(longest, limit)
    if len(text) > longest:
        return [
            _("too long: %(length)s characters, at most %(limit)s")
            % {"length": len(text), "limit": longest}
        ]
    return []


def check(source: str, text: str, *, rich: bool, features=None, limit: int | None = None):
    """Every problem of a translation of ``source``."""
    problems = check_active(text)
    if rich:
        problems += check_rich(source, text, features)
    problems += check_placeholders(source, text)
    problems += check_length(source, text, limit)
    return problems
