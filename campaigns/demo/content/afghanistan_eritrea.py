"""Afghanistan (Dari complete; Pashto partial) and Eritrea (Tigrinya: one title only). The
Pashto and Tigrinya lines are short demo drafts to be checked by a native speaker."""

from datetime import date

from .base import CampaignSpec, CountryContent
from .base import CampaignText as T

AFGHANISTAN = CountryContent(
    code="AF",
    intro={
        "en": "Many Afghans set out on foot through Iran and Türkiye in the hands of smugglers, and "
        "many others have come back, or been sent back, from neighbouring countries. These "
        "campaigns, in Dari and Pashto, share the risks of the route and the support "
        "available to returnees.",
        "fr": "Beaucoup d'Afghans partent à pied par l'Iran et la Turquie, aux mains de passeurs, "
        "et beaucoup d'autres sont revenus, ou ont été renvoyés, des pays voisins. Ces "
        "campagnes, en dari et en pachto, présentent les risques de la route et l'aide "
        "disponible pour les personnes de retour.",
        "fa-af": "بسیاری از افغان‌ها پیاده و در دست قاچاقبران از راه ایران و ترکیه می‌روند، و "
        "بسیاری دیگر از کشورهای همسایه برگشته‌اند یا برگردانده شده‌اند. این کمپاین‌ها به "
        "زبان‌های دری و پشتو، خطرات این راه و کمک‌های موجود برای بازگشت‌کنندگان را معرفی "
        "می‌کنند.",
    },
    campaigns=[
        CampaignSpec(
            slug="know-the-risks-of-the-smuggling-route",
            start=date(2025, 3, 15),
            end=date(2026, 3, 14),
            channels=("radio", "community-session", "tv", "hotline"),
            image="mountains",
            portrait="portrait-3",
            materials=("poster", "radio_spot", "video"),
            texts={
                "en": T(
                    title="Know the risks of the smuggling route",
                    objective="Inform young men and their families about the dangers of crossing "
                    "the mountains into Iran and Türkiye with smugglers.",
                    audiences="Young men aged 16 to 35 and their families in Herat, Kabul, Balkh "
                    "and Nangarhar; elders.",
                    messages=(
                        "The mountains are freezing, the borders are dangerous, and smugglers leave "
                        "behind those who cannot keep up.",
                        "Many people are caught and sent back after paying everything they had.",
                        "Smugglers may hold you until your family pays more.",
                        "Before you decide, call the hotline: it is free and confidential.",
                    ),
                    intro="The journey west often starts with a smuggler's phone number and a loan "
                    "from relatives. It continues on foot across high mountains, at night, "
                    "in the cold.\n\nThis campaign shares the stories of young Afghans who "
                    "made the journey, on the radio and in community meetings with elders, "
                    "so that families can decide knowing the full risks.",
                    quote="We walked for eleven nights in the mountains. Two boys from our group "
                    "fell behind and the smuggler did not wait. At the border we were caught "
                    "and sent back. My family is still paying off the debt.",
                    name="Ahmad",
                    context="from Herat, returned in 2024",
                ),
                "fr": T(
                    title="Connaître les risques de la route des passeurs",
                    objective="Informer les jeunes hommes et leurs familles des dangers de la "
                    "traversée des montagnes vers l'Iran et la Turquie avec des "
                    "passeurs.",
                    audiences="Jeunes hommes de 16 à 35 ans et leurs familles à Hérat, Kaboul, "
                    "Balkh et Nangarhar ; anciens.",
                    messages=(
                        "Les montagnes sont glaciales, les frontières dangereuses, et les passeurs "
                        "abandonnent ceux qui ne suivent pas.",
                        "Beaucoup sont arrêtés et renvoyés après avoir payé tout ce qu'ils avaient.",
                        "Les passeurs peuvent vous retenir jusqu'à ce que votre famille paie "
                        "davantage.",
                        "Avant de décider, appelez la ligne : c'est gratuit et confidentiel.",
                    ),
                    intro="Le voyage vers l'ouest commence souvent par le numéro d'un passeur et un "
                    "prêt de la famille. Il se poursuit à pied à travers de hautes "
                    "montagnes, de nuit, dans le froid.\n\nCette campagne partage, à la "
                    "radio et lors de réunions communautaires avec les anciens, les "
                    "histoires de jeunes Afghans qui ont fait ce voyage, pour que les "
                    "familles décident en connaissant tous les risques.",
                    quote="Nous avons marché onze nuits dans les montagnes. Deux garçons de notre "
                    "groupe sont restés en arrière et le passeur n'a pas attendu. À la "
                    "frontière, nous avons été arrêtés et renvoyés. Ma famille rembourse "
                    "encore la dette.",
                    name="Ahmad",
                    context="de Hérat, rentré en 2024",
                ),
                "fa-af": T(
                    title="خطرات راه قاچاق را بشناسید",
                    objective="آگاه ساختن مردان جوان و خانواده‌های شان از خطرات عبور از کوه‌ها به "
                    "ایران و ترکیه با قاچاقبران.",
                    audiences="مردان جوان ۱۶ تا ۳۵ ساله و خانواده‌های شان در هرات، کابل، بلخ و "
                    "ننگرهار؛ ریش‌سفیدان.",
                    messages=(
                        "کوه‌ها یخبندان است، مرزها خطرناک است و قاچاقبران کسانی را که عقب بمانند "
                        "رها می‌کنند.",
                        "بسیاری پس از پرداخت همه دارایی خود دستگیر و برگردانده می‌شوند.",
                        "قاچاقبران ممکن است شما را نگه دارند تا خانواده‌تان پول بیشتری بپردازد.",
                        "پیش از تصمیم، به خط تلفون زنگ بزنید: رایگان و محرمانه است.",
                    ),
                    intro="سفر به سوی غرب اغلب با شماره تلفون یک قاچاقبر و قرضی از خویشاوندان آغاز "
                    "می‌شود و پیاده، در شب و سرما، از میان کوه‌های بلند ادامه "
                    "می‌یابد.\n\nاین کمپاین داستان‌های جوانان افغان را که این سفر را "
                    "کرده‌اند، از طریق رادیو و در جلسات اجتماعی با ریش‌سفیدان نشر می‌کند تا "
                    "خانواده‌ها با آگاهی کامل از خطرات تصمیم بگیرند.",
                    quote="یازده شب در کوه‌ها پیاده رفتیم. دو پسر از گروه ما عقب ماندند و قاچاقبر "
                    "منتظر نماند. در مرز دستگیر و برگردانده شدیم. خانواده‌ام هنوز قرض را "
                    "می‌پردازد.",
                    name="احمد",
                    context="از هرات، بازگشته در سال ۲۰۲۴",
                ),
                "ps": T(title="د قاچاق د لارې خطرونه وپېژنئ"),  # partial: title only
            },
        ),
        CampaignSpec(
            slug="support-for-returnees",
            start=date(2026, 1, 1),
            end=date(2026, 12, 31),
            channels=("community-session", "radio", "sms-whatsapp", "hotline"),
            image="community",
            portrait="portrait-1",
            materials=("leaflet", "sms", "radio_spot"),
            texts={
                "en": T(
                    title="Returning home: support exists",
                    objective="Make sure people returning from Iran and Pakistan know where to find "
                    "help with health care, documents and a livelihood.",
                    audiences="Returnee families; host communities; local councils and elders.",
                    messages=(
                        "Returnees can get help at the border and in their home province: ask the "
                        "hotline where.",
                        "Women and girls who return can ask for support in confidence.",
                        "Keep your documents safe: they open the door to services.",
                    ),
                    intro="Families who come back, often after years abroad, may arrive with "
                    "nothing: no house, no work, sometimes no documents.\n\nThis campaign "
                    "explains, on the radio and at community meetings, what help exists at "
                    "the border and in the provinces, and how to ask for it.",
                    quote="We came back from Iran with two bags. At the border we were given some "
                    "help and the number of the hotline. Today my sons work with their uncle "
                    "and my youngest daughters are learning to read in a community class.",
                    name="Zarghuna",
                    context="mother of five, returned to Nangarhar in 2024",
                ),
                "fr": T(
                    title="Revenir au pays : une aide existe",
                    objective="Faire en sorte que les personnes qui reviennent d'Iran et du "
                    "Pakistan sachent où trouver de l'aide pour les soins, les documents "
                    "et un moyen de subsistance.",
                    audiences="Familles de retour ; communautés d'accueil ; conseils locaux et "
                    "anciens.",
                    messages=(
                        "Les personnes de retour peuvent être aidées à la frontière et dans leur "
                        "province : demandez où à la ligne.",
                        "Les femmes et les filles qui reviennent peuvent demander de l'aide en "
                        "toute confidentialité.",
                        "Gardez vos documents en sécurité : ils ouvrent l'accès aux services.",
                    ),
                    intro="Les familles qui reviennent, souvent après des années à l'étranger, "
                    "arrivent parfois sans rien : ni maison, ni travail, parfois sans "
                    "documents.\n\nCette campagne explique, à la radio et lors de réunions "
                    "communautaires, quelle aide existe à la frontière et dans les "
                    "provinces, et comment la demander.",
                    quote="Nous sommes revenus d'Iran avec deux sacs. À la frontière, on nous a "
                    "donné un peu d'aide et le numéro de la ligne. Aujourd'hui, mes fils "
                    "travaillent avec leur oncle et mes plus jeunes filles apprennent à lire "
                    "dans une classe communautaire.",
                    name="Zarghuna",
                    context="mère de cinq enfants, rentrée dans le Nangarhar en 2024",
                ),
                "fa-af": T(
                    title="بازگشت به خانه: کمک وجود دارد",
                    objective="اطمینان از اینکه کسانی که از ایران و پاکستان برمی‌گردند بدانند برای "
                    "خدمات صحی، اسناد و امرار معاش از کجا کمک بگیرند.",
                    audiences="خانواده‌های بازگشت‌کننده؛ جوامع میزبان؛ شوراهای محلی و ریش‌سفیدان.",
                    messages=(
                        "بازگشت‌کنندگان می‌توانند در مرز و در ولایت خود کمک دریافت کنند: جای آن را "
                        "از خط تلفون بپرسید.",
                        "زنان و دخترانی که برمی‌گردند می‌توانند به طور محرمانه درخواست کمک کنند.",
                        "اسناد خود را محفوظ نگه دارید: راه دسترسی به خدمات است.",
                    ),
                    intro="خانواده‌هایی که اغلب پس از سال‌ها زندگی در خارج برمی‌گردند، گاهی دست "
                    "خالی می‌رسند: بی‌خانه، بی‌کار و گاهی بدون اسناد.\n\nاین کمپاین از طریق "
                    "رادیو و در جلسات اجتماعی توضیح می‌دهد که در مرز و در ولایات چه کمک‌هایی "
                    "وجود دارد و چگونه می‌توان آن را درخواست کرد.",
                    quote="با دو بکس از ایران برگشتیم. در مرز کمی کمک و شماره خط تلفون را به ما "
                    "دادند. امروز پسرانم با کاکای شان کار می‌کنند و دختران کوچکم در یک صنف "
                    "اجتماعی خواندن می‌آموزند.",
                    name="زرغونه",
                    context="مادر پنج فرزند، بازگشته به ننگرهار در سال ۲۰۲۴",
                ),
                # Partial on purpose: title and objective only.
                "ps": T(
                    title="کور ته راستنېدل: مرسته شته",
                    objective="ډاډ ترلاسه کول چې له ایران او پاکستان څخه راستنېدونکي پوه شي چې د "
                    "روغتیا، اسنادو او معیشت لپاره له کومه ځایه مرسته ترلاسه کړي.",
                ),
            },
        ),
    ],
)

