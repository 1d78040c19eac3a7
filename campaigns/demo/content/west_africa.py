"""Senegal and Guinea. Wolof lines are short demo drafts to be checked by a native speaker;
Pulaar (ff) is deliberately left untranslated so translation screens have work to show."""

from datetime import date

from .base import CampaignSpec, CountryContent
from .base import CampaignText as T

SENEGAL = CountryContent(
    code="SN",
    intro={
        "en": "In Senegal, many young people think about leaving by pirogue for the Canary Islands "
        "or overland through the Sahara. These campaigns share returnees' stories, the real "
        "risks of those routes and the options that exist at home and through legal "
        "channels.",
        "fr": "Au Sénégal, beaucoup de jeunes pensent à partir en pirogue vers les îles Canaries ou "
        "par la route à travers le Sahara. Ces campagnes partagent des témoignages de "
        "personnes revenues, les vrais risques de ces routes et les possibilités qui "
        "existent ici et par les voies légales.",
    },
    campaigns=[
        CampaignSpec(
            slug="the-sea-does-not-forgive",
            start=date(2025, 6, 1),
            end=date(2026, 5, 31),
            channels=("radio", "community-session", "theatre-music", "sms-whatsapp", "hotline"),
            image="sea",
            portrait="portrait-1",
            materials=("poster", "radio_spot", "sms", "video"),
            texts={
                "en": T(
                    title="The sea does not forgive",
                    objective="Help young people and their families weigh the real risks of the "
                    "pirogue crossing to the Canary Islands before anyone pays a "
                    "smuggler.",
                    audiences="Young men and women in fishing communities; parents and relatives "
                    "who pay for departures.",
                    messages=(
                        "Overloaded pirogues capsize, run out of fuel or drift for days: people die "
                        "at sea.",
                        "A smuggler's promise is not a guarantee. Your money is gone the moment you "
                        "board.",
                        "Before you decide, talk to someone who came back.",
                        "Free and confidential advice: call the hotline.",
                    ),
                    intro="Every season, pirogues leave the Senegalese coast for the Canary "
                    "Islands. Many never arrive. Those who survive often spend days without "
                    "water, in the cold, and are then held in reception centres with no "
                    "right to stay.\n\nThis campaign gives the floor to people who made the "
                    "crossing or lost someone at sea, so that every family can decide with "
                    "the full picture.",
                    quote="We were more than a hundred in a pirogue made for forty. On the fifth "
                    "day the water ran out. I still see the faces of those who did not make "
                    "it. I came home with nothing, and my mother had sold her land to pay "
                    "for my trip.",
                    name="Moussa",
                    context="fisherman from Saint-Louis, returned in 2024",
                ),
                "fr": T(
                    title="La mer ne pardonne pas",
                    objective="Aider les jeunes et leurs familles à mesurer les vrais risques de la "
                    "traversée en pirogue vers les Canaries, avant de payer un passeur.",
                    audiences="Jeunes femmes et hommes des communautés de pêcheurs ; parents et "
                    "proches qui financent les départs.",
                    messages=(
                        "Les pirogues surchargées chavirent, tombent en panne de carburant ou "
                        "dérivent pendant des jours : des gens meurent en mer.",
                        "La promesse d'un passeur n'est pas une garantie. Votre argent est perdu "
                        "dès que vous embarquez.",
                        "Avant de décider, parlez à quelqu'un qui est revenu.",
                        "Des conseils gratuits et confidentiels : appelez la ligne.",
                    ),
                    intro="Chaque saison, des pirogues quittent la côte sénégalaise pour les îles "
                    "Canaries. Beaucoup n'arrivent jamais. Ceux qui survivent passent "
                    "souvent des jours sans eau, dans le froid, puis sont retenus dans des "
                    "centres d'accueil sans droit au séjour.\n\nCette campagne donne la "
                    "parole à des personnes qui ont fait la traversée ou perdu un proche en "
                    "mer, pour que chaque famille décide en connaissance de cause.",
                    quote="Nous étions plus de cent dans une pirogue faite pour quarante. Le "
                    "cinquième jour, il n'y avait plus d'eau. Je revois encore les visages "
                    "de ceux qui ne sont pas arrivés. Je suis rentré sans rien, et ma mère "
                    "avait vendu son terrain pour payer mon voyage.",
                    name="Moussa",
                    context="pêcheur de Saint-Louis, rentré en 2024",
                ),
                # Partial on purpose: title and key messages only.
                "wo": T(
                    title="Géej gi du baal kenn",
                    messages=(
                        "Gaal yu fees dañuy suux, te ay nit dañuy dee ci géej gi.",
                        "Laajal ku dellusi balaa ngay jël sa ndogal.",
                        "Woo ci nimero bi: amul fay, te sutura la.",
                    ),
                ),
            },
        ),
        CampaignSpec(
            slug="success-is-possible-here",
            start=date(2026, 1, 15),
            end=date(2026, 12, 31),
            channels=("school-talk", "social-media", "tv", "community-session"),
            image="fields",
            portrait="portrait-2",
            materials=("leaflet", "video", "sms"),
            texts={
                "en": T(
                    title="Success is possible here",
                    objective="Show young people the training, work and business support available "
                    "in Senegal, and the legal ways to study or work abroad.",
                    audiences="Students and school leavers, apprentices, young entrepreneurs.",
                    messages=(
                        "Vocational training and start-up support exist near you: ask what you are "
                        "entitled to.",
                        "Legal ways to study or work abroad exist; they start with genuine "
                        "documents, never with a smuggler.",
                        "Returnees can get help to start again: nobody should be ashamed to come "
                        "home.",
                    ),
                    intro="Leaving is often presented as the only way to succeed. Yet returnees, "
                    "young entrepreneurs and apprentices across Senegal show that other "
                    "paths exist.\n\nThis campaign visits schools and youth centres with the "
                    "people behind these projects, and explains how to check a study or work "
                    "offer abroad before paying anyone.",
                    quote="When I came back from Libya, I was ashamed. With a small grant and a "
                    "training course, I opened a tailoring workshop in Kolda. Today I employ "
                    "two apprentices. I tell them: do not go the way I went.",
                    name="Awa",
                    context="tailor in Kolda, returned from Libya in 2023",
                ),
                "fr": T(
                    title="Réussir ici, c'est possible",
                    objective="Montrer aux jeunes les formations, les emplois et les aides à la "
                    "création d'entreprise qui existent au Sénégal, ainsi que les voies "
                    "légales pour étudier ou travailler à l'étranger.",
                    audiences="Élèves et jeunes diplômés, apprentis, jeunes entrepreneurs.",
                    messages=(
                        "Des formations professionnelles et des aides au démarrage existent près de "
                        "chez vous : renseignez-vous sur vos droits.",
                        "Des voies légales existent pour étudier ou travailler à l'étranger ; elles "
                        "commencent par de vrais documents, jamais par un passeur.",
                        "Les personnes revenues peuvent être aidées pour repartir de zéro : "
                        "personne ne devrait avoir honte de rentrer.",
                    ),
                    intro="Partir est souvent présenté comme le seul moyen de réussir. Pourtant, "
                    "des personnes revenues, de jeunes entrepreneurs et des apprentis "
                    "partout au Sénégal montrent que d'autres chemins existent.\n\nCette "
                    "campagne se rend dans les écoles et les maisons des jeunes avec les "
                    "porteurs de ces projets, et explique comment vérifier une offre "
                    "d'études ou de travail à l'étranger avant de payer qui que ce soit.",
                    quote="Quand je suis revenue de Libye, j'avais honte. Avec une petite "
                    "subvention et une formation, j'ai ouvert un atelier de couture à Kolda. "
                    "Aujourd'hui, j'emploie deux apprenties. Je leur dis : ne prenez pas le "
                    "chemin que j'ai pris.",
                    name="Awa",
                    context="couturière à Kolda, revenue de Libye en 2023",
                ),
                "wo": T(title="Mën nga am ndam fii"),  # partial: title only
            },
        ),
    ],
)

