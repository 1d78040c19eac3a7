"""The ten demo countries of origin (docs/DOMAIN.md), their regions, hotlines and contacts.

Hotline numbers are fictitious (800 00 ... with a running last digit) and the contact details
say they are demo data. Region codes are first-level ISO 3166-2 subdivisions.
"""

from dataclasses import dataclass, field

from modeltranslation.utils import build_localized_fieldname

from campaigns.models import Country, Region


@dataclass(frozen=True)
class CountrySpec:
    code: str
    languages: str
    hotline: str
    office: dict[str, str]  # the office's city, per language of the contact details
    regions: list[tuple[str, dict[str, str]]] = field(default_factory=list)


CONTACT_TEMPLATES = {
    "en": "IOM office, {city}. The hotline also answers on WhatsApp, every day from 8:00 to "
    "20:00. (Demo details, not a real service.)",
    "fr": "Bureau de l'OIM, {city}. La ligne répond aussi sur WhatsApp, tous les jours de 8 h "
    "à 20 h. (Coordonnées de démonstration, pas un vrai service.)",
    "ar": "مكتب المنظمة الدولية للهجرة، {city}. يمكن التواصل مع الخط الساخن أيضًا عبر واتساب، "
    "كل يوم من الساعة 8:00 إلى 20:00. (بيانات تجريبية وليست خدمة حقيقية.)",
    "fa-af": "دفتر سازمان بین‌المللی مهاجرت، {city}. از طریق واتس‌اپ هم با همین شماره می‌توانید "
    "پیام بفرستید، هر روز از ساعت ۸ صبح تا ۸ شب. (معلومات نمایشی است، نه یک خدمت واقعی.)",
    "sq": "Zyra e ONM-së, {city}. Linja telefonike përgjigjet edhe në WhatsApp, çdo ditë nga "
    "ora 8:00 deri në 20:00. (Të dhëna demonstruese, jo një shërbim i vërtetë.)",
    "ka": "IOM-ის ოფისი, {city}. ცხელ ხაზზე WhatsApp-ითაც შეგიძლიათ დაგვიკავშირდეთ, "
    "ყოველდღე 8:00-დან 20:00-მდე. (სადემონსტრაციო მონაცემები, არა რეალური სერვისი.)",
}

