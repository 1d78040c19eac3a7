"""Albania (Albanian complete) and Georgia (Georgian complete)."""

from datetime import date

from .base import CampaignSpec, CountryContent
from .base import CampaignText as T

ALBANIA = CountryContent(
    code="AL",
    intro={
        "en": "In Albania, young people are offered risky journeys to the United Kingdom in lorries "
        "or small boats, or undeclared work that leads to exploitation. These campaigns, in "
        "Albanian, explain the risks and the legal ways to work and study abroad.",
        "fr": "En Albanie, on propose à des jeunes des voyages risqués vers le Royaume-Uni en "
        "camion ou en petit bateau, ou du travail non déclaré qui mène à l'exploitation. Ces "
        "campagnes, en albanais, expliquent les risques et les voies légales pour travailler "
        "et étudier à l'étranger.",
        "sq": "Në Shqipëri, të rinjve u ofrohen udhëtime të rrezikshme drejt Mbretërisë së Bashkuar "
        "me kamionë ose me varka të vogla, ose punë e padeklaruar që të çon në shfrytëzim. "
        "Këto fushata, në shqip, shpjegojnë rreziqet dhe rrugët e ligjshme për të punuar dhe "
        "studiuar jashtë vendit.",
    },
    campaigns=[
        CampaignSpec(
            slug="dont-risk-your-life-in-the-channel",
            start=date(2025, 1, 15),
            end=date(2025, 12, 15),
            channels=("social-media", "tv", "school-talk", "hotline"),
            image="sea",
            portrait="portrait-1",
            materials=("poster", "video", "sms"),
            texts={
                "en": T(
                    title="Don't risk your life in the Channel",
                    objective="Warn young people about crossing to the United Kingdom in small "
                    "boats or hidden in lorries, and about the debts and exploitation "
                    "that often follow.",
                    audiences="Young men aged 16 to 30, especially in the north and north-east; "
                    "parents.",
                    messages=(
                        "Small boats capsize in the Channel; lorries can become deadly traps.",
                        "The 'free' trip is a debt, and the debt is often paid with forced work.",
                        "Without papers you have no protection against exploitation.",
                        "Talk to the hotline before you decide: it is free and confidential.",
                    ),
                    intro="On social media, the trip to the United Kingdom looks quick and the "
                    "money easy. In reality, many young people arrive in debt to the people "
                    "who organised the trip, and end up working for them.\n\nThis campaign, "
                    "built with schools and youth organisations, shows what lies behind the "
                    "videos and where to find help.",
                    quote="They told me I would pay the trip back in three months. I worked for a "
                    "year locked in a house, growing plants for them. When the police came, "
                    "I was the one arrested. Now I am home and I tell my story in schools.",
                    name="Arben",
                    context="from Kukës, returned in 2023",
                ),
                "fr": T(
                    title="Ne risquez pas votre vie dans la Manche",
                    objective="Mettre en garde les jeunes contre la traversée vers le Royaume-Uni "
                    "en petit bateau ou cachés dans des camions, et contre les dettes et "
                    "l'exploitation qui suivent souvent.",
                    audiences="Jeunes hommes de 16 à 30 ans, en particulier dans le nord et le "
                    "nord-est ; parents.",
                    messages=(
                        "Les petits bateaux chavirent dans la Manche ; les camions peuvent devenir "
                        "des pièges mortels.",
                        "Le voyage « gratuit » est une dette, et cette dette se paie souvent par du "
                        "travail forcé.",
                        "Sans papiers, vous n'avez aucune protection contre l'exploitation.",
                        "Parlez à la ligne avant de décider : c'est gratuit et confidentiel.",
                    ),
                    intro="Sur les réseaux sociaux, le voyage vers le Royaume-Uni paraît rapide et "
                    "l'argent facile. En réalité, beaucoup de jeunes arrivent endettés "
                    "auprès de ceux qui ont organisé le voyage, et finissent par travailler "
                    "pour eux.\n\nCette campagne, construite avec des écoles et des "
                    "organisations de jeunesse, montre ce qui se cache derrière les vidéos "
                    "et où trouver de l'aide.",
                    quote="On m'a dit que je rembourserais le voyage en trois mois. J'ai travaillé "
                    "un an enfermé dans une maison à cultiver des plantes pour eux. Quand la "
                    "police est arrivée, c'est moi qui ai été arrêté. Aujourd'hui, je suis "
                    "rentré et je raconte mon histoire dans les écoles.",
                    name="Arben",
                    context="de Kukës, rentré en 2023",
                ),
                "sq": T(
                    title="Mos e rrezikoni jetën në La Manshë",
                    objective="Të paralajmërojë të rinjtë për kalimin drejt Mbretërisë së Bashkuar "
                    "me varka të vogla ose të fshehur në kamionë, si dhe për borxhet dhe "
                    "shfrytëzimin që shpesh pasojnë.",
                    audiences="Të rinj nga 16 deri në 30 vjeç, veçanërisht në veri dhe verilindje; "
                    "prindërit.",
                    messages=(
                        "Varkat e vogla përmbysen në La Manshë; kamionët mund të bëhen kurthe "
                        "vdekjeprurëse.",
                        "Udhëtimi 'falas' është një borxh, dhe borxhi shpesh paguhet me punë të "
                        "detyruar.",
                        "Pa dokumente nuk keni asnjë mbrojtje nga shfrytëzimi.",
                        "Flisni me linjën telefonike përpara se të vendosni: është falas dhe "
                        "konfidenciale.",
                    ),
                    intro="Në rrjetet sociale, udhëtimi drejt Mbretërisë së Bashkuar duket i "
                    "shpejtë dhe paratë të lehta. Në realitet, shumë të rinj mbërrijnë me "
                    "borxhe ndaj atyre që organizuan udhëtimin dhe përfundojnë duke punuar "
                    "për ta.\n\nKjo fushatë, e ndërtuar me shkolla dhe organizata rinore, "
                    "tregon çfarë fshihet pas videove dhe ku mund të gjeni ndihmë.",
                    quote="Më thanë se do ta shlyeja udhëtimin për tre muaj. Punova një vit i "
                    "mbyllur në një shtëpi, duke rritur bimë për ta. Kur erdhi policia, mua "
                    "më arrestuan. Tani jam në shtëpi dhe e tregoj historinë time në "
                    "shkolla.",
                    name="Arben",
                    context="nga Kukësi, u kthye në 2023",
                ),
            },
        ),
        CampaignSpec(
            slug="work-in-europe-legally",
            start=date(2026, 3, 1),
            end=date(2027, 2, 28),
            channels=("community-session", "social-media", "posters-leaflets"),
            image="city",
            portrait="portrait-2",
            materials=("leaflet", "video", "sms"),
            texts={
                "en": T(
                    title="Work in Europe legally",
                    objective="Explain that visa-free travel does not give the right to work, and "
                    "show the legal routes to seasonal and long-term jobs abroad.",
                    audiences="Young workers and graduates; families; vocational schools.",
                    messages=(
                        "Visa-free travel lets you stay in the Schengen area for up to 90 days in "
                        "any 180 days. It does not let you work.",
                        "Working without a permit can lead to removal and an entry ban.",
                        "Legal work permits exist: check the official websites of the destination "
                        "country.",
                    ),
                    intro="Many people travel visa-free and then take undeclared jobs, where wages "
                    "go unpaid and accidents are not covered. Overstaying can close the door "
                    "to Europe for years.\n\nThis campaign explains the rules simply and "
                    "points to the official ways to get a work permit or to study abroad.",
                    quote="I went to Italy as a tourist and stayed to work on building sites. When "
                    "I was injured, the boss said he did not know me. Now I have a contract "
                    "in Germany, obtained the legal way, with insurance.",
                    name="Ervin",
                    context="builder from Shkodër",
                ),
                "fr": T(
                    title="Travailler en Europe légalement",
                    objective="Expliquer que l'exemption de visa ne donne pas le droit de "
                    "travailler, et présenter les voies légales vers des emplois "
                    "saisonniers ou de longue durée à l'étranger.",
                    audiences="Jeunes travailleurs et diplômés ; familles ; écoles "
                    "professionnelles.",
                    messages=(
                        "L'exemption de visa permet de séjourner dans l'espace Schengen jusqu'à 90 "
                        "jours sur toute période de 180 jours. Elle ne permet pas de travailler.",
                        "Travailler sans permis peut entraîner un éloignement et une interdiction "
                        "d'entrée.",
                        "Des permis de travail légaux existent : consultez les sites officiels du "
                        "pays de destination.",
                    ),
                    intro="Beaucoup de personnes voyagent sans visa puis prennent des emplois non "
                    "déclarés, où les salaires ne sont pas payés et les accidents ne sont "
                    "pas couverts. Rester au-delà de la durée autorisée peut fermer la porte "
                    "de l'Europe pendant des années.\n\nCette campagne explique simplement "
                    "les règles et indique les voies officielles pour obtenir un permis de "
                    "travail ou étudier à l'étranger.",
                    quote="Je suis parti en Italie comme touriste et je suis resté travailler sur "
                    "des chantiers. Quand je me suis blessé, le patron a dit qu'il ne me "
                    "connaissait pas. Aujourd'hui, j'ai un contrat en Allemagne, obtenu par "
                    "la voie légale, avec une assurance.",
                    name="Ervin",
                    context="ouvrier du bâtiment de Shkodër",
                ),
                "sq": T(
                    title="Punoni në Evropë në mënyrë të ligjshme",
                    objective="Të shpjegojë se udhëtimi pa viza nuk jep të drejtën për të punuar "
                    "dhe të tregojë rrugët e ligjshme drejt punëve sezonale dhe "
                    "afatgjata jashtë vendit.",
                    audiences="Punëtorë të rinj dhe të diplomuar; familjet; shkollat profesionale.",
                    messages=(
                        "Udhëtimi pa viza ju lejon të qëndroni në zonën Shengen deri në 90 ditë "
                        "brenda çdo periudhe 180-ditore. Nuk ju lejon të punoni.",
                        "Puna pa leje mund të çojë në largim dhe në ndalim hyrjeje.",
                        "Lejet e ligjshme të punës ekzistojnë: kontrolloni faqet zyrtare të vendit "
                        "të destinacionit.",
                    ),
                    intro="Shumë njerëz udhëtojnë pa viza dhe pastaj marrin punë të padeklaruara, "
                    "ku pagat nuk paguhen dhe aksidentet nuk mbulohen. Qëndrimi përtej "
                    "afatit mund t'ju mbyllë derën e Evropës për vite.\n\nKjo fushatë i "
                    "shpjegon rregullat thjesht dhe tregon rrugët zyrtare për të marrë një "
                    "leje pune ose për të studiuar jashtë vendit.",
                    quote="Shkova në Itali si turist dhe mbeta të punoja në kantiere. Kur u "
                    "lëndova, pronari tha se nuk më njihte. Tani kam një kontratë në "
                    "Gjermani, të marrë në rrugë të ligjshme, me sigurim.",
                    name="Ervin",
                    context="punëtor ndërtimi nga Shkodra",
                ),
            },
        ),
    ],
)

