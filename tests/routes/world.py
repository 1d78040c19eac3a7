"""The shared world the route inventory fills URLs from: one object of every kind a route names.

Built once per module (tests/routes/test_route_inventory.py) inside a transaction rolled back at
the end. ``ids`` maps a key (a model name such as ``"reachreport"``, or a name such as
``"in_review"``) to a primary key; the rules in tests/routes/rules.py fill URL parameters from it.

Two organisations report: IOM Senegal (``reporter``) and Radio Guinée (``reporter_gn``, the
"reporter of another organisation"); every reach object a URL names (report, attachment, import
run) is Senegal's, so the Guinea reporter must be refused all of them.
"""

import datetime
import io
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Collection, Page, Site, Task, TaskState, Workflow

from campaigns.access.roles import (
    ADMINISTRATORS,
    EDITORS,
    FINANCE,
    FUNDER_TASK,
    INTERNAL_TASK,
    ME_OFFICERS,
    REPORTERS,
    REVIEWERS,
    TRANSLATORS,
    WORKFLOW_NAME,
    setup_roles,
)
from campaigns.models import Material
from campaigns.reach.models import ImportStatus
from tests.factories import (
    AgeBandFactory,
    ChannelFactory,
    CountryFactory,
    IndicatorFactory,
    OrganisationFactory,
    RegionFactory,
    SuperUserFactory,
    UserFactory,
    agreement,
    allocation,
    campaign_index,
    campaign_page,
    country_page,
    document,
    funder,
    home_page,
    image,
    material,
    reach_report,
)

# Every role the rules speak of; ``reporter_gn`` is a reporter of another organisation.
ROLES = (
    "anonymous", "reporter", "reporter_gn", "translator", "editor", "reviewer", "me_officer",
    "finance", "admin", "superuser",
)  # fmt: skip
GROUPS = {
    "reporter": REPORTERS,
    "reporter_gn": REPORTERS,
    "translator": TRANSLATORS,
    "editor": EDITORS,
    "reviewer": REVIEWERS,
    "me_officer": ME_OFFICERS,
    "finance": FINANCE,
    "admin": ADMINISTRATORS,
}
MARCH = datetime.date(2026, 3, 1)


@dataclass
class World:
    ids: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)  # non-id values: tokens, uidb64...
    sessions: dict = field(default_factory=dict)  # role -> session key
    baseline: dict = None  # snapshot() taken once the world is built


def start_review(obj, editor, approve_internal_as=None) -> TaskState:
    workflow_state = obj.get_workflow().start(obj, editor)
    task_state = workflow_state.current_task_state
    assert task_state.task.name == INTERNAL_TASK
    if approve_internal_as:
        task_state.task.specific.on_action(task_state, approve_internal_as, "approve")
        workflow_state.refresh_from_db()
        task_state = workflow_state.current_task_state
        assert task_state.task.name == FUNDER_TASK
    return task_state