GUINEA = CountryContent(
    code="GN",
    intro={
        "en": "In Guinea, young people leave for North Africa and Europe through the Sahara, often "
        "via Mali and Niger. These campaigns tell the truth about the desert route and "
        "support those who come back.",
        "fr": "En Guinée, des jeunes partent vers l'Afrique du Nord et l'Europe à travers le "
        "Sahara, souvent via le Mali et le Niger. Ces campagnes disent la vérité sur la "
        "route du désert et soutiennent celles et ceux qui reviennent.",
    },
    campaigns=[
        CampaignSpec(
            slug="the-desert-route",
            start=date(2025, 2, 1),
            end=date(2025, 11, 30),
            channels=("radio", "community-session", "theatre-music", "posters-leaflets"),
            image="desert",
            portrait="portrait-3",
            materials=("poster", "leaflet", "radio_spot"),
            texts={
                "en": T(
                    title="The desert route kills in silence",
                    objective="Make the dangers of the Sahara crossing and of detention in Libya "
                    "known in the communities where most departures start.",
                    audiences="Young people aged 15 to 30 in Conakry, Kankan and Labé; community "
                    "and religious leaders.",
                    messages=(
                        "In the desert, smugglers abandon those who cannot pay more or who fall "
                        "ill.",
                        "In Libya, many migrants are locked up, beaten and forced to call their "
                        "families for ransom.",
                        "Nobody knows how many people lie in the Sahara. Do not become one of them.",
                        "Before leaving, get the facts: the hotline is free.",
                    ),
                    intro="The route through the Sahara is long, costly and deadly. Trucks break "
                    "down, water runs out, and smugglers sell their passengers from one "
                    "group to the next.\n\nIn Libya, many migrants end up in detention or in "
                    "the hands of traffickers. This campaign brings these realities to the "
                    "neighbourhoods and villages of Guinea through radio, theatre and "
                    "community discussions.",
                    quote="In the desert, the driver left us because two of us could not pay more. "
                    "We walked for two days. In Libya I was locked up for eight months. My "
                    "family sold everything to get me out.",
                    name="Mamadou",
                    context="returned from Libya to Labé in 2023",
                ),
                "fr": T(
                    title="La route du désert tue en silence",
                    objective="Faire connaître les dangers de la traversée du Sahara et de la "
                    "détention en Libye dans les communautés d'où partent la plupart des "
                    "migrants.",
                    audiences="Jeunes de 15 à 30 ans à Conakry, Kankan et Labé ; leaders "
                    "communautaires et religieux.",
                    messages=(
                        "Dans le désert, les passeurs abandonnent ceux qui ne peuvent plus payer ou "
                        "qui tombent malades.",
                        "En Libye, beaucoup de migrants sont enfermés, battus et forcés d'appeler "
                        "leur famille pour une rançon.",
                        "Personne ne sait combien de personnes reposent dans le Sahara. Ne devenez "
                        "pas l'une d'elles.",
                        "Avant de partir, informez-vous : la ligne est gratuite.",
                    ),
                    intro="La route du Sahara est longue, chère et mortelle. Les camions tombent en "
                    "panne, l'eau manque, et les passeurs revendent leurs passagers d'un "
                    "groupe à l'autre.\n\nEn Libye, beaucoup de migrants finissent en "
                    "détention ou aux mains de trafiquants. Cette campagne porte ces "
                    "réalités dans les quartiers et les villages de Guinée par la radio, le "
                    "théâtre et des discussions communautaires.",
                    quote="Dans le désert, le chauffeur nous a laissés parce que deux d'entre nous "
                    "ne pouvaient plus payer. Nous avons marché deux jours. En Libye, j'ai "
                    "été enfermé huit mois. Ma famille a tout vendu pour me faire sortir.",
                    name="Mamadou",
                    context="rentré de Libye à Labé en 2023",
                ),
            },
        ),
        CampaignSpec(
            slug="coming-home-with-dignity",
            start=date(2026, 3, 1),
            end=date(2027, 2, 28),
            channels=("community-session", "radio", "social-media", "hotline"),
            image="community",
            portrait="portrait-4",
            materials=("poster", "sms", "video"),
            texts={
                "en": T(
                    title="Coming home with dignity",
                    objective="Reduce the stigma returnees face and make the reintegration support "
                    "available to them better known.",
                    audiences="Returnees and their families; neighbourhood associations; employers.",
                    messages=(
                        "Coming back is not a failure. It takes courage.",
                        "Returnees can get help with health care, training and starting an "
                        "activity.",
                        "Families and neighbours: welcome those who return, do not judge them.",
                    ),
                    intro="Many young Guineans who come back from Libya, Niger or Morocco do not "
                    "dare to go home: they feel they have failed their families.\n\nThis "
                    "campaign works with returnee associations, local radios and religious "
                    "leaders so that returnees are welcomed, and so that everyone knows what "
                    "reintegration support exists.",
                    quote="The hardest part was not the journey back, it was facing my father. "
                    "Today he comes to the community sessions with me and tells other "
                    "fathers to welcome their sons.",
                    name="Ibrahima",
                    context="returned from Niger in 2024, volunteer with a returnee association",
                ),
                "fr": T(
                    title="Revenir dans la dignité",
                    objective="Réduire la stigmatisation des personnes de retour et mieux faire "
                    "connaître l'aide à la réintégration à laquelle elles ont droit.",
                    audiences="Personnes de retour et leurs familles ; associations de quartier ; "
                    "employeurs.",
                    messages=(
                        "Revenir n'est pas un échec. Il faut du courage.",
                        "Les personnes de retour peuvent être aidées pour les soins, la formation "
                        "et le lancement d'une activité.",
                        "Familles et voisins : accueillez ceux qui reviennent, ne les jugez pas.",
                    ),
                    intro="Beaucoup de jeunes Guinéens revenus de Libye, du Niger ou du Maroc "
                    "n'osent pas rentrer chez eux : ils ont le sentiment d'avoir déçu leur "
                    "famille.\n\nCette campagne travaille avec des associations de personnes "
                    "de retour, des radios locales et des leaders religieux pour que les "
                    "personnes de retour soient bien accueillies, et pour que chacun sache "
                    "quelle aide à la réintégration existe.",
                    quote="Le plus dur, ce n'était pas le voyage du retour, c'était d'affronter mon "
                    "père. Aujourd'hui, il vient aux séances communautaires avec moi et dit "
                    "aux autres pères d'accueillir leurs fils.",
                    name="Ibrahima",
                    context="rentré du Niger en 2024, bénévole dans une association de personnes de "
                    "retour",
                ),
            },
        ),
    ],
)
