"""``{% ui %}`` and ``{% blockui %}``: interface words along the page's language chain.

``{% translate %}`` shows English as soon as the visitor's language lacks a word; these tags
look along the page's chain first (campaigns.i18n.interface_words) and mark a word taken from
another language with its own ``lang`` and ``dir``::

    {% load interface_tags %}
    <h2>{% ui "What you should know" %}</h2>
        -> <h2><span lang="fr" dir="ltr">Ce que vous devez savoir</span></h2> on a Wolof page
    {% ui "Search" as label %}<input placeholder="{{ label }}">
        -> the word as text (a LocalizedText: ``{{ label.lang_attrs }}`` gives its attributes)
    {% ui "May" context "month" %}
    {% blockui count counter=n with languages=names %}One {{ languages }}.{% plural %}
    {{ counter }} {{ languages }}.{% endblockui %}
        -> like ``{% blocktranslate %}`` (same arguments, ``trimmed``, ``asvar``...)

The chain: ``ui_chain`` in the context if a view sets one, else the page's (its country's
fallback chain), else a ``country``'s, else the language then English. Messages are extracted
by ``manage.py makecatalogues`` like ``{% translate %}``'s.
"""

import unicodedata
from decimal import Decimal

from babel.lists import format_list
from django import template
from django.conf import settings
from django.template.base import render_value_in_context
from django.templatetags.i18n import BlockTranslateNode, do_block_translate
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from campaigns.i18n.interface_words import chain_for, resolve_word
from campaigns.i18n.languages import get_language
from campaigns.i18n.localization import LocalizedText

register = template.Library()


def interface_chain(context) -> list[str]:
    """The chain of the words of the template being rendered. A page's is worked out once per
    request (its country's languages are parsed again on every call otherwise): a page shows
    a few dozen words."""
    chain = context.get("ui_chain")
    if chain:
        return list(chain)
    page, country = context.get("page"), context.get("country")
    request = context.get("request")
    if request is None:
        return chain_for(page, country=country)
    memo = request.__dict__.setdefault("_interface_chains", {})
    key = (id(page), id(country), translation.get_language())
    found = memo.get(key)
    if found is None or found[0] is not page or found[1] is not country:
        found = memo[key] = (page, country, tuple(chain_for(page, country=country)))
    return list(found[2])


class InterfaceWordNode(template.Node):
    def __init__(self, message, message_context=None, asvar=None):
        self.message = message
        self.message_context = message_context
        self.asvar = asvar

    def render(self, context):
        # Plain text (a template's string literal is "safe"): the word is escaped on output,
        # as a translation stored in the CMS must be.
        message = "".join(str(self.message.resolve(context)))
        message_context = (
            "".join(str(self.message_context.resolve(context))) if self.message_context else None
        )
        word = resolve_word(message, interface_chain(context), message_context)
        if self.asvar:
            context[self.asvar] = LocalizedText(str(word.value), word.language, word.requested)
            return ""
        return word.marked()


@register.tag("ui")
def do_interface_word(parser, token):
    """``{% ui "message" [context "ctx"] [as var] %}``"""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]!r} takes the message as its argument.")
    message = parser.compile_filter(bits[1])
    message_context = asvar = None
    rest = bits[2:]
    while rest:
        option = rest.pop(0)
        if option in {"context", "as"} and rest:
            value = rest.pop(0)
            if option == "context":
                message_context = parser.compile_filter(value)
            else:
                asvar = value
        else:
            raise template.TemplateSyntaxError(
                f"Unknown argument for {bits[0]!r}: {option!r} (expected context or as)."
            )
    return InterfaceWordNode(message, message_context, asvar)


