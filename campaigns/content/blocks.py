"""StreamField blocks of a campaign page's body. Each stream is translated per language.

Every block and child block has its own translatable label: Wagtail would otherwise make one from
the child's name ("Message", "Quote"), in English in every admin language.

Videos and audio are shown as links, never as third-party iframes: the public site makes no
request to any other host and costs the audience no data until they choose to play.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.finders import get_finders
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from campaigns.content.linked_pages import LinkedPageChooserBlock, in_chosen_order
from campaigns.site.fixed_queries import fixed_query


def supported_provider(url: str) -> bool:
    """True when a configured oEmbed provider recognises the URL (checked without a request)."""
    return any(finder.accept(url) for finder in get_finders())


class VideoURLBlock(blocks.URLBlock):
    def clean(self, value):
        value = super().clean(value)
        if value and not supported_provider(value):
            raise ValidationError(
                _(
                    "This address is not from a supported video provider (e.g. YouTube, Vimeo, "
                    "Facebook). Upload the file as a material instead."
                )  # fmt: skip
            )
        return value


class KeyMessageBlock(blocks.StructBlock):
    message = blocks.CharBlock(
        label=_("Message"), max_length=300, help_text=_("One short sentence.")
    )

    class Meta:
        icon = "pick"
        label = _("Key message")
        template = "campaigns/blocks/key_message.html"


def load_chosen(model, values) -> dict:
    """``model.objects.in_bulk(values)`` (None left out), its SQL compiled once per process
    and number of ids (campaigns.site.fixed_queries): a body's image, for instance."""
    ids = sorted({value for value in values if value is not None})
    if not ids or not all(type(value) is int for value in ids):
        return model.objects.in_bulk(ids)
    query = fixed_query(
        ("chosen", model, len(ids)),
        lambda *pks: model.objects.filter(pk__in=pks).order_by(),
        (int,) * len(ids),
    )
    return {obj.pk: obj for obj in query.run(*ids)}


class CompiledImageChooserBlock(ImageChooserBlock):
    """Wagtail's image chooser, its images loaded by ``load_chosen``."""

    def bulk_to_python(self, values):
        return in_chosen_order(values, load_chosen(self.model_class, values))


class PhotoBlock(ImageBlock):
    """Wagtail's image block (image, decorative, alt text), its image chooser labelled: Wagtail
    names that child from its key, "Image", in English whatever the admin's language. It is
    deconstructed as Wagtail's ImageBlock, so migrations do not name this class."""

    def __init__(self, required=True, **kwargs):
        super().__init__(required=required, **kwargs)
        image = CompiledImageChooserBlock(required=required)
        image.set_name("image")
        image.label = _("Image")
        self.child_blocks["image"] = image


class TestimonyBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"), help_text=_("The returnee's own words."))
    name = blocks.CharBlock(
        label=_("Name"),
        required=False,
        help_text=_("First name or pseudonym, only with their consent."),
    )
    context = blocks.CharBlock(
        label=_("Context"), required=False, help_text=_("e.g. 'returned from Libya in 2024'")
    )
    photo = PhotoBlock(label=_("Photo"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Testimony")
        template = "campaigns/blocks/testimony.html"


class VideoBlock(blocks.StructBlock):
    url = VideoURLBlock(
        label=_("Video address"), help_text=_("Address of the video on YouTube, Vimeo, Facebook...")
    )
    title = blocks.CharBlock(label=_("Title"))
    duration = blocks.CharBlock(label=_("Duration"), required=False, help_text=_("e.g. 2:30"))

    class Meta:
        icon = "media"
        label = _("Video")
        template = "campaigns/blocks/video.html"


class MaterialChooserBlock(SnippetChooserBlock):
    """Loads the chosen materials with their language versions and files in one query."""

    def __init__(self, **kwargs):
        super().__init__("campaigns.Material", **kwargs)

    def bulk_to_python(self, values):
        from campaigns.content.models.materials import load_with_versions

        found = load_with_versions(pk__in=[value for value in values if value is not None])
        return [found.get(value) for value in values]

    def deconstruct(self):
        return blocks.Block.deconstruct(self)


class MaterialBlock(blocks.StructBlock):
    material = MaterialChooserBlock(label=_("Material"))

    class Meta:
        icon = "doc-full"
        label = _("Downloadable material")
        template = "campaigns/blocks/material.html"


class AudioBlock(MaterialBlock):
    class Meta:
        icon = "media"
        label = _("Audio (radio spot)")
        template = "campaigns/blocks/material.html"


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"))
    answer = blocks.RichTextBlock(label=_("Answer"), features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "help"
        label = _("Question and answer")


class HotlineBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"), help_text=_("e.g. 'Free IOM hotline'"))
    phone = blocks.CharBlock(label=_("Phone number"), required=False, max_length=40)
    hours = blocks.CharBlock(
        label=_("Opening hours"), required=False, help_text=_("e.g. 'Mon-Fri, 8:00-18:00'")
    )

    class Meta:
        icon = "mobile-alt"
        label = _("Hotline or contact")
        template = "campaigns/blocks/hotline.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Button text"))
    page = LinkedPageChooserBlock(
        label=_("Page"), required=False, help_text=_("A page of this site, or an address below.")
    )
    url = blocks.URLBlock(label=_("Address"), required=False)

    class Meta:
        icon = "link"
        label = _("Call to action")
        template = "campaigns/blocks/call_to_action.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError(_("Choose a page or give an address."))}
            )
        return value


class BodyValue(blocks.StreamValue):
    """A body whose material and audio blocks are loaded together: one query for every
    material the body shows, not one per block type (Wagtail prefetches per type)."""

    MATERIAL_TYPES = ("material", "audio")

    # Materials already loaded with their versions (``preload_materials``), by id.
    preloaded_materials: dict | None = None

    def material_ids(self) -> set[int]:
        """The ids of the materials the body's material and audio blocks show (raw data)."""
        if not self.is_lazy:
            return set()
        return {
            raw["value"].get("material")
            for raw in self._raw_data
            if raw and raw.get("type") in self.MATERIAL_TYPES and isinstance(raw.get("value"), dict)
        } - {None}

    def preload_materials(self, materials: dict) -> None:
        """Use ``materials`` ({id: material with its versions}, as ``load_with_versions`` gives
        them) for the body's blocks instead of a query of their own: a campaign page loads its
        materials list and its body's materials together."""
        self.preloaded_materials = materials

    def _prefetch_blocks(self, type_name):
        if type_name not in self.MATERIAL_TYPES:
            return super()._prefetch_blocks(type_name)
        from campaigns.content.models.materials import load_with_versions

        waiting = [
            (index, raw)
            for index, raw in enumerate(self._raw_data)
            if self._bound_blocks[index] is None and raw["type"] in self.MATERIAL_TYPES
        ]
        ids = {raw["value"].get("material") for _index, raw in waiting} - {None}
        preloaded = self.preloaded_materials
        if ids and preloaded is not None and ids <= preloaded.keys():
            found = preloaded
        else:
            found = load_with_versions(pk__in=sorted(ids)) if ids else {}
        for index, raw in waiting:
            child_block = self.stream_block.child_blocks[raw["type"]]
            value = child_block.to_python({**raw["value"], "material": None})
            value["material"] = found.get(raw["value"].get("material"))
            self._bound_blocks[index] = blocks.StreamValue.StreamChild(
                child_block, value, id=raw.get("id")
            )


class CampaignBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label=_("Text"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )
    key_message = KeyMessageBlock()
    testimony = TestimonyBlock()
    video = VideoBlock()
    audio = AudioBlock()
    material = MaterialBlock()
    faq = blocks.ListBlock(
        FAQItemBlock(), label=_("FAQ"), icon="help", template="campaigns/blocks/faq.html"
    )
    hotline = HotlineBlock()
    call_to_action = CallToActionBlock()

    def to_python(self, value):
        stream = super().to_python(value)
        if stream.is_lazy:  # as stored: its materials are loaded at once (BodyValue)
            return BodyValue(self, stream._raw_data, is_lazy=True)
        return stream