COUNTRIES: list[CountrySpec] = [
    CountrySpec(
        "SN",
        "fr, wo, ff",
        "+221 800 00 00 01",
        {"en": "Dakar", "fr": "Dakar"},
        [
            ("SN-DK", {"en": "Dakar", "fr": "Dakar"}),
            ("SN-SL", {"en": "Saint-Louis", "fr": "Saint-Louis"}),
            ("SN-TH", {"en": "Thiès", "fr": "Thiès"}),
            ("SN-TC", {"en": "Tambacounda", "fr": "Tambacounda"}),
            ("SN-KD", {"en": "Kolda", "fr": "Kolda"}),
        ],
    ),
    CountrySpec(
        "GN",
        "fr, ff",
        "+224 800 00 00 02",
        {"en": "Conakry", "fr": "Conakry"},
        [
            ("GN-C", {"en": "Conakry", "fr": "Conakry"}),
            ("GN-K", {"en": "Kankan", "fr": "Kankan"}),
            ("GN-L", {"en": "Labé", "fr": "Labé"}),
            ("GN-N", {"en": "Nzérékoré", "fr": "Nzérékoré"}),
        ],
    ),
    CountrySpec(
        "NG",
        "en, ha, yo, ig, pcm",
        "+234 800 000 0003",
        {"en": "Abuja", "fr": "Abuja"},
        [
            ("NG-LA", {"en": "Lagos", "fr": "Lagos"}),
            ("NG-ED", {"en": "Edo", "fr": "Edo"}),
            ("NG-DE", {"en": "Delta", "fr": "Delta"}),
            ("NG-KN", {"en": "Kano", "fr": "Kano"}),
            ("NG-FC", {"en": "Federal Capital Territory", "fr": "Territoire de la capitale"}),
        ],
    ),
    CountrySpec(
        "CM",
        "fr, en",
        "+237 800 00 00 04",
        {"en": "Yaoundé", "fr": "Yaoundé"},
        [
            ("CM-LT", {"en": "Littoral", "fr": "Littoral"}),
            ("CM-CE", {"en": "Centre", "fr": "Centre"}),
            ("CM-OU", {"en": "West", "fr": "Ouest"}),
            ("CM-NW", {"en": "North-West", "fr": "Nord-Ouest"}),
            ("CM-EN", {"en": "Far North", "fr": "Extrême-Nord"}),
        ],
    ),
    CountrySpec(
        "MA",
        "ar, fr, zgh",
        "+212 800 00 00 05",
        {"en": "Rabat", "fr": "Rabat", "ar": "الرباط"},
        [
            (
                "MA-01",
                {
                    "en": "Tanger-Tetouan-Al Hoceima",
                    "fr": "Tanger-Tétouan-Al Hoceïma",
                    "ar": "طنجة تطوان الحسيمة",
                },
            ),
            ("MA-02", {"en": "Oriental", "fr": "L'Oriental", "ar": "الشرق"}),
            ("MA-03", {"en": "Fez-Meknes", "fr": "Fès-Meknès", "ar": "فاس مكناس"}),
            (
                "MA-06",
                {"en": "Casablanca-Settat", "fr": "Casablanca-Settat", "ar": "الدار البيضاء سطات"},
            ),
            ("MA-09", {"en": "Souss-Massa", "fr": "Souss-Massa", "ar": "سوس ماسة"}),
        ],
    ),  # fmt: skip
    CountrySpec(
        "AF",
        "fa-af, ps",
        "+93 800 000 006",
        {"en": "Kabul", "fr": "Kaboul", "fa-af": "کابل"},
        [
            ("AF-KAB", {"en": "Kabul", "fr": "Kaboul", "fa-af": "کابل", "ps": "کابل"}),
            ("AF-HER", {"en": "Herat", "fr": "Hérat", "fa-af": "هرات", "ps": "هرات"}),
            ("AF-BAL", {"en": "Balkh", "fr": "Balkh", "fa-af": "بلخ", "ps": "بلخ"}),
            ("AF-NAN", {"en": "Nangarhar", "fr": "Nangarhar", "fa-af": "ننگرهار", "ps": "ننګرهار"}),
            ("AF-KAN", {"en": "Kandahar", "fr": "Kandahar", "fa-af": "کندهار", "ps": "کندهار"}),
        ],
    ),
    CountrySpec(
        "IQ",
        "ar, ckb",
        "+964 800 000 0007",
        {"en": "Baghdad", "fr": "Bagdad", "ar": "بغداد"},
        [
            ("IQ-BG", {"en": "Baghdad", "fr": "Bagdad", "ar": "بغداد", "ckb": "بەغدا"}),
            ("IQ-AR", {"en": "Erbil", "fr": "Erbil", "ar": "أربيل", "ckb": "هەولێر"}),
            (
                "IQ-SU",
                {"en": "Sulaymaniyah", "fr": "Souleimaniye", "ar": "السليمانية", "ckb": "سلێمانی"},
            ),
            ("IQ-DA", {"en": "Duhok", "fr": "Dohuk", "ar": "دهوك", "ckb": "دهۆک"}),
            ("IQ-NI", {"en": "Nineveh", "fr": "Ninive", "ar": "نينوى", "ckb": "نەینەوا"}),
        ],
    ),  # fmt: skip
    CountrySpec(
        "AL",
        "sq",
        "+355 800 00 008",
        {"en": "Tirana", "fr": "Tirana", "sq": "Tiranë"},
        [
            ("AL-11", {"en": "Tirana", "fr": "Tirana", "sq": "Tiranë"}),
            ("AL-10", {"en": "Shkodër", "fr": "Shkodër", "sq": "Shkodër"}),
            ("AL-02", {"en": "Durrës", "fr": "Durrës", "sq": "Durrës"}),
            ("AL-07", {"en": "Kukës", "fr": "Kukës", "sq": "Kukës"}),
            ("AL-12", {"en": "Vlorë", "fr": "Vlora", "sq": "Vlorë"}),
        ],
    ),
    CountrySpec(
        "GE",
        "ka",
        "+995 800 00 00 09",
        {"en": "Tbilisi", "fr": "Tbilissi", "ka": "თბილისი"},
        [
            ("GE-TB", {"en": "Tbilisi", "fr": "Tbilissi", "ka": "თბილისი"}),
            ("GE-IM", {"en": "Imereti", "fr": "Iméréthie", "ka": "იმერეთი"}),
            ("GE-AJ", {"en": "Adjara", "fr": "Adjarie", "ka": "აჭარა"}),
            ("GE-KA", {"en": "Kakheti", "fr": "Kakhétie", "ka": "კახეთი"}),
            ("GE-KK", {"en": "Kvemo Kartli", "fr": "Basse-Karthlie", "ka": "ქვემო ქართლი"}),
        ],
    ),
    CountrySpec(
        "ER",
        "ti",
        "+291 800 00 10",
        {"en": "Asmara", "fr": "Asmara"},
        [
            ("ER-MA", {"en": "Maekel (Central)", "fr": "Maekel (Centre)", "ti": "ማእከል"}),
            ("ER-AN", {"en": "Anseba", "fr": "Anseba", "ti": "ዓንሰባ"}),
            ("ER-DU", {"en": "Debub (Southern)", "fr": "Debub (Sud)", "ti": "ደቡብ"}),
            ("ER-GB", {"en": "Gash-Barka", "fr": "Gash-Barka", "ti": "ጋሽ ባርካ"}),
        ],
    ),
]


def localized(field_name: str, values: dict[str, str]) -> dict[str, str]:
    """{"en": "x", "fa-af": "y"} -> {"name_en": "x", "name_fa_af": "y"}."""
    return {build_localized_fieldname(field_name, code): text for code, text in values.items()}


def ensure_country(spec: CountrySpec) -> Country:
    contacts = {
        code: template.format(city=spec.office[code])
        for code, template in CONTACT_TEMPLATES.items()
        if code in spec.office
    }
    country, _created = Country.objects.update_or_create(
        code=spec.code,
        defaults={
            "languages": spec.languages,
            "hotline": spec.hotline,
            "whatsapp": spec.hotline,  # the demo's contacts say the hotline answers there too
            **localized("contact_details", contacts),
        },
    )
    for order, (code, names) in enumerate(spec.regions):
        Region.objects.update_or_create(
            country=country,
            code=code,
            defaults={"sort_order": order, **localized("name", names)},
        )
    return country


def ensure_countries() -> dict[str, Country]:
    """Create or update the ten demo countries and their regions; returns them by code."""
    return {spec.code: ensure_country(spec) for spec in COUNTRIES}
