"""factory_boy factories and builders, the one place tests get their objects from."""

import datetime
from contextlib import contextmanager
from io import BytesIO

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import translation
from PIL import Image as PILImage
from wagtail.documents import get_document_model

from campaigns.demo.site import ensure_home_page
from campaigns.models import (
    CampaignImage,
    CampaignIndexPage,
    CampaignPage,
    Channel,
    Country,
    CountryPage,
    Material,
    MaterialVersion,
    Region,
)

TEST_PASSWORD = "correct horse battery staple"


@contextmanager
def module_data(django_db_blocker):
    """Build a module's shared objects once, in one transaction rolled back after its last test.

    Use it in a ``scope="module"`` fixture that takes ``django_db_setup`` and
    ``django_db_blocker``; each test's own ``db`` transaction then nests inside it (a savepoint),
    so what a test changes is undone before the next one. Hand tests fresh instances (fetched
    again by primary key) when they may change them in memory."""
    from django.core.cache import cache
    from django.db import transaction

    from campaigns.demo.site import ensure_tree_root

    with django_db_blocker.unblock(), transaction.atomic():
        # The rows Wagtail's migrations make (root page, collection, locale): a browser test
        # before this module, on the same worker, flushed them; the per-test fixture that puts
        # them back (tests/conftest.py wagtail_baseline) runs after module fixtures.
        ensure_tree_root()
        yield
        transaction.set_rollback(True)
    cache.clear()  # Wagtail caches site root paths; they belonged to the rolled-back data


def fresh(objects):
    """The same rows fetched again (a dict's values too), for a test to change at will."""
    if isinstance(objects, dict):
        return {key: fresh(value) for key, value in objects.items()}
    return type(objects).objects.get(pk=objects.pk)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class SuperUserFactory(UserFactory):
    is_staff = True
    is_superuser = True


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "SN"
    languages = "fr, wo, ff"
    hotline = "+221 800 00 00 00"
    contact_details_en = "IOM Dakar, Monday to Friday"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    country = factory.SubFactory(CountryFactory)
    code = factory.Sequence(lambda n: f"SN-{n:02d}")
    name = factory.Sequence(lambda n: f"Region {n}")


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"channel-{n}")
    name = factory.Sequence(lambda n: f"Channel {n}")


def home_page():
    """The site's home page, created (with the tree root and default site) if missing."""
    return ensure_home_page()


def publish(page, parent):
    with translation.override("en"):
        parent.add_child(instance=page)
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def campaign_index() -> CampaignIndexPage:
    index = CampaignIndexPage.objects.first()
    if index:
        return index
    with translation.override("en"):
        return publish(CampaignIndexPage(title="Campaigns", slug="campaigns"), home_page())


def country_page(country: Country | None = None, **fields) -> CountryPage:
    country = country or CountryFactory()
    existing = CountryPage.objects.filter(country=country).first()
    if existing:
        return existing
    fields.setdefault("title", country.localized_name("en"))
    fields.setdefault("slug", country.code.lower())
    with translation.override("en"):
        return publish(CountryPage(country=country, **fields), campaign_index())


def campaign_page(parent: CountryPage | None = None, **fields) -> CampaignPage:
    parent = parent or country_page()
    fields.setdefault("title", "The desert is not a road")
    fields.setdefault("slug", "desert")
    fields.setdefault("objective", "Tell young people the real risks of the desert route.")
    fields.setdefault("start_date", datetime.date(2026, 1, 1))
    fields.setdefault("end_date", datetime.date(2026, 12, 31))
    with translation.override("en"):
        return publish(CampaignPage(**fields), parent)


def root_collection():
    """Wagtail's migrations create the root collection; a flushed database lacks it."""
    from wagtail.models import Collection

    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def image(title="Photo", alt="A returnee talking to students", size=(1200, 800)) -> CampaignImage:
    buffer = BytesIO()
    PILImage.new("RGB", size, (30, 90, 150)).save(buffer, "JPEG")
    return CampaignImage.objects.create(
        title=title,
        description=alt,
        collection=root_collection(),
        file=ImageFile(buffer, name=f"{title.lower()}.jpg"),
    )


def document(name="poster.pdf", content=b"%PDF-1.4 demo" * 100):
    return get_document_model().objects.create(title=name, file=ContentFile(content, name=name))


def material(campaign: CampaignPage, languages=("en",), live=True, **fields) -> Material:
    """A material with one version per language; published (live) unless asked otherwise."""
    fields.setdefault("title", "Poster")
    fields.setdefault("material_type", "poster")
    item = Material(campaign=campaign, live=False, **fields)
    item.save()
    for code in languages:
        MaterialVersion.objects.create(
            material=item, language=code, document=document(f"poster-{code}.pdf")
        )
    if live:
        item.save_revision().publish()
    return item


