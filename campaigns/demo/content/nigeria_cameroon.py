"""Nigeria and Cameroon. Hausa lines are short demo drafts to be checked by a native speaker;
Yoruba, Igbo and Nigerian Pidgin are deliberately left untranslated."""

from datetime import date

from .base import CampaignSpec, CountryContent
from .base import CampaignText as T

NIGERIA = CountryContent(
    code="NG",
    intro={
        "en": "In Nigeria, traffickers recruit young women and men with false promises of work in "
        "Europe, and many journeys end in Libya. These campaigns help people recognise "
        "trafficking and check offers before they travel.",
        "fr": "Au Nigeria, des trafiquants recrutent des jeunes femmes et hommes avec de fausses "
        "promesses de travail en Europe, et beaucoup de voyages s'arrêtent en Libye. Ces "
        "campagnes aident à reconnaître la traite et à vérifier les offres avant de partir.",
    },
    campaigns=[
        CampaignSpec(
            slug="not-every-job-offer-is-real",
            start=date(2025, 9, 1),
            end=date(2026, 8, 31),
            channels=("radio", "tv", "school-talk", "social-media", "hotline"),
            image="city",
            portrait="portrait-2",
            materials=("poster", "radio_spot", "sms", "video"),
            texts={
                "en": T(
                    title="Not every job offer abroad is real",
                    objective="Help young people and families in Edo, Delta and Lagos recognise the "
                    "signs of human trafficking before they accept a job offer abroad.",
                    audiences="Young women and men aged 16 to 35; parents; church and community "
                    "groups.",
                    messages=(
                        "A job abroad that needs no papers, no interview and a big debt is a trap.",
                        "Traffickers are often people you know: a friend, a relative, a 'sponsor'.",
                        "An oath you were forced to swear does not bind you. Help exists.",
                        "Check the offer with the hotline before you travel: it is free.",
                    ),
                    intro="Traffickers promise jobs in hair salons, shops or restaurants in Europe. "
                    "The journey goes through the desert and Libya, and the 'debt' for the "
                    "trip is never paid off.\n\nThis campaign explains how recruitment "
                    "works, what the warning signs are and where victims and families can "
                    "get help, in confidence.",
                    quote="A woman from my church said she had a job for me in Italy. In Libya I "
                    "understood the truth: I owed her a debt I could never pay. I escaped "
                    "with the help of other women. Now I warn girls in my area.",
                    name="Blessing",
                    context="returned to Benin City in 2024",
                ),
                "fr": T(
                    title="Toutes les offres d'emploi à l'étranger ne sont pas vraies",
                    objective="Aider les jeunes et les familles d'Edo, du Delta et de Lagos à "
                    "reconnaître les signes de la traite des êtres humains avant "
                    "d'accepter une offre d'emploi à l'étranger.",
                    audiences="Jeunes femmes et hommes de 16 à 35 ans ; parents ; églises et "
                    "groupes communautaires.",
                    messages=(
                        "Un emploi à l'étranger sans papiers, sans entretien et avec une grosse "
                        "dette est un piège.",
                        "Les trafiquants sont souvent des personnes que vous connaissez : une amie, "
                        "un parent, un « sponsor ».",
                        "Un serment que l'on vous a forcé à prêter ne vous engage pas. Une aide "
                        "existe.",
                        "Vérifiez l'offre auprès de la ligne avant de partir : c'est gratuit.",
                    ),
                    intro="Les trafiquants promettent des emplois dans des salons de coiffure, des "
                    "boutiques ou des restaurants en Europe. Le voyage passe par le désert "
                    "et la Libye, et la « dette » du voyage n'est jamais "
                    "remboursée.\n\nCette campagne explique comment se passe le recrutement, "
                    "quels sont les signaux d'alerte et où les victimes et les familles "
                    "peuvent trouver de l'aide, en toute confidentialité.",
                    quote="Une femme de mon église m'a dit qu'elle avait un travail pour moi en "
                    "Italie. En Libye, j'ai compris la vérité : je lui devais une dette "
                    "impossible à rembourser. Je me suis enfuie avec l'aide d'autres femmes. "
                    "Aujourd'hui, je mets en garde les filles de mon quartier.",
                    name="Blessing",
                    context="rentrée à Benin City en 2024",
                ),
                # Partial on purpose: title and objective only.
                "ha": T(
                    title="Ba kowane tayin aiki a ƙasar waje ne na gaskiya ba",
                    objective="Taimaka wa matasa da iyalai su gane alamomin fataucin mutane kafin "
                    "su karɓi tayin aiki a ƙasar waje.",
                ),
            },
        ),
        CampaignSpec(
            slug="check-before-you-travel",
            start=date(2026, 4, 1),
            end=date(2027, 3, 31),
            channels=("social-media", "sms-whatsapp", "school-talk", "posters-leaflets"),
            image="community",
            portrait="portrait-4",
            materials=("leaflet", "sms", "video"),
            texts={
                "en": T(
                    title="Check before you travel",
                    objective="Explain how to study or work abroad legally, and how to spot fake "
                    "agents, fake visas and fake scholarships.",
                    audiences="Students, graduates and young workers planning to go abroad; their "
                    "families.",
                    messages=(
                        "Only an embassy or its official visa centre issues visas. Nobody else can "
                        "sell you one.",
                        "A real scholarship or job offer never asks you to pay to be selected.",
                        "Keep copies of your passport and contract, and tell your family where you "
                        "are going.",
                    ),
                    intro="Every year, people lose their savings to agents who sell fake visas, "
                    "fake scholarships or jobs that do not exist. Some end up stranded on "
                    "the way, without papers or money.\n\nLegal ways to study and work "
                    "abroad do exist. This campaign shows, step by step, how to check an "
                    "offer and where to ask for advice.",
                    quote="I paid an agent for a work visa to Canada. The office closed the week "
                    "after. I was lucky: I only lost money. My friend took the road through "
                    "Niger instead, and we have not heard from him since.",
                    name="Chinedu",
                    context="graduate from Lagos",
                ),
                "fr": T(
                    title="Vérifiez avant de partir",
                    objective="Expliquer comment étudier ou travailler légalement à l'étranger, et "
                    "comment repérer les faux agents, les faux visas et les fausses "
                    "bourses.",
                    audiences="Étudiants, jeunes diplômés et jeunes travailleurs qui veulent partir "
                    "; leurs familles.",
                    messages=(
                        "Seule une ambassade ou son centre de visas officiel délivre des visas. "
                        "Personne d'autre ne peut vous en vendre.",
                        "Une vraie bourse ou une vraie offre d'emploi ne demande jamais de payer "
                        "pour être sélectionné.",
                        "Gardez des copies de votre passeport et de votre contrat, et dites à votre "
                        "famille où vous allez.",
                    ),
                    intro="Chaque année, des personnes perdent leurs économies auprès d'agents qui "
                    "vendent de faux visas, de fausses bourses ou des emplois qui n'existent "
                    "pas. Certaines se retrouvent bloquées en chemin, sans papiers ni "
                    "argent.\n\nDes voies légales pour étudier et travailler à l'étranger "
                    "existent. Cette campagne montre, étape par étape, comment vérifier une "
                    "offre et où demander conseil.",
                    quote="J'ai payé un agent pour un visa de travail pour le Canada. Le bureau a "
                    "fermé la semaine suivante. J'ai eu de la chance : je n'ai perdu que de "
                    "l'argent. Mon ami, lui, a pris la route du Niger et nous n'avons plus "
                    "de nouvelles de lui.",
                    name="Chinedu",
                    context="jeune diplômé de Lagos",
                ),
                "ha": T(title="Ka tabbatar kafin ka yi tafiya"),  # partial: title only
            },
        ),
    ],
)

