"""Channels through which campaigns reach people: reference data for pages and reach reports."""

from modeltranslation.utils import build_localized_fieldname

from campaigns.models import Channel

# code -> name per language (en and fr always; the languages of the complete demo translations
# where the names are well established).
CHANNELS: dict[str, dict[str, str]] = {
    "community-session": {
        "en": "Community session",
        "fr": "Séance communautaire",
        "ar": "جلسة توعية مجتمعية",
        "fa-af": "جلسه آگاهی‌دهی در جامعه",
        "sq": "Takim në komunitet",
        "ka": "შეხვედრა თემში",
    },
    "school-talk": {
        "en": "School talk",
        "fr": "Intervention en milieu scolaire",
        "ar": "لقاء في المدرسة",
        "fa-af": "برنامه آگاهی‌دهی در مکتب",
        "sq": "Bisedë në shkollë",
        "ka": "შეხვედრა სკოლაში",
    },
    "theatre-music": {
        "en": "Theatre or music event",
        "fr": "Théâtre ou concert",
        "ar": "عرض مسرحي أو حفل موسيقي",
        "fa-af": "برنامه تیاتر یا موسیقی",
        "sq": "Shfaqje teatrale ose koncert",
        "ka": "თეატრალური ან მუსიკალური ღონისძიება",
    },
    "radio": {
        "en": "Radio",
        "fr": "Radio",
        "ar": "إذاعة",
        "fa-af": "رادیو",
        "sq": "Radio",
        "ka": "რადიო",
    },
    "tv": {
        "en": "Television",
        "fr": "Télévision",
        "ar": "تلفزيون",
        "fa-af": "تلویزیون",
        "sq": "Televizion",
        "ka": "ტელევიზია",
    },
    "social-media": {
        "en": "Social media",
        "fr": "Réseaux sociaux",
        "ar": "وسائل التواصل الاجتماعي",
        "fa-af": "رسانه‌های اجتماعی",
        "sq": "Rrjete sociale",
        "ka": "სოციალური მედია",
    },
    "sms-whatsapp": {
        "en": "SMS / WhatsApp",
        "fr": "SMS / WhatsApp",
        "ar": "رسائل نصية / واتساب",
        "fa-af": "پیامک / واتس‌اپ",
        "sq": "SMS / WhatsApp",
        "ka": "SMS / WhatsApp",
    },
    "posters-leaflets": {
        "en": "Posters and leaflets",
        "fr": "Affiches et dépliants",
        "ar": "ملصقات ومطويات",
        "fa-af": "پوستر و بروشور",
        "sq": "Postera dhe fletëpalosje",
        "ka": "პლაკატები და ბროშურები",
    },
    "hotline": {
        "en": "Hotline",
        "fr": "Ligne d'écoute",
        "ar": "خط ساخن",
        "fa-af": "خط تلفون کمکی",
        "sq": "Linjë telefonike",
        "ka": "ცხელი ხაზი",
    },
}


def ensure_channels() -> dict[str, Channel]:
    """Create or update every channel by its code; returns them by code."""
    channels = {}
    for order, (code, names) in enumerate(CHANNELS.items(), start=1):
        values = {"sort_order": order * 10}
        values |= {build_localized_fieldname("name", lang): name for lang, name in names.items()}
        channels[code], _created = Channel.objects.update_or_create(code=code, defaults=values)
    return channels
