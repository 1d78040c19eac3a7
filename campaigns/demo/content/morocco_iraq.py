"""Morocco (Arabic complete; Tamazight deliberately untranslated) and Iraq (Arabic complete for
one campaign, partial for the other; Central Kurdish title only, a demo draft to be checked)."""

from datetime import date

from .base import CampaignSpec, CountryContent
from .base import CampaignText as T

MOROCCO = CountryContent(
    code="MA",
    intro={
        "en": "In Morocco, young people try to reach Spain by boat or hidden in lorries, and others "
        "are offered fake work contracts. These campaigns, in Arabic and French, speak about "
        "these risks and about legal work abroad.",
        "fr": "Au Maroc, des jeunes tentent de rejoindre l'Espagne en bateau ou cachés dans des "
        "camions, et d'autres se voient proposer de faux contrats de travail. Ces campagnes, "
        "en arabe et en français, parlent de ces risques et du travail légal à l'étranger.",
        "ar": "في المغرب، يحاول شباب الوصول إلى إسبانيا بالقوارب أو مختبئين في الشاحنات، ويُعرض على "
        "آخرين عقود عمل مزيفة. تتحدث هذه الحملات، بالعربية والفرنسية، عن هذه المخاطر وعن "
        "العمل القانوني في الخارج.",
    },
    campaigns=[
        CampaignSpec(
            slug="dont-let-the-sea-decide",
            start=date(2025, 5, 1),
            end=date(2026, 4, 30),
            channels=("social-media", "radio", "theatre-music", "school-talk"),
            image="sea",
            portrait="portrait-2",
            materials=("poster", "video", "sms"),
            texts={
                "en": T(
                    title="Don't let the sea decide for you",
                    objective="Talk openly with young people about the dangers of crossing to Spain "
                    "by boat or hidden in vehicles, and about what awaits them on "
                    "arrival.",
                    audiences="Young people aged 14 to 25 in the north and in Casablanca; parents; "
                    "youth centres.",
                    messages=(
                        "At sea, a small boat is at the mercy of the weather and the smugglers.",
                        "Hiding in a lorry or a container can kill you within hours.",
                        "Arriving without papers means living in hiding, with no right to work.",
                        "Talk to someone before you try: the hotline listens without judging.",
                    ),
                    intro="Many young people in Morocco grow up looking at the Spanish coast. On "
                    "social media, crossing in an inflatable boat or hidden under a lorry "
                    "looks like an adventure. The reality is drownings, injuries and years "
                    "without papers.\n\nThis campaign uses music, short videos and "
                    "discussions in youth centres to let young people speak about their "
                    "dreams and hear from those who tried.",
                    quote="I tried four times. The last time, the boat took on water and we were "
                    "rescued at the last minute. A boy from my neighbourhood was not. I now "
                    "work in my uncle's garage and I am studying to become a mechanic.",
                    name="Youssef",
                    context="from Tangier, 21 years old",
                ),
                "fr": T(
                    title="Ne laisse pas la mer décider pour toi",
                    objective="Parler franchement avec les jeunes des dangers de la traversée vers "
                    "l'Espagne en bateau ou cachés dans des véhicules, et de ce qui les "
                    "attend à l'arrivée.",
                    audiences="Jeunes de 14 à 25 ans dans le Nord et à Casablanca ; parents ; "
                    "maisons de jeunes.",
                    messages=(
                        "En mer, une petite embarcation est à la merci du temps et des passeurs.",
                        "Se cacher dans un camion ou un conteneur peut tuer en quelques heures.",
                        "Arriver sans papiers, c'est vivre caché, sans droit de travailler.",
                        "Parle à quelqu'un avant d'essayer : la ligne écoute sans juger.",
                    ),
                    intro="Beaucoup de jeunes au Maroc grandissent en regardant la côte espagnole. "
                    "Sur les réseaux sociaux, la traversée en bateau pneumatique ou caché "
                    "sous un camion ressemble à une aventure. La réalité, ce sont des "
                    "noyades, des blessures et des années sans papiers.\n\nCette campagne "
                    "utilise la musique, de courtes vidéos et des discussions dans les "
                    "maisons de jeunes pour laisser les jeunes parler de leurs rêves et "
                    "entendre ceux qui ont essayé.",
                    quote="J'ai essayé quatre fois. La dernière fois, le bateau prenait l'eau et "
                    "nous avons été secourus au dernier moment. Un garçon de mon quartier, "
                    "non. Aujourd'hui, je travaille dans le garage de mon oncle et j'étudie "
                    "pour devenir mécanicien.",
                    name="Youssef",
                    context="de Tanger, 21 ans",
                ),
                "ar": T(
                    title="لا تترك البحر يقرر مصيرك",
                    objective="الحديث بصراحة مع الشباب عن مخاطر العبور إلى إسبانيا بالقوارب أو "
                    "بالاختباء في المركبات، وعمّا ينتظرهم عند الوصول.",
                    audiences="الشباب من 14 إلى 25 سنة في الشمال وفي الدار البيضاء؛ الآباء "
                    "والأمهات؛ دور الشباب.",
                    messages=(
                        "في البحر، يكون القارب الصغير تحت رحمة الطقس والمهربين.",
                        "الاختباء في شاحنة أو حاوية قد يقتلك في ساعات قليلة.",
                        "الوصول بلا أوراق يعني العيش في الخفاء، دون حق في العمل.",
                        "تحدّث مع أحد قبل أن تحاول: الخط الساخن يستمع إليك دون أن يحكم عليك.",
                    ),
                    intro="يكبر كثير من الشباب في المغرب وهم ينظرون إلى الساحل الإسباني. على وسائل "
                    "التواصل الاجتماعي، يبدو العبور في قارب مطاطي أو الاختباء تحت شاحنة "
                    "مغامرةً. أما الحقيقة فهي الغرق والإصابات وسنوات بلا أوراق.\n\nتستخدم "
                    "هذه الحملة الموسيقى ومقاطع الفيديو القصيرة والنقاشات في دور الشباب "
                    "ليتحدث الشباب عن أحلامهم ويستمعوا إلى من جرّبوا.",
                    quote="حاولت أربع مرات. في المرة الأخيرة بدأ الماء يدخل القارب وأُنقذنا في "
                    "اللحظة الأخيرة. أما فتى من حيّنا فلم يُنقذ. أعمل اليوم في مرآب عمي "
                    "وأدرس لأصبح ميكانيكيًا.",
                    name="يوسف",
                    context="من طنجة، 21 سنة",
                ),
            },
        ),
        CampaignSpec(
            slug="work-abroad-legally",
            start=date(2026, 2, 1),
            end=date(2026, 12, 31),
            channels=("community-session", "radio", "posters-leaflets", "hotline"),
            image="fields",
            portrait="portrait-3",
            materials=("leaflet", "radio_spot", "sms"),
            texts={
                "en": T(
                    title="Work abroad through legal channels",
                    objective="Make legal labour migration better known, including seasonal work "
                    "contracts offered through the national employment agency, and warn "
                    "against fake recruiters.",
                    audiences="Women and men looking for work in rural areas; young graduates.",
                    messages=(
                        "Legal work contracts abroad are offered through official channels such as "
                        "the national employment agency (ANAPEC).",
                        "Official recruitment does not ask you to pay an intermediary: never pay "
                        "for a contract.",
                        "Read your contract before you sign and keep a copy.",
                    ),
                    intro="Every year, Moroccan women and men go abroad legally for seasonal or "
                    "longer-term work. At the same time, fake recruiters sell contracts that "
                    "do not exist.\n\nThis campaign explains how legal recruitment works, "
                    "what rights a written contract gives you and how to report a fake "
                    "recruiter.",
                    quote="A man in the village asked me for money for a contract in Spain. My "
                    "neighbour told me to go to the employment agency instead. I went "
                    "legally, worked the season and came home with my savings.",
                    name="Fatima",
                    context="seasonal farm worker from the Souss region",
                ),
                "fr": T(
                    title="Travailler à l'étranger par les voies légales",
                    objective="Mieux faire connaître la migration de travail légale, notamment les "
                    "contrats saisonniers proposés par l'agence nationale pour l'emploi, "
                    "et mettre en garde contre les faux recruteurs.",
                    audiences="Femmes et hommes en recherche d'emploi dans les zones rurales ; "
                    "jeunes diplômés.",
                    messages=(
                        "Des contrats de travail légaux à l'étranger sont proposés par des canaux "
                        "officiels comme l'agence nationale pour l'emploi (ANAPEC).",
                        "Le recrutement officiel ne vous demande pas de payer un intermédiaire : ne "
                        "payez jamais pour un contrat.",
                        "Lisez votre contrat avant de signer et gardez-en une copie.",
                    ),
                    intro="Chaque année, des Marocaines et des Marocains partent légalement à "
                    "l'étranger pour un travail saisonnier ou de plus longue durée. En même "
                    "temps, de faux recruteurs vendent des contrats qui n'existent "
                    "pas.\n\nCette campagne explique comment fonctionne le recrutement "
                    "légal, quels droits donne un contrat écrit et comment signaler un faux "
                    "recruteur.",
                    quote="Un homme du village m'a demandé de l'argent pour un contrat en Espagne. "
                    "Ma voisine m'a dit d'aller plutôt à l'agence pour l'emploi. Je suis "
                    "partie légalement, j'ai travaillé la saison et je suis rentrée avec mes "
                    "économies.",
                    name="Fatima",
                    context="ouvrière agricole saisonnière de la région du Souss",
                ),
                "ar": T(
                    title="العمل في الخارج عبر القنوات القانونية",
                    objective="التعريف بالهجرة القانونية من أجل العمل، ومنها عقود العمل الموسمي عبر "
                    "الوكالة الوطنية للتشغيل، والتحذير من الوسطاء المزيفين.",
                    audiences="النساء والرجال الباحثون عن عمل في المناطق القروية؛ الشباب من حاملي "
                    "الشهادات.",
                    messages=(
                        "تُعرض عقود العمل القانونية في الخارج عبر قنوات رسمية مثل الوكالة الوطنية "
                        "لإنعاش التشغيل والكفاءات (أنابيك).",
                        "التوظيف الرسمي لا يطلب منك الدفع لأي وسيط: لا تدفع أبدًا مقابل عقد.",
                        "اقرأ عقدك قبل التوقيع واحتفظ بنسخة منه.",
                    ),
                    intro="كل سنة تسافر مغربيات ومغاربة بشكل قانوني إلى الخارج للعمل الموسمي أو "
                    "لمدة أطول. وفي الوقت نفسه يبيع وسطاء مزيفون عقودًا لا وجود لها.\n\nتشرح "
                    "هذه الحملة كيف يتم التوظيف القانوني، وما الحقوق التي يمنحها العقد "
                    "المكتوب، وكيف يمكن التبليغ عن وسيط مزيف.",
                    quote="طلب مني رجل في القرية مالًا مقابل عقد في إسبانيا. قالت لي جارتي أن أذهب "
                    "إلى وكالة التشغيل بدلًا من ذلك. سافرت بشكل قانوني، واشتغلت طوال الموسم، "
                    "وعدت بمدخراتي.",
                    name="فاطمة",
                    context="عاملة فلاحية موسمية من جهة سوس",
                ),
            },
        ),
    ],
)