CAMEROON = CountryContent(
    code="CM",
    intro={
        "en": "In Cameroon, young people leave through Nigeria, Niger and Libya, or try to reach "
        "Europe through North Africa. These campaigns, in French and English, share the "
        "facts about these routes and about legal ways to study abroad.",
        "fr": "Au Cameroun, des jeunes partent par le Nigeria, le Niger et la Libye, ou tentent de "
        "rejoindre l'Europe par l'Afrique du Nord. Ces campagnes, en français et en anglais, "
        "donnent les faits sur ces routes et sur les voies légales pour étudier à "
        "l'étranger.",
    },
    campaigns=[
        CampaignSpec(
            slug="ask-before-you-leave",
            start=date(2025, 4, 1),
            end=date(2025, 12, 31),
            channels=("radio", "community-session", "theatre-music", "hotline"),
            image="desert",
            portrait="portrait-1",
            materials=("poster", "radio_spot", "sms"),
            texts={
                "en": T(
                    title="Ask before you leave",
                    objective="Give young people in Douala, Yaoundé and the West reliable "
                    "information on the routes through Niger and Libya, so that nobody "
                    "leaves on a smuggler's word alone.",
                    audiences="Young people aged 18 to 30, motorbike-taxi drivers, market traders, "
                    "students.",
                    messages=(
                        "Smugglers only tell you about the ones who arrived.",
                        "On the routes through Niger and Libya, people are robbed, held for ransom "
                        "and sold.",
                        "Ask the hotline before you leave: the answers are free and confidential.",
                    ),
                    intro='"My cousin made it, so can I." Smugglers build their business on the '
                    "success stories and hide the rest: the months of waiting in Agadez, the "
                    "prisons in Libya, the friends lost on the way.\n\nThis campaign takes "
                    "the rest of the story to markets, motorbike-taxi ranks and "
                    "neighbourhoods, with theatre, radio and people who came back.",
                    quote="In Agadez they told us the trip would take a week. It took eleven "
                    "months. I worked for nothing to pay the next driver. When I came back, "
                    "I told my little brother everything, so that he would not believe the "
                    "same lies.",
                    name="Serge",
                    context="motorbike-taxi driver in Douala, returned in 2024",
                ),
                "fr": T(
                    title="Renseigne-toi avant de partir",
                    objective="Donner aux jeunes de Douala, de Yaoundé et de l'Ouest des "
                    "informations fiables sur les routes du Niger et de la Libye, pour "
                    "que personne ne parte sur la seule parole d'un passeur.",
                    audiences="Jeunes de 18 à 30 ans, conducteurs de moto-taxi, commerçants des "
                    "marchés, étudiants.",
                    messages=(
                        "Les passeurs ne te parlent que de ceux qui sont arrivés.",
                        "Sur les routes du Niger et de la Libye, des gens sont volés, retenus "
                        "contre rançon et vendus.",
                        "Appelle la ligne avant de partir : les réponses sont gratuites et "
                        "confidentielles.",
                    ),
                    intro="« Mon cousin a réussi, alors moi aussi. » Les passeurs bâtissent leur "
                    "commerce sur les réussites et cachent le reste : les mois d'attente à "
                    "Agadez, les prisons en Libye, les amis perdus en route.\n\nCette "
                    "campagne apporte le reste de l'histoire dans les marchés, les parkings "
                    "de moto-taxis et les quartiers, avec du théâtre, de la radio et des "
                    "personnes revenues.",
                    quote="À Agadez, on nous a dit que le voyage durerait une semaine. Il a duré "
                    "onze mois. J'ai travaillé pour rien pour payer le chauffeur suivant. "
                    "Quand je suis rentré, j'ai tout raconté à mon petit frère, pour qu'il "
                    "ne croie pas aux mêmes mensonges.",
                    name="Serge",
                    context="conducteur de moto-taxi à Douala, rentré en 2024",
                ),
            },
        ),
        CampaignSpec(
            slug="study-abroad-the-legal-way",
            start=date(2026, 9, 1),
            end=date(2027, 6, 30),
            channels=("school-talk", "social-media", "tv"),
            image="city",
            portrait="portrait-2",
            materials=("leaflet", "video"),
            texts={
                "en": T(
                    title="Study abroad the legal way",
                    objective="Help students and their parents tell genuine study opportunities "
                    "from scams, and understand what a student visa does and does not "
                    "allow.",
                    audiences="Secondary and university students; parents; school counsellors.",
                    messages=(
                        "Apply to universities directly or through official channels; check every "
                        "agency.",
                        "A student visa is tied to your studies: find out how many hours you may "
                        "work.",
                        "Never hand your passport or your money to someone you cannot verify.",
                    ),
                    intro="Studying abroad can open doors, but fake admission letters and fake "
                    "agencies are common, and some students end up in debt or without "
                    "status.\n\nThis campaign, prepared with school counsellors, explains "
                    "the steps of a real application and the questions to ask before paying "
                    "any fee.",
                    quote="An agency promised me admission and a visa for a fee. The admission "
                    "letter was fake. Now I help other students check the university "
                    "websites themselves before they pay anything.",
                    name="Nadège",
                    context="student in Yaoundé",
                ),
                "fr": T(
                    title="Étudier à l'étranger par la voie légale",
                    objective="Aider les étudiants et leurs parents à distinguer les vraies "
                    "possibilités d'études des arnaques, et à comprendre ce qu'un visa "
                    "étudiant permet et ne permet pas.",
                    audiences="Lycéens et étudiants ; parents ; conseillers d'orientation.",
                    messages=(
                        "Postulez directement auprès des universités ou par les canaux officiels ; "
                        "vérifiez chaque agence.",
                        "Un visa étudiant est lié à vos études : renseignez-vous sur le nombre "
                        "d'heures de travail autorisées.",
                        "Ne confiez jamais votre passeport ni votre argent à quelqu'un que vous ne "
                        "pouvez pas vérifier.",
                    ),
                    intro="Étudier à l'étranger peut ouvrir des portes, mais les fausses lettres "
                    "d'admission et les fausses agences sont courantes, et certains "
                    "étudiants finissent endettés ou sans titre de séjour.\n\nCette "
                    "campagne, préparée avec des conseillers d'orientation, explique les "
                    "étapes d'une vraie candidature et les questions à poser avant de payer "
                    "quoi que ce soit.",
                    quote="Une agence m'a promis une admission et un visa contre de l'argent. La "
                    "lettre d'admission était fausse. Aujourd'hui, j'aide d'autres étudiants "
                    "à vérifier eux-mêmes les sites des universités avant de payer.",
                    name="Nadège",
                    context="étudiante à Yaoundé",
                ),
            },
        ),
    ],
)
