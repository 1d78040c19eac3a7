"""Which of Wagtail's field comparisons are real changes (issue 12 item 8).

Wagtail's compare view lists every field whose stored value differs. Between two versions of a
translated page that is most of them: a language left empty is ``None`` in one version and
``""`` in the other (every empty language of every translated field), a browser sends text back
with ``\\r\\n`` line endings, the editor gives StreamField blocks (and list items) new ids, and
Draftail gives rich-text paragraphs new ``data-block-key``s. None of that is a change a reviewer
has to read: here values are compared once normalised, and only what differs then is listed.
"""

import re

from django.utils.html import strip_tags
from wagtail.admin.compare import FieldComparison
from wagtail.blocks import StreamValue
from wagtail.rich_text import RichText

BLOCK_KEY = re.compile(r'\s+data-block-key="[^"]*"')


def normalised_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "<" in text:  # rich text: paragraph keys are not content; nor are empty paragraphs
        text = BLOCK_KEY.sub("", text)
        if not strip_tags(text).strip() and not re.search(r"<(embed|img|iframe)\b", text):
            return ""
    return text


def normalised(value):
    """``value`` with what is not content taken out; every kind of "nothing" is ``""``."""
    if value is None:
        return ""
    if isinstance(value, StreamValue):
        value = value.get_prep_value()
    elif isinstance(value, RichText):
        value = value.source
    if isinstance(value, str):
        return normalised_text(value)
    if isinstance(value, dict):
        # A stream child or list item ({"type", "value", "id"}): its id is not content.
        keys = [key for key in value if not (key == "id" and "value" in value)]
        return {key: normalised(value[key]) for key in keys}
    if isinstance(value, list | tuple):
        items = [normalised(item) for item in value]
        return items or ""
    return value


def is_real_change(comparison) -> bool:
    """Whether a comparison (a field, or a child relation such as a material's versions)
    shows a change once normalised."""
    if getattr(comparison, "is_child_relation", False):
        return child_relation_changed(comparison)
    if type(comparison).has_changed is FieldComparison.has_changed:
        return normalised(comparison.val_a) != normalised(comparison.val_b)
    return comparison.has_changed()  # its own rule (many-to-many, tags...)


def child_relation_changed(comparison) -> bool:
    objs_a = list(comparison.val_a.all())
    objs_b = list(comparison.val_b.all())
    forwards, _backwards, added, deleted = comparison.get_mapping(objs_a, objs_b)
    if added or deleted:
        return True
    for a_index, b_index in forwards.items():
        child = comparison.get_child_comparison(objs_a[a_index], objs_b[b_index])
        if any(is_real_change(field) for field in child.get_field_comparisons()):
            return True
    return False


def real_changes(comparisons) -> list:
    return [comparison for comparison in comparisons if is_real_change(comparison)]