class BlockInterfaceWordNode(BlockTranslateNode):
    """``{% blocktranslate %}``, with the sentence taken along the page's chain."""

    def render(self, context, nested=False):
        message_context = self.message_context.resolve(context) if self.message_context else None
        context.update({var: val.resolve(context) for var, val in self.extra_context.items()})
        singular, names = self.render_token_list(self.singular)
        plural, number = None, 1
        if self.plural and self.countervar and self.counter:
            count = self.counter.resolve(context)
            if not isinstance(count, Decimal | float | int):
                context.pop()
                raise template.TemplateSyntaxError(
                    f"{self.countervar!r} argument to {self.tag_name!r} tag must be a number."
                )
            context[self.countervar] = count
            plural, plural_names = self.render_token_list(self.plural)
            names.extend(plural_names)
            number = count
        word = resolve_word(singular, interface_chain(context), message_context, plural, number)
        default_value = context.template.engine.string_if_invalid

        def render_value(key):
            if key in context:
                value = context[key]
            else:
                value = default_value % key if "%s" in default_value else default_value
            return render_value_in_context(value, context)

        # Numbers and dates inside the sentence are written the way its language writes them.
        with translation.override(word.language.code):
            data = {name: render_value(name) for name in names}
        context.pop()
        try:
            result = str(word.value) % data
        except (KeyError, ValueError) as error:
            raise template.TemplateSyntaxError(
                f"{self.tag_name!r} cannot format {word.value!r} with {data!r}"
            ) from error
        text = LocalizedText(mark_safe(result), word.language, word.requested)
        if self.asvar:
            context[self.asvar] = SafeString(result)
            return ""
        return text.marked()


@register.tag("blockui")
def do_block_interface_word(parser, token):
    """``{% blockui [count counter=n] [with a=b] [context "ctx"] [trimmed] [asvar v] %}``
    ... ``{% plural %}`` ... ``{% endblockui %}``: ``{% blocktranslate %}``'s arguments."""
    node = do_block_translate(parser, token)
    return BlockInterfaceWordNode(
        node.extra_context,
        node.singular,
        node.plural,
        node.countervar,
        node.counter,
        node.message_context,
        node.trimmed,
        node.asvar,
        node.tag_name,
    )


@register.filter
def in_page_language(names) -> str:
    """Names listed the page's language's way (CLDR: 'A, B' in Wolof, 'A وB' in Arabic) and
    marked with that language: language names written in the visitor's language keep their
    ``lang`` inside a sentence shown in another language (the fallback note:
    '<span lang="fr">… en <span lang="wo">Àngale, Farañse</span>.</span>')."""
    language = get_language(translation.get_language() or settings.LANGUAGE_CODE)
    return format_html(
        '<span lang="{}" dir="{}">{}</span>',
        language.code,
        language.direction,
        format_list([str(name) for name in names or ()], locale=language.locale),
    )


# --- Phone numbers ----------------------------------------------------------------------------


# What may precede a number's '+' (spaces; LRM, RLM and the bidi embeddings and isolates).
SPACES_AND_DIRECTION_MARKS = (
    " \u00a0\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def phone_digits(number) -> str:
    """The number's digits in ASCII (a number typed with Arabic-Indic or Persian digits too)."""
    return "".join(str(unicodedata.decimal(char)) for char in str(number or "") if char.isdecimal())


@register.filter
def tel_href(number) -> str:
    """``tel:`` with the number's leading ``+`` and its digits only ('+221 800 00 00' ->
    'tel:+22180000000'): no spaces, dots, dashes, brackets or direction marks. Empty without
    digits."""
    digits = phone_digits(number)
    if not digits:
        return ""
    start = str(number).lstrip(SPACES_AND_DIRECTION_MARKS)[:1]
    plus = "+" if start in ("+", "\uff0b") else ""
    return f"tel:{plus}{digits}"


@register.filter
def whatsapp_href(number) -> str:
    """A WhatsApp chat with the number (international, without '+' or '00'); empty without."""
    digits = phone_digits(number)
    if digits.startswith("00"):
        digits = digits[2:]
    return f"https://wa.me/{digits}" if digits else ""
