"""One imported PO entry checked: where it goes, whether the user may write there, and what its
translation must keep (see ``po_import`` for the rules). Nothing here writes: a checked entry is
added to the import's plan or to the report's errors, conflicts, unchanged or skipped."""

from django.utils.translation import gettext as _

from campaigns.i18n.names import language_name
from campaigns.translation import po_checks, po_export
from campaigns.translation import units as unit_source


def check_entry(message, line, language, user, in_scope, plan, report) -> None:
    from campaigns.translation.po_import import Outcome

    context = message.context or ""
    outcome = Outcome(line, context, msgid=_excerpt(message.id))
    if context.startswith(po_export.INTERFACE_PREFIX):
        _check_word(message, outcome, language, user, plan, report)
        return
    try:
        label, pk, field, block = po_export.parse_context(context)
    except ValueError:
        report.errors.append(
            _reason(outcome, _("not an entry of this site's export (msgctxt: object:id:field)"))
        )
        return
    if isinstance(message.string, tuple | list):
        report.errors.append(_reason(outcome, _("content texts have no plural forms")))
        return
    # Skipped entries write nothing: they need no permission (a country's file holds texts some
    # translators may not change).
    if "fuzzy" in message.flags:
        report.skipped.append(_reason(outcome, _("marked fuzzy: review it, then remove the flag")))
        return
    text = message.string or ""
    if not text.strip():
        report.skipped.append(_reason(outcome, _("not translated")))
        return
    item = _item(label, pk, language, user, in_scope, plan)
    if isinstance(item, str):
        report.errors.append(_reason(outcome, item))
        return
    obj, known = item
    if field not in unit_source.fields(type(obj)):
        report.errors.append(
            _reason(outcome, _("%(field)s is not a translated field") % {"field": field})
        )
        return
    key = (field, block)
    unit, definition = known.get(key, (None, None))
    if unit is None:
        report.conflicts.append(_reason(outcome, _("this text is no longer in the source")))
        return
    if po_export.clean_text(message.id).strip() != po_export.clean_text(unit.source).strip():
        report.conflicts.append(
            _reason(outcome, _("the source changed since the export: export again"))
        )
        return
    problems = po_checks.check(
        unit.source,
        text,
        rich=unit.rich,
        features=getattr(definition, "features", None),
        limit=_limit(definition),
    )
    if problems:
        report.errors.append(_reason(outcome, "; ".join(problems)))
        return
    if block and unit_source.unmatched(obj, language, [key]):
        report.conflicts.append(
            _reason(
                outcome,
                _(
                    "this block is not in the %(language)s version (added or moved since): "
                    "translate it in the editor"
                )
                % {"language": language_name(language)},
            )  # fmt: skip
        )
        return
    now = po_export.clean_text(unit_source.translation(obj, unit, language))
    if now.strip() == po_export.clean_text(text).strip():
        report.unchanged.append(outcome)
        return
    plan.texts[(label, pk)][key] = text
    report.applied.append(outcome)


def _item(label, pk, language, user, in_scope, plan):
    """(current object, {key: (unit, definition)}) of the entry's item, or the reason it is
    refused. Checked once per item."""
    cache = plan.__dict__.setdefault("_checked", {})
    if (label, pk) in cache:
        return cache[(label, pk)]
    if (label, pk) not in in_scope:  # decided without a query: a file can name thousands
        cache[(label, pk)] = _("%(item)s is not part of what this file translates") % {
            "item": f"{label}:{pk}"
        }
        return cache[(label, pk)]
    try:
        obj = po_export.find_item(label, pk)
    except LookupError:
        result = _("no such item: %(item)s") % {"item": f"{label}:{pk}"}
    else:
        result = _refusal(obj, language, user)
        if result is None:
            current = unit_source.current(obj)
            definitions = unit_source.definitions(current, language)
            known = {
                unit.key: (unit, definitions[unit.key])
                for unit in unit_source.units(current, language)
            }
            plan.items[(label, pk)] = current
            result = (current, known)
    cache[(label, pk)] = result
    return result


def _refusal(obj, language, user) -> str | None:
    """Why ``user`` may not write ``language`` on ``obj`` (None: they may)."""
    if language not in offered(obj):
        return _("%(item)s is not offered in %(language)s") % {
            "item": obj,
            "language": language_name(language),
        }
    if user is None:
        return None
    if not may_change(obj, user):
        return _("you may not change %(item)s") % {"item": obj}
    get_lock = getattr(obj, "get_lock", None)
    lock = get_lock() if get_lock else None
    if lock is not None and lock.for_user(user):
        return _("%(item)s is locked: %(why)s") % {"item": obj, "why": lock.get_message(user)}
    return None


def may_change(obj, user) -> bool:
    """The project's permissions: Wagtail's page permissions, else the snippet's change one."""
    if not (user and user.is_active):
        return False
    if hasattr(obj, "permissions_for_user"):
        return obj.permissions_for_user(user).can_edit()
    return user.has_perm(f"{obj._meta.app_label}.change_{obj._meta.model_name}")


def offered(obj) -> list[str]:
    """The languages an item is offered in (a material: its campaign's)."""
    return obj.offered_language_codes()


def _check_word(message, outcome, language, user, plan, report) -> None:
    from campaigns.translation import interface_words

    if user is not None and language not in interface_words.translatable_languages(user):
        report.errors.append(
            _reason(outcome, _("you may not set interface words in this language"))
        )
        return
    context = message.context[len(po_export.INTERFACE_PREFIX) :]
    msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
    word = interface_words.public_word(msgid, context)
    if word is None:
        report.conflicts.append(_reason(outcome, _("not a word of the public pages any more")))
        return
    forms = list(message.string) if isinstance(message.string, tuple | list) else [message.string]
    if "fuzzy" in message.flags or not any((form or "").strip() for form in forms):
        report.skipped.append(_reason(outcome, _("not translated")))
        return
    forms, problems = interface_words.check_forms(word, language, forms)
    if problems:
        report.errors.append(_reason(outcome, "; ".join(str(problem) for problem in problems)))
        return
    stored = plan.__dict__.setdefault("_words", None)
    if stored is None:
        stored = {
            (entry[0], entry[1]): list(entry[3])
            for entry in interface_words.catalog_entries(language)
        }
        plan._words = stored
    if stored.get(word.key) == forms:
        report.unchanged.append(outcome)
        return
    plan.words.append((word.message, word.context, word.plural, forms))
    report.applied.append(outcome)


def _limit(definition) -> int | None:
    limit = getattr(definition, "max_length", None)
    if limit is None:
        limit = getattr(getattr(definition, "field", None), "max_length", None)
    return limit


def _reason(outcome, reason: str):
    outcome.reason = str(reason)
    return outcome


def _excerpt(msgid) -> str:
    text = msgid[0] if isinstance(msgid, tuple | list) else (msgid or "")
    return text if len(text) <= 80 else text[:79] + "…"
