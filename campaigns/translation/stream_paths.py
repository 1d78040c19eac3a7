"""Where a text lives in a StreamField's raw (JSON) value: the paths of its texts, and the
place in another language's value that matches a path of the source's (by block id, else by
position where the structures are the same; see campaigns.translation.units).

Paths are block ids, struct child names and list item ids (or indexes), joined by ``/``.
"""

from wagtail import blocks

# Struct children that are text blocks but not words anybody translates.
UNTRANSLATED_CHILDREN = frozenset({"phone", "duration"})


def leaves(block, raw, path):
    """(path, text, block) of every non-empty text under ``block``'s raw value."""
    if isinstance(block, blocks.StreamBlock) and isinstance(raw, list):
        for child in raw:
            if isinstance(child, dict) and child.get("type") in block.child_blocks:
                yield from leaves(
                    block.child_blocks[child["type"]],
                    child.get("value"),
                    [*path, str(child.get("id", ""))],
                )
    elif isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        for index, item in enumerate(raw):
            segment, value = _list_item(block, item, index)
            yield from leaves(block.child_block, value, [*path, segment])
    elif isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child in block.child_blocks.items():
            if name not in UNTRANSLATED_CHILDREN:
                yield from leaves(child, raw.get(name), [*path, name])
    elif _is_text_block(block) and isinstance(raw, str) and field_text(raw, block):
        yield path, raw, block


def field_text(raw: str, block) -> bool:
    from campaigns.i18n.localization import _block_has_text  # one rule for "has text"

    return _block_has_text(block, raw)


def _is_text_block(block) -> bool:
    return isinstance(block, blocks.RichTextBlock | blocks.CharBlock | blocks.TextBlock)


def _list_item(block, item, index):
    if block._item_is_in_block_format(item):
        return str(item.get("id") or index), item["value"]
    return str(index), item


def locate(block, source, target, path: str):
    """(container, slot) in ``target`` for the text at ``path`` in ``source``, or None."""
    segments = path.split("/")
    for position, segment in enumerate(segments):
        last = position == len(segments) - 1
        if isinstance(block, blocks.StreamBlock):
            if not isinstance(source, list) or not isinstance(target, list):
                return None
            index = _index_by_id(source, segment)
            found = _index_by_id(target, segment)
            if index is None:
                return None
            if found is None:
                if _types(source) != _types(target):
                    return None
                found = index
            child_type = source[index].get("type")
            if target[found].get("type") != child_type or child_type not in block.child_blocks:
                return None
            if last:
                return target[found], "value"
            block = block.child_blocks[child_type]
            source, target = source[index].get("value"), target[found].get("value")
        elif isinstance(block, blocks.ListBlock):
            if not isinstance(source, list) or not isinstance(target, list):
                return None
            index = _list_index(block, source, segment)
            found = _list_index(block, target, segment, by_position=False)
            if index is None:
                return None
            if found is None:
                if len(source) != len(target):
                    return None
                found = index
            in_blocks = block._item_is_in_block_format(target[found])
            if last:
                return (target[found], "value") if in_blocks else (target, found)
            source = _list_item(block, source[index], index)[1]
            target = target[found]["value"] if in_blocks else target[found]
            block = block.child_block
        elif isinstance(block, blocks.StructBlock):
            if segment not in block.child_blocks or not isinstance(target, dict):
                return None
            if last:
                return target, segment
            block = block.child_blocks[segment]
            source = source.get(segment) if isinstance(source, dict) else None
            target = target.get(segment)
        else:
            return None
    return None


def _index_by_id(items: list, block_id: str):
    return next(
        (
            i
            for i, item in enumerate(items)
            if isinstance(item, dict) and str(item.get("id")) == block_id
        ),
        None,
    )


def _list_index(block, items: list, segment: str, by_position: bool = True):
    for index, item in enumerate(items):
        if block._item_is_in_block_format(item) and str(item.get("id")) == segment:
            return index
    if by_position and segment.isdigit() and int(segment) < len(items):
        return int(segment)
    return None


def _types(items: list) -> list:
    return [item.get("type") if isinstance(item, dict) else None for item in items]


def has_slot(container, slot) -> bool:
    if isinstance(container, dict):
        return slot in container
    return isinstance(slot, int) and 0 <= slot < len(container)


def is_copy(source: list, target: list) -> bool:
    """A value started from its source's: the same top-level block ids."""
    ids = [item.get("id") for item in target if isinstance(item, dict)]
    return bool(ids) and ids == [item.get("id") for item in source if isinstance(item, dict)]


def raw_value(value) -> list:
    if value is None or value == "":
        return []
    if isinstance(value, blocks.StreamValue):
        return value.get_prep_value()
    if isinstance(value, list):
        return value
    return []