GEORGIA = CountryContent(
    code="GE",
    intro={
        "en": "Georgian citizens can travel to the Schengen area without a visa, but some stay on "
        "to work without a permit and lose their rights. These campaigns, in Georgian, "
        "explain the rules and the legal ways to work abroad.",
        "fr": "Les citoyens géorgiens peuvent voyager sans visa dans l'espace Schengen, mais "
        "certains restent travailler sans permis et perdent leurs droits. Ces campagnes, en "
        "géorgien, expliquent les règles et les voies légales pour travailler à l'étranger.",
        "ka": "საქართველოს მოქალაქეებს შეუძლიათ შენგენის ზონაში უვიზოდ მოგზაურობა, თუმცა ზოგიერთი "
        "იქ რჩება სამუშაოდ ნებართვის გარეშე და კარგავს უფლებებს. ეს კამპანიები ქართულ ენაზე "
        "განმარტავს წესებს და საზღვარგარეთ მუშაობის ლეგალურ გზებს.",
    },
    campaigns=[
        CampaignSpec(
            slug="visa-free-is-not-work-free",
            start=date(2025, 4, 1),
            end=date(2026, 3, 31),
            channels=("tv", "social-media", "community-session", "hotline"),
            image="city",
            portrait="portrait-3",
            materials=("poster", "video", "sms"),
            texts={
                "en": T(
                    title="Visa-free does not mean free to work",
                    objective="Explain the 90/180-day rule of visa-free travel and the consequences "
                    "of overstaying or working without a permit.",
                    audiences="Women and men aged 20 to 50 looking for work abroad, especially in "
                    "Imereti and Adjara; their families.",
                    messages=(
                        "Visa-free travel allows short stays of up to 90 days in any 180 days, "
                        "without work.",
                        "Overstaying can lead to detention, removal and a ban on returning to "
                        "Europe.",
                        "Undeclared work leaves you without protection if you are not paid or get "
                        "hurt.",
                        "Questions? Call the free hotline.",
                    ),
                    intro="Since visa-free travel began, many Georgians have visited Europe "
                    "legally. Some, however, were told by intermediaries that they could "
                    "work 'without problems' and ended up unpaid, in debt, or removed with "
                    "an entry ban.\n\nThis campaign explains the rules in plain Georgian, on "
                    "television and social media, and in meetings with families in the "
                    "regions.",
                    quote="An intermediary found me a job caring for an elderly woman. After four "
                    "months I still had not been paid, and my 90 days were over. I came home "
                    "with debts. Now I check everything with the hotline.",
                    name="Nino",
                    context="from Kutaisi, returned in 2024",
                ),
                "fr": T(
                    title="Sans visa ne veut pas dire libre de travailler",
                    objective="Expliquer la règle des 90 jours sur 180 de l'exemption de visa et "
                    "les conséquences d'un séjour prolongé ou d'un travail sans permis.",
                    audiences="Femmes et hommes de 20 à 50 ans cherchant du travail à l'étranger, "
                    "en particulier en Iméréthie et en Adjarie ; leurs familles.",
                    messages=(
                        "L'exemption de visa permet des séjours courts, jusqu'à 90 jours sur toute "
                        "période de 180 jours, sans travail.",
                        "Rester au-delà peut entraîner une rétention, un éloignement et une "
                        "interdiction de revenir en Europe.",
                        "Le travail non déclaré vous laisse sans protection si vous n'êtes pas payé "
                        "ou si vous êtes blessé.",
                        "Des questions ? Appelez la ligne gratuite.",
                    ),
                    intro="Depuis l'exemption de visa, beaucoup de Géorgiens ont voyagé légalement "
                    "en Europe. Mais des intermédiaires ont dit à certains qu'ils pourraient "
                    "travailler « sans problème », et ils se sont retrouvés non payés, "
                    "endettés, ou éloignés avec une interdiction d'entrée.\n\nCette campagne "
                    "explique les règles en géorgien simple, à la télévision, sur les "
                    "réseaux sociaux et lors de réunions avec les familles dans les régions.",
                    quote="Un intermédiaire m'a trouvé un emploi auprès d'une dame âgée. Après "
                    "quatre mois, je n'avais toujours pas été payée, et mes 90 jours étaient "
                    "terminés. Je suis rentrée avec des dettes. Maintenant, je vérifie tout "
                    "auprès de la ligne.",
                    name="Nino",
                    context="de Koutaïssi, rentrée en 2024",
                ),
                "ka": T(
                    title="უვიზო მიმოსვლა არ ნიშნავს მუშაობის უფლებას",
                    objective="განმარტოს უვიზო მიმოსვლის 90/180 დღის წესი და ვადის გადაცილების ან "
                    "ნებართვის გარეშე მუშაობის შედეგები.",
                    audiences="20-დან 50 წლამდე ქალები და მამაკაცები, რომლებიც საზღვარგარეთ "
                    "სამუშაოს ეძებენ, განსაკუთრებით იმერეთსა და აჭარაში; მათი ოჯახები.",
                    messages=(
                        "უვიზო მიმოსვლა იძლევა მოკლევადიანი ყოფნის უფლებას, ნებისმიერ 180 დღეში 90 "
                        "დღემდე, მუშაობის გარეშე.",
                        "ვადის გადაცილებამ შეიძლება გამოიწვიოს დაკავება, გაძევება და ევროპაში "
                        "დაბრუნების აკრძალვა.",
                        "არალეგალური სამუშაო დაუცველს გტოვებთ, თუ ხელფასს არ გადაგიხდიან ან "
                        "დაშავდებით.",
                        "გაქვთ კითხვები? დარეკეთ უფასო ცხელ ხაზზე.",
                    ),
                    intro="უვიზო მიმოსვლის დაწყების შემდეგ ბევრმა ქართველმა ევროპაში ლეგალურად "
                    "იმოგზაურა. თუმცა ზოგიერთს შუამავლებმა უთხრეს, რომ „უპრობლემოდ“ "
                    "იმუშავებდნენ, და ბოლოს ხელფასის გარეშე, ვალებში ან შესვლის აკრძალვით "
                    "გაძევებულები აღმოჩნდნენ.\n\nეს კამპანია წესებს მარტივ ქართულ ენაზე "
                    "განმარტავს ტელევიზიით, სოციალურ მედიაში და რეგიონებში ოჯახებთან "
                    "შეხვედრებზე.",
                    quote="შუამავალმა ხანდაზმული ქალის მომვლელად სამუშაო მიშოვა. ოთხი თვის შემდეგ "
                    "ხელფასი ჯერ კიდევ არ მქონდა მიღებული, 90 დღეც ამოწურული მქონდა. სახლში "
                    "ვალებით დავბრუნდი. ახლა ყველაფერს ცხელ ხაზთან ვამოწმებ.",
                    name="ნინო",
                    context="ქუთაისიდან, დაბრუნდა 2024 წელს",
                ),
            },
        ),
        CampaignSpec(
            slug="safe-labour-migration",
            start=date(2026, 4, 15),
            end=date(2027, 4, 14),
            channels=("community-session", "radio", "posters-leaflets", "hotline"),
            image="fields",
            portrait="portrait-4",
            materials=("leaflet", "radio_spot", "sms"),
            texts={
                "en": T(
                    title="Safe labour migration",
                    objective="Make legal labour migration programmes, and the checks to run on any "
                    "employer or agency, better known.",
                    audiences="Jobseekers in rural areas; returning migrants; local employment "
                    "offices.",
                    messages=(
                        "Legal seasonal and long-term work programmes exist: ask the state "
                        "employment agency.",
                        "A genuine employer gives you a written contract in a language you "
                        "understand.",
                        "Never hand over your passport to an employer or an agency.",
                    ),
                    intro="Legal labour migration lets people earn abroad with a contract, "
                    "insurance and the right to come back and leave again. Unlicensed "
                    "agencies and 'friends of friends' offer none of this.\n\nThis campaign "
                    "explains how to apply through official programmes and how to check any "
                    "offer before signing.",
                    quote="I worked two seasons on a farm abroad through an official programme. The "
                    "contract was clear and my pay arrived every month. I built a greenhouse "
                    "at home with my savings.",
                    name="Giorgi",
                    context="farmer from Kakheti",
                ),
                "fr": T(
                    title="Migration de travail en toute sécurité",
                    objective="Mieux faire connaître les programmes de migration de travail légale "
                    "et les vérifications à faire sur tout employeur ou toute agence.",
                    audiences="Demandeurs d'emploi des zones rurales ; migrants de retour ; "
                    "services locaux de l'emploi.",
                    messages=(
                        "Des programmes légaux de travail saisonnier et de longue durée existent : "
                        "renseignez-vous auprès de l'agence publique pour l'emploi.",
                        "Un vrai employeur vous donne un contrat écrit dans une langue que vous "
                        "comprenez.",
                        "Ne remettez jamais votre passeport à un employeur ou à une agence.",
                    ),
                    intro="La migration de travail légale permet de gagner sa vie à l'étranger avec "
                    "un contrat, une assurance et le droit de revenir et de repartir. Les "
                    "agences sans licence et les « amis d'amis » n'offrent rien de tout "
                    "cela.\n\nCette campagne explique comment postuler par les programmes "
                    "officiels et comment vérifier toute offre avant de signer.",
                    quote="J'ai travaillé deux saisons dans une ferme à l'étranger grâce à un "
                    "programme officiel. Le contrat était clair et mon salaire arrivait "
                    "chaque mois. Avec mes économies, j'ai construit une serre chez moi.",
                    name="Giorgi",
                    context="agriculteur de Kakhétie",
                ),
                "ka": T(
                    title="უსაფრთხო შრომითი მიგრაცია",
                    objective="ლეგალური შრომითი მიგრაციის პროგრამებისა და ნებისმიერი დამსაქმებლის "
                    "ან სააგენტოს შემოწმების გზების გაცნობა.",
                    audiences="სოფლად მცხოვრები სამუშაოს მაძიებლები; დაბრუნებული მიგრანტები; "
                    "დასაქმების ადგილობრივი სამსახურები.",
                    messages=(
                        "არსებობს ლეგალური სეზონური და გრძელვადიანი სამუშაო პროგრამები: მიმართეთ "
                        "დასაქმების სახელმწიფო სააგენტოს.",
                        "ნამდვილი დამსაქმებელი გაძლევთ წერილობით ხელშეკრულებას თქვენთვის გასაგებ "
                        "ენაზე.",
                        "არასოდეს გადასცეთ პასპორტი დამსაქმებელს ან სააგენტოს.",
                    ),
                    intro="ლეგალური შრომითი მიგრაცია საშუალებას გაძლევთ საზღვარგარეთ იმუშაოთ "
                    "ხელშეკრულებით, დაზღვევით და დაბრუნებისა და ხელახლა წასვლის უფლებით. "
                    "ლიცენზიის არმქონე სააგენტოები და „მეგობრის მეგობრები“ ამას ვერ "
                    "გთავაზობენ.\n\nეს კამპანია განმარტავს, როგორ მიმართოთ ოფიციალურ "
                    "პროგრამებს და როგორ შეამოწმოთ ნებისმიერი შეთავაზება ხელმოწერამდე.",
                    quote="ოფიციალური პროგრამით ორი სეზონი ვიმუშავე ფერმაში საზღვარგარეთ. "
                    "ხელშეკრულება გასაგები იყო და ხელფასი ყოველთვიურად მერიცხებოდა. "
                    "დანაზოგით სახლში სათბური ავაშენე.",
                    name="გიორგი",
                    context="ფერმერი კახეთიდან",
                ),
            },
        ),
    ],
)