IRAQ = CountryContent(
    code="IQ",
    intro={
        "en": "In Iraq, including the Kurdistan Region, smugglers sell journeys to Europe through "
        "Türkiye, Belarus or the Channel. These campaigns expose their lies and explain what "
        "legal options exist.",
        "fr": "En Irak, y compris dans la région du Kurdistan, des passeurs vendent des voyages "
        "vers l'Europe par la Turquie, le Bélarus ou la Manche. Ces campagnes dénoncent "
        "leurs mensonges et expliquent quelles options légales existent.",
        "ar": "في العراق، بما في ذلك إقليم كردستان، يبيع المهربون رحلات إلى أوروبا عبر تركيا أو "
        "بيلاروسيا أو بحر المانش. تكشف هذه الحملات أكاذيبهم وتشرح الخيارات القانونية "
        "المتاحة.",
    },
    campaigns=[
        CampaignSpec(
            slug="smugglers-promises-are-lies",
            start=date(2025, 10, 1),
            end=date(2026, 9, 30),
            channels=("social-media", "tv", "sms-whatsapp", "hotline"),
            image="forest",
            portrait="portrait-4",
            materials=("poster", "video", "sms", "radio_spot"),
            texts={
                "en": T(
                    title="Smugglers' promises are lies",
                    objective="Counter the false promises that smugglers spread on social media "
                    "about easy routes to Europe, and point people to reliable "
                    "information.",
                    audiences="Young men and families in Baghdad, Erbil, Sulaymaniyah and Duhok; "
                    "social media users.",
                    messages=(
                        "Smugglers' videos show the arrival, never the forest, the cold or the "
                        "pushbacks.",
                        "People have died of cold and exhaustion on the forest route and in the "
                        "Channel.",
                        "Once you have paid, the smuggler has no reason to keep you safe.",
                        "Check what you see online with the hotline before you pay anyone.",
                    ),
                    intro="On social media, smugglers advertise 'guaranteed' trips to Europe with "
                    "photos of smiling travellers. They do not show the nights in frozen "
                    "forests, the families separated at borders or the small boats in the "
                    "Channel.\n\nThis campaign answers those adverts with the voices of "
                    "people who took these routes, and with clear information about the "
                    "legal options that exist.",
                    quote="The smuggler sent us a video of a family in Germany. He said three days. "
                    "We spent three weeks in the forest between two borders. My son had a "
                    "fever and nobody came. We came back. I want other fathers to know this "
                    "before they pay.",
                    name="Karwan",
                    context="father of two from Sulaymaniyah, returned in 2022",
                ),
                "fr": T(
                    title="Les promesses des passeurs sont des mensonges",
                    objective="Contrer les fausses promesses que les passeurs diffusent sur les "
                    "réseaux sociaux à propos de routes faciles vers l'Europe, et "
                    "orienter vers des informations fiables.",
                    audiences="Jeunes hommes et familles à Bagdad, Erbil, Souleimaniye et Dohuk ; "
                    "utilisateurs des réseaux sociaux.",
                    messages=(
                        "Les vidéos des passeurs montrent l'arrivée, jamais la forêt, le froid ou "
                        "les refoulements.",
                        "Des personnes sont mortes de froid et d'épuisement sur la route des forêts "
                        "et dans la Manche.",
                        "Une fois payé, le passeur n'a plus aucune raison de vous protéger.",
                        "Vérifiez ce que vous voyez en ligne auprès de la ligne avant de payer qui "
                        "que ce soit.",
                    ),
                    intro="Sur les réseaux sociaux, les passeurs vantent des voyages « garantis » "
                    "vers l'Europe avec des photos de voyageurs souriants. Ils ne montrent "
                    "pas les nuits dans des forêts gelées, les familles séparées aux "
                    "frontières ni les petits bateaux dans la Manche.\n\nCette campagne "
                    "répond à ces publicités avec la voix de personnes qui ont pris ces "
                    "routes, et avec des informations claires sur les options légales qui "
                    "existent.",
                    quote="Le passeur nous a envoyé la vidéo d'une famille en Allemagne. Il a dit "
                    "trois jours. Nous avons passé trois semaines dans la forêt entre deux "
                    "frontières. Mon fils avait de la fièvre et personne n'est venu. Nous "
                    "sommes rentrés. Je veux que d'autres pères le sachent avant de payer.",
                    name="Karwan",
                    context="père de deux enfants, de Souleimaniye, rentré en 2022",
                ),
                "ar": T(
                    title="وعود المهربين أكاذيب",
                    objective="مواجهة الوعود الكاذبة التي ينشرها المهربون على وسائل التواصل "
                    "الاجتماعي عن طرق سهلة إلى أوروبا، وتوجيه الناس إلى معلومات موثوقة.",
                    audiences="الشباب والعائلات في بغداد وأربيل والسليمانية ودهوك؛ مستخدمو وسائل "
                    "التواصل الاجتماعي.",
                    messages=(
                        "مقاطع المهربين تُظهر الوصول، ولا تُظهر أبدًا الغابة والبرد والإرجاع القسري.",
                        "مات أناس من البرد والإرهاق على طريق الغابات وفي بحر المانش.",
                        "بعد أن تدفع، لا يبقى لدى المهرب أي سبب ليحميك.",
                        "تحقّق مما تراه على الإنترنت عبر الخط الساخن قبل أن تدفع لأي شخص.",
                    ),
                    intro="على وسائل التواصل الاجتماعي، يروّج المهربون لرحلات «مضمونة» إلى أوروبا "
                    "بصور مسافرين مبتسمين. لا يُظهرون الليالي في الغابات المتجمدة، ولا "
                    "العائلات التي تفرّقت على الحدود، ولا القوارب الصغيرة في بحر "
                    "المانش.\n\nترد هذه الحملة على تلك الإعلانات بأصوات أشخاص سلكوا هذه "
                    "الطرق، وبمعلومات واضحة عن الخيارات القانونية المتاحة.",
                    quote="أرسل لنا المهرب فيديو لعائلة في ألمانيا. قال ثلاثة أيام. قضينا ثلاثة "
                    "أسابيع في الغابة بين حدودين. أصيب ابني بالحمّى ولم يأتِ أحد. عدنا. أريد "
                    "أن يعرف الآباء الآخرون ذلك قبل أن يدفعوا.",
                    name="كاروان",
                    context="أب لطفلين من السليمانية، عاد في 2022",
                ),
                "ckb": T(title="بەڵێنەکانی قاچاخچییەکان درۆن"),  # partial: title only
            },
        ),
        CampaignSpec(
            slug="know-the-legal-ways",
            start=date(2026, 6, 1),
            end=date(2027, 5, 31),
            channels=("community-session", "radio", "school-talk"),
            image="city",
            portrait="portrait-1",
            materials=("leaflet", "sms"),
            texts={
                "en": T(
                    title="Know the legal ways",
                    objective="Explain the legal ways to work, study or join family abroad, and "
                    "where to get reliable advice before making a decision.",
                    audiences="Young graduates, families with relatives abroad, community leaders.",
                    messages=(
                        "Family reunification, study visas and work visas exist; each has its own "
                        "rules: ask the embassy.",
                        "Applying through official channels takes time, but it protects your "
                        "rights.",
                        "Free advice is available: call the hotline.",
                    ),
                    intro="Many families do not know that legal options exist, or think they are "
                    "out of reach. Rumours and intermediaries fill the gap.\n\nThis campaign "
                    "brings clear explanations to community centres and schools, with "
                    "answers to the questions people ask most.",
                    quote="My brother in Sweden helped me apply for a work visa. It took a year and "
                    "a lot of paperwork, but I arrived safely, with a contract and my "
                    "rights.",
                    name="Ali",
                    context="engineer from Baghdad",
                ),
                "fr": T(
                    title="Connaître les voies légales",
                    objective="Expliquer les voies légales pour travailler, étudier ou rejoindre sa "
                    "famille à l'étranger, et où trouver des conseils fiables avant de "
                    "décider.",
                    audiences="Jeunes diplômés, familles ayant des proches à l'étranger, leaders "
                    "communautaires.",
                    messages=(
                        "Le regroupement familial, les visas d'études et de travail existent ; "
                        "chacun a ses règles : renseignez-vous auprès de l'ambassade.",
                        "Passer par les canaux officiels prend du temps, mais protège vos droits.",
                        "Des conseils gratuits sont disponibles : appelez la ligne.",
                    ),
                    intro="Beaucoup de familles ne savent pas que des options légales existent, ou "
                    "les croient inaccessibles. Les rumeurs et les intermédiaires comblent "
                    "ce vide.\n\nCette campagne apporte des explications claires dans les "
                    "centres communautaires et les écoles, avec des réponses aux questions "
                    "les plus fréquentes.",
                    quote="Mon frère, en Suède, m'a aidé à demander un visa de travail. Cela a pris "
                    "un an et beaucoup de démarches, mais je suis arrivé en sécurité, avec "
                    "un contrat et mes droits.",
                    name="Ali",
                    context="ingénieur de Bagdad",
                ),
                # Partial on purpose: title and objective only.
                "ar": T(
                    title="اعرف الطرق القانونية",
                    objective="شرح الطرق القانونية للعمل أو الدراسة أو لمّ الشمل مع العائلة في "
                    "الخارج، وأين يمكن الحصول على نصيحة موثوقة قبل اتخاذ القرار.",
                ),
            },
        ),
    ],
)