def build_world() -> World:
    w = World()
    home_page()
    groups = setup_roles()
    for role in ROLES:
        if role == "anonymous":
            continue
        if role == "superuser":
            user = SuperUserFactory(username="route-superuser")
        else:
            user = UserFactory(username=f"route-{role}")
            user.groups.add(groups[GROUPS[role]])
        w.users[role] = user
    editor, admin = w.users["editor"], w.users["admin"]
    ids = w.ids

    # --- Pages and materials, some waiting in review ---------------------------------------
    index = campaign_index()
    senegal_country = CountryFactory(code="SN", languages="fr, wo, ff")
    guinea_country = CountryFactory(code="GN", languages="fr, ff")
    senegal, guinea = country_page(senegal_country), country_page(guinea_country)
    campaign = campaign_page(senegal)  # live, no pending change
    changed = campaign_page(senegal, title="Sea route", slug="sea-route")  # live + a draft
    ids["earlier_revision"] = changed.latest_revision_id
    changed.title_en = "Sea route (new)"
    changed.save_revision(user=editor)
    in_review = campaign_page(senegal, title="Night crossing", slug="night-crossing")
    ids["in_review_earlier_revision"] = in_review.latest_revision_id
    in_review.title_en = "Night crossing (for the funder)"
    in_review.save_revision(user=editor)
    in_internal = campaign_page(senegal, title="The boat", slug="boat")
    in_internal.title_en = "The boat (for IOM)"
    in_internal.save_revision(user=editor)
    alias = index.create_alias(parent=home_page(), update_slug="campaigns-alias")

    poster = material(campaign, title="Poster")
    ids["material_earlier_revision"] = poster.latest_revision_id
    poster.title_en = "Poster (new)"
    poster.save_revision(user=editor)
    radio = material(campaign, title="Radio spot")
    radio.title_en = "Radio spot (for the funder)"
    radio.save_revision(user=editor)

    ids["task_state"] = start_review(in_review, editor, approve_internal_as=admin).pk
    ids["internal_task_state"] = start_review(in_internal, editor).pk
    ids["material_task_state"] = start_review(radio, editor, approve_internal_as=admin).pk
    radio.refresh_from_db()
    ids["material_in_review_revision"] = radio.latest_revision_id
    in_review.refresh_from_db()
    ids["in_review_revision"] = in_review.latest_revision_id
    ids["workflow_state"] = TaskState.objects.get(pk=ids["task_state"]).workflow_state_id
    ids["material_workflow_state"] = TaskState.objects.get(
        pk=ids["material_task_state"]
    ).workflow_state_id
    ids["funder_task"] = Task.objects.get(name=FUNDER_TASK).pk
    ids["internal_task"] = Task.objects.get(name=INTERNAL_TASK).pk
    ids["workflow"] = Workflow.objects.get(name=WORKFLOW_NAME).pk
    ids.update(
        index=index.pk, senegal=senegal.pk, guinea=guinea.pk, campaign=campaign.pk,
        changed=changed.pk, in_review=in_review.pk, in_internal=in_internal.pk, alias=alias.pk,
        material=poster.pk, material_in_review=radio.pk, home=home_page().pk,
        revision=changed.latest_revision_id, material_revision=poster.latest_revision_id,
    )  # fmt: skip

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.admin.models import EditingSession

    ids["editing_session"] = EditingSession.objects.create(
        user=w.users["superuser"], content_type=ContentType.objects.get_for_model(Page),
        object_id=str(campaign.pk), last_seen_at=timezone.now(),
    ).pk  # fmt: skip
    w.extra["campaign_code"] = campaign.code

    # --- Images, documents, collections, sites, redirects, users, groups -------------------
    ids["image"] = image().pk
    ids["document"] = document().pk
    ids["collection"] = Collection.get_first_root_node().add_child(name="Field photos").pk
    ids["site"] = Site.objects.get(is_default_site=True).pk
    ids["redirect"] = Redirect.objects.create(old_path="/old", redirect_link="/en/").pk
    ids["group"] = groups[EDITORS].pk
    ids["group_admins"] = groups[ADMINISTRATORS].pk
    root = SuperUserFactory(username="route-root")  # another superuser: the juiciest target
    ids["user"] = root.pk
    ids["country"] = senegal_country.pk
    limited = UserFactory(username="route-translator-fr")
    limited.groups.add(Group.objects.get(name=TRANSLATORS))
    translator_languages = apps.get_model("campaigns", "TranslatorLanguages")
    ids["translatorlanguages"] = translator_languages.objects.create(
        user=limited, languages=["fr"]
    ).pk
    w.extra["uidb64"] = urlsafe_base64_encode(force_bytes(root.pk))
    w.extra["reset_token"] = default_token_generator.make_token(root)

    # --- Funding ---------------------------------------------------------------------------
    eu = funder()
    deal = agreement(eu, amount="240000.00")
    ids["funder"], ids["fundingagreement"] = eu.pk, deal.pk
    ids["allocation"] = allocation(deal, campaign, amount="10000.00").pk

    # --- Reach: two organisations, every reach object Senegal's ----------------------------
    dakar = RegionFactory(country=senegal_country, code="SN-DK", name="Dakar")
    RegionFactory(country=guinea_country, code="GN-C", name="Conakry")
    channel = ChannelFactory(code="radio", name="Radio")
    people = IndicatorFactory(code="people-reached", by_sex=False, by_age=False)
    band = AgeBandFactory(code="15-24", min_age=15, max_age=24, sort_order=1)
    iom_senegal = OrganisationFactory(
        name="IOM Senegal", kind="iom_office", countries=[senegal_country],
        members=[w.users["reporter"]],
    )  # fmt: skip
    OrganisationFactory(
        name="Radio Guinée", kind="radio_station", countries=[guinea_country],
        members=[w.users["reporter_gn"]],
    )  # fmt: skip
    report = reach_report(campaign, iom_senegal, dakar, channel, MARCH, {people: 1200})
    attachment_model = apps.get_model("campaigns", "ReachAttachment")
    attachment = attachment_model(report=report, title="Sheet", size=4)
    attachment.file.save("sheet.csv", io.BytesIO(b"a,b\n"), save=False)
    attachment.save()
    run = apps.get_model("campaigns", "ReachImport").objects.create(
        file_name="march.xlsx", file_format="xlsx", status=ImportStatus.REFUSED,
        imported_by=w.users["reporter"],
        problems=[{"row": 2, "column": "Total", "value": 1, "message": "x"}],
    )  # fmt: skip
    target = apps.get_model("campaigns", "Target").objects.create(
        campaign=campaign, indicator=people, country=senegal_country, value=5000
    )
    ids.update(
        channel=channel.pk, indicator=people.pk, ageband=band.pk, target=target.pk,
        reportingorganisation=iom_senegal.pk, reachreport=report.pk,
        reachattachment=attachment.pk, reachimport=run.pk,
    )  # fmt: skip
    return w


# --- Reading the database ------------------------------------------------------------------------

# Tables a request may touch without changing anything that matters: the session store.
UNWATCHED = {"sessions"}


def watched_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in UNWATCHED and not model._meta.proxy
        and model._meta.managed
    ]  # fmt: skip


def snapshot() -> dict:
    """Every row of every table (but sessions): a refused request must leave all of it as is."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in watched_models()
    }


def differences(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after.get(label)]


def writes() -> int | None:
    """Rows inserted, updated or deleted on this connection so far, or None if unknown.

    Unchanged across a request, nothing was written: the snapshot need not be compared.
    SQLite counts changes per connection; PostgreSQL counts them per transaction (the test
    runs inside the module's transaction), rolled-back savepoints included."""
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection.total_changes
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)"
                " FROM pg_stat_xact_user_tables"
            )
            return cursor.fetchone()[0]
    return None


def page_of(pk) -> Page:
    return Page.objects.get(pk=pk)


def material_of(pk) -> Material:
    return Material.objects.get(pk=pk)