def admin_user(username="translator", editable_pages=(), permissions=()):
    """A user who may open the admin, edit pages below ``editable_pages`` only, and hold the
    given model permissions (``"campaigns.change_material"``...)."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    user = UserFactory(username=username)
    group, _created = Group.objects.get_or_create(name=f"{username} group")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for label in permissions:
        app_label, codename = label.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    for page in editable_pages:
        GroupPagePermission.objects.create(group=group, page=page, permission_type="change")
    user.groups.add(group)
    return user


# --- Review workflow: people in roles, submissions and reviews ----------------------------------


def role_user(role: str, username: str | None = None, **fields):
    """A user in one of campaigns.access.roles' groups; ``setup_roles()`` must have run."""
    from django.contrib.auth.models import Group

    user = UserFactory(username=username or role.lower().replace(" ", "-"), **fields)
    user.groups.add(Group.objects.get(name=role))
    return user


def submit_for_review(obj, user):
    """What "Submit for review" does for a page or material: save a revision, then start its
    workflow (or resume it where changes were requested). Returns the workflow state."""
    obj.save_revision(user=user)
    state = obj.current_workflow_state
    if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
        state.resume(user)
        return state
    return obj.get_workflow().start(obj, user)


def act_on_review(obj, user, action="approve", comment=""):
    """Approve (or ``"reject"``: request changes) the object's current review task as ``user``.
    Returns the task state acted on."""
    from wagtail.models import TaskState

    state = TaskState.objects.for_instance(obj).get(status=TaskState.STATUS_IN_PROGRESS)
    state.task.specific.on_action(state, user, action, comment=comment)
    return state


# --- Funding: funders, agreements, allocations -------------------------------------------------


EU_STATEMENTS = {
    "en": "Funded by the European Union",
    "fr": "Financé par l’Union européenne",
    "ar": "بتمويل من الاتحاد الأوروبي",
}


def funder(name="European Union", statements=None, logo=True, **fields):
    """A funder with an emblem and its statement in the given languages (English, French and
    Arabic by default)."""
    from modeltranslation.utils import build_localized_fieldname

    from campaigns.models import Funder

    statements = EU_STATEMENTS if statements is None else statements
    if logo:
        fields["logo"] = image(title=f"{name} emblem", alt=f"{name} emblem", size=(300, 200))
    item = Funder(**fields)
    with translation.override("en"):
        item.name = name
    for code, text in statements.items():
        setattr(item, build_localized_fieldname("statement", code), text)
    item.save()
    return item


def agreement(
    funder_=None, reference="EU-AMIF-2026-01", amount="100000.00", currency="EUR", **fields
):
    from decimal import Decimal

    from campaigns.models import FundingAgreement

    fields.setdefault("title", "Prevention campaigns in West Africa")
    fields.setdefault("start_date", datetime.date(2026, 1, 1))
    fields.setdefault("end_date", datetime.date(2027, 12, 31))
    return FundingAgreement.objects.create(
        funder=funder_ or funder(),
        reference=reference,
        amount=Decimal(amount),
        currency=currency,
        **fields,
    )


def allocation(agreement_, campaign, amount="10000.00", **fields):
    from decimal import Decimal

    from campaigns.models import Allocation

    fields.setdefault("start_date", agreement_.start_date)
    fields.setdefault("end_date", agreement_.end_date)
    item = Allocation(agreement=agreement_, campaign=campaign, amount=Decimal(amount), **fields)
    item.full_clean()
    item.save()
    return item


# --- Reach reporting: organisations, indicators, age bands, reports (campaigns.reach) ----------


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A reporting organisation; ``countries=[...]`` and ``members=[...]`` set its relations."""

    class Meta:
        model = "campaigns.ReportingOrganisation"
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Partner NGO {n}")
    kind = "partner_ngo"

    @factory.post_generation
    def countries(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.countries.set(extracted)

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.members.set(extracted)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "campaigns.Indicator"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"indicator-{n}")
    name_en = factory.LazyAttribute(lambda o: o.code.replace("-", " ").capitalize())
    kind = "people_reached"
    unit = "people"


class AgeBandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "campaigns.AgeBand"
        django_get_or_create = ("code",)

    code = "15-24"
    name = factory.LazyAttribute(lambda o: o.code)
    min_age = 15
    max_age = 24


def reach_report(campaign, organisation, region, channel, month, values=None, **fields):
    """A stored report with ``values`` {indicator: total or (total, [(sex, band, count)...])},
    written as it is, without the rules (tests of the rules build their own data)."""
    from campaigns.models import ReachBreakdown, ReachReport, ReachValue

    report = ReachReport.objects.create(
        campaign=campaign,
        organisation=organisation,
        region=region,
        channel=channel,
        month=month,
        **fields,
    )
    for indicator, given in (values or {}).items():
        total, cells = given if isinstance(given, tuple) else (given, [])
        value = ReachValue.objects.create(report=report, indicator=indicator, total=total)
        for sex, band, count in cells:
            ReachBreakdown.objects.create(value=value, sex=sex, age_band=band, count=count)
    return report