ERITREA = CountryContent(
    code="ER",
    intro={
        "en": "Many Eritreans cross into neighbouring countries and continue towards Libya and the "
        "Mediterranean, where kidnappers and traffickers prey on them. These campaigns share "
        "safety information and explain safe, legal ways to join family abroad.",
        "fr": "Beaucoup d'Érythréens passent dans les pays voisins puis continuent vers la Libye et "
        "la Méditerranée, où des ravisseurs et des trafiquants s'en prennent à eux. Ces "
        "campagnes donnent des informations de sécurité et expliquent les voies sûres et "
        "légales pour rejoindre sa famille à l'étranger.",
    },
    campaigns=[
        CampaignSpec(
            slug="information-saves-lives",
            start=date(2025, 7, 1),
            end=date(2026, 6, 30),
            channels=("radio", "sms-whatsapp", "community-session"),
            image="desert",
            portrait="portrait-4",
            materials=("poster", "sms", "radio_spot"),
            texts={
                "en": T(
                    title="Information saves lives",
                    objective="Give people who are considering the journey north reliable "
                    "information about kidnapping, trafficking and the dangers of the "
                    "Sahara and the sea.",
                    audiences="Young women and men; families with relatives on the move.",
                    messages=(
                        "On the route to Libya, kidnappers hold people and demand ransom from their "
                        "families.",
                        "Never give your family's phone numbers to smugglers.",
                        "If you are in danger, you have the right to seek asylum. Ask for "
                        "protection where you are safe.",
                    ),
                    intro="Families often learn that a son or daughter is on the move only when a "
                    "stranger calls to demand money. The routes through the desert to Libya "
                    "are controlled by networks that treat people as goods.\n\nThis campaign "
                    "shares practical safety information by radio and SMS, and reminds "
                    "people of their rights, including the right to seek asylum.",
                    quote="They held us in a warehouse for months and made us call home. My mother "
                    "sold her gold. I tell my story so that others know what waits on that "
                    "road.",
                    name="Senait",
                    context="now living in a third country, told her story by phone",
                ),
                "fr": T(
                    title="L'information sauve des vies",
                    objective="Donner aux personnes qui envisagent le voyage vers le nord des "
                    "informations fiables sur les enlèvements, la traite et les dangers "
                    "du Sahara et de la mer.",
                    audiences="Jeunes femmes et hommes ; familles dont des proches sont en route.",
                    messages=(
                        "Sur la route de la Libye, des ravisseurs retiennent des personnes et "
                        "exigent une rançon à leur famille.",
                        "Ne donnez jamais les numéros de téléphone de votre famille aux passeurs.",
                        "Si vous êtes en danger, vous avez le droit de demander l'asile. Demandez "
                        "une protection là où vous êtes en sécurité.",
                    ),
                    intro="Les familles apprennent souvent qu'un fils ou une fille est en route "
                    "seulement quand un inconnu appelle pour exiger de l'argent. Les routes "
                    "à travers le désert vers la Libye sont contrôlées par des réseaux qui "
                    "traitent les personnes comme des marchandises.\n\nCette campagne "
                    "diffuse des informations pratiques de sécurité par la radio et par SMS, "
                    "et rappelle les droits de chacun, dont le droit de demander l'asile.",
                    quote="Ils nous ont enfermés des mois dans un entrepôt et nous ont forcés à "
                    "appeler chez nous. Ma mère a vendu son or. Je raconte mon histoire pour "
                    "que d'autres sachent ce qui attend sur cette route.",
                    name="Senait",
                    context="vit aujourd'hui dans un pays tiers, témoignage recueilli par téléphone",
                ),
                "ti": T(title="ሓበሬታ ህይወት የድሕን"),  # partial: title only
            },
        ),
        CampaignSpec(
            slug="joining-family-the-safe-way",
            start=date(2026, 5, 1),
            end=date(2027, 4, 30),
            channels=("community-session", "radio", "hotline"),
            image="community",
            portrait="portrait-2",
            materials=("leaflet", "sms"),
            texts={
                "en": T(
                    title="Joining family abroad the safe way",
                    objective="Explain family reunification procedures and how to prepare "
                    "documents, so that families do not turn to smugglers while they "
                    "wait.",
                    audiences="Families with a relative who has protection abroad; community "
                    "leaders.",
                    messages=(
                        "If a close relative has protection abroad, you may be able to join them "
                        "legally: ask the embassy or the hotline.",
                        "Procedures take time; keep copies of all documents and do not pay "
                        "intermediaries.",
                        "A smuggler cannot speed up a family reunification file.",
                    ),
                    intro="Waiting for a family reunification decision can take many months, and "
                    "smugglers use that wait to sell shortcuts.\n\nThis campaign explains "
                    "the steps, the documents usually asked for and where to find free "
                    "advice.",
                    quote="My husband was granted protection in Europe. The file took more than a "
                    "year, but our children and I travelled safely, by plane, with our "
                    "papers.",
                    name="Helen",
                    context="mother of two",
                ),
                "fr": T(
                    title="Rejoindre sa famille à l'étranger en sécurité",
                    objective="Expliquer les procédures de regroupement familial et la préparation "
                    "des documents, pour que les familles ne se tournent pas vers les "
                    "passeurs pendant l'attente.",
                    audiences="Familles dont un proche bénéficie d'une protection à l'étranger ; "
                    "leaders communautaires.",
                    messages=(
                        "Si un proche parent bénéficie d'une protection à l'étranger, vous pourriez "
                        "le rejoindre légalement : renseignez-vous auprès de l'ambassade ou de la "
                        "ligne.",
                        "Les démarches prennent du temps ; gardez des copies de tous vos documents "
                        "et ne payez pas d'intermédiaires.",
                        "Un passeur ne peut pas accélérer un dossier de regroupement familial.",
                    ),
                    intro="L'attente d'une décision de regroupement familial peut durer de longs "
                    "mois, et les passeurs profitent de cette attente pour vendre des "
                    "raccourcis.\n\nCette campagne explique les étapes, les documents "
                    "généralement demandés et où trouver des conseils gratuits.",
                    quote="Mon mari a obtenu une protection en Europe. Le dossier a pris plus d'un "
                    "an, mais mes enfants et moi avons voyagé en sécurité, en avion, avec "
                    "nos papiers.",
                    name="Helen",
                    context="mère de deux enfants",
                ),
            },
        ),
    ],
)
