"""Recurring phrases of campaign bodies and materials, per language.

Only languages listed here get a campaign body and translated material titles; a campaign text
that claims a body in any other language is an error (see content.base.CampaignText).
"""

PHRASES: dict[str, dict] = {
    "en": {
        "hotline_label": "Free IOM hotline",
        "hours": "Every day, 8:00–20:00",
        "cta": "See all campaigns in this country",
        "faq": [
            ("Is the call free and confidential?",
             "<p>Yes. The call is free, you do not have to give your name, and what you say "
             "stays confidential.</p>"),
            ("I am abroad and want to come home. Who can help?",
             "<p>IOM's <b>assisted voluntary return and reintegration</b> programmes can help "
             "with travel documents, the journey and a new start at home. Call the hotline to "
             "find out whether you are eligible.</p>"),
            ("How can I check whether a job offer or a visa is genuine?",
             "<p>Ask the embassy of the destination country, or the hotline, before you pay "
             "anything. Nobody can sell you a guaranteed visa.</p>"),
        ],
        "photo_alt": "Illustrated portrait standing in for {name}",
        "video_title": "Watch {name}'s story",
        "labels": {"poster": "Poster", "leaflet": "Leaflet", "radio_spot": "Radio spot (30 s)",
                   "sms": "SMS / WhatsApp message", "video": "Video"},
        "usage": {
            "poster": "Print in A3 or A2; put up in community centres, bus stations and schools.",
            "leaflet": "Print in A5, double-sided; hand out after community sessions and school "
            "talks.",
            "radio_spot": "Read by two voices; air at peak listening times, before the news.",
            "sms": "Send only to subscribers who opted in, at most once a week.",
            "video": "Show at community screenings and share on social media.",
        },
        "radio": ("[Music]", "Voice", "Narrator", "Call the free hotline: {phone}."),
    },
    "fr": {
        "hotline_label": "Ligne gratuite de l'OIM",
        "hours": "Tous les jours, 8 h – 20 h",
        "cta": "Voir toutes les campagnes du pays",
        "faq": [
            ("L'appel est-il gratuit et confidentiel ?",
             "<p>Oui. L'appel est gratuit, vous n'avez pas à donner votre nom et ce que vous "
             "dites reste confidentiel.</p>"),
            ("Je suis à l'étranger et je veux rentrer. Qui peut m'aider ?",
             "<p>Les programmes d'<b>aide au retour volontaire et à la réintégration</b> de "
             "l'OIM peuvent aider pour les documents de voyage, le trajet et un nouveau départ "
             "au pays. Appelez la ligne pour savoir si vous y avez droit.</p>"),
            ("Comment vérifier qu'une offre d'emploi ou un visa est authentique ?",
             "<p>Renseignez-vous auprès de l'ambassade du pays de destination, ou de la ligne, "
             "avant de payer quoi que ce soit. Personne ne peut vous vendre un visa garanti.</p>"),
        ],
        "photo_alt": "Portrait illustré représentant {name}",
        "video_title": "Regardez l'histoire de {name}",
        "labels": {"poster": "Affiche", "leaflet": "Dépliant", "radio_spot": "Spot radio (30 s)",
                   "sms": "Message SMS / WhatsApp", "video": "Vidéo"},
        "usage": {
            "poster": "Imprimer en A3 ou A2 ; afficher dans les centres communautaires, les gares "
            "routières et les écoles.",
            "leaflet": "Imprimer en A5 recto verso ; distribuer après les séances communautaires "
            "et les interventions en milieu scolaire.",
            "radio_spot": "À lire à deux voix ; diffuser aux heures de grande écoute, avant les "
            "informations.",
            "sms": "À n'envoyer qu'aux abonnés qui l'ont accepté, au plus une fois par semaine.",
            "video": "À projeter lors des séances communautaires et à partager sur les réseaux "
            "sociaux.",
        },
        "radio": ("[Musique]", "Voix", "Narrateur", "Appelez la ligne gratuite : {phone}."),
    },
    "ar": {
        "hotline_label": "الخط الساخن المجاني للمنظمة الدولية للهجرة",
        "hours": "كل يوم، من 8:00 إلى 20:00",
        "cta": "اطّلع على جميع حملات هذا البلد",
        "faq": [
            ("هل الاتصال مجاني وسري؟",
             "<p>نعم. الاتصال مجاني، ولا يلزمك ذكر اسمك، وكل ما تقوله يبقى سريًا.</p>"),
            ("أنا في الخارج وأريد العودة إلى بلدي. من يمكنه مساعدتي؟",
             "<p>يمكن لبرامج <b>العودة الطوعية المُيسَّرة وإعادة الإدماج</b> التابعة للمنظمة "
             "الدولية للهجرة أن تساعدك في وثائق السفر والرحلة وبداية جديدة في بلدك. اتصل بالخط "
             "الساخن لتعرف إن كنت مؤهلًا.</p>"),
            ("كيف أتأكد من أن عرض العمل أو التأشيرة حقيقي؟",
             "<p>اسأل سفارة بلد الوجهة أو الخط الساخن قبل أن تدفع أي مبلغ. لا أحد يستطيع أن "
             "يبيعك تأشيرة مضمونة.</p>"),
        ],
        "photo_alt": "صورة توضيحية تمثّل {name}",
        "video_title": "شاهد قصة {name}",
        "labels": {"poster": "ملصق", "leaflet": "مطوية", "radio_spot": "إعلان إذاعي (30 ثانية)",
                   "sms": "رسالة نصية / واتساب", "video": "فيديو"},
        "usage": {
            "poster": "يُطبع بحجم A3 أو A2 ويُعلَّق في المراكز المجتمعية ومحطات الحافلات والمدارس.",
            "leaflet": "يُطبع بحجم A5 على الوجهين ويُوزَّع بعد الجلسات المجتمعية واللقاءات "
            "المدرسية.",
            "radio_spot": "يُقرأ بصوتين ويُبث في أوقات الذروة قبل نشرة الأخبار.",
            "sms": "يُرسل فقط إلى المشتركين الذين وافقوا على استلامه، مرة في الأسبوع على الأكثر.",
            "video": "يُعرض في الجلسات المجتمعية ويُنشر على وسائل التواصل الاجتماعي.",
        },
        "radio": ("[موسيقى]", "صوت", "الراوي", "اتصل بالخط الساخن المجاني: {phone}."),
    },
    "fa-af": {
        "hotline_label": "خط تلفون رایگان سازمان بین‌المللی مهاجرت",
        "hours": "هر روز، از ساعت ۸ صبح تا ۸ شب",
        "cta": "همه کمپاین‌های این کشور را ببینید",
        "faq": [
            ("آیا تماس رایگان و محرمانه است؟",
             "<p>بلی. تماس رایگان است، لازم نیست نام خود را بگویید و هر چه بگویید محرمانه "
             "می‌ماند.</p>"),
            ("من در خارج هستم و می‌خواهم به وطن برگردم. چه کسی کمک می‌کند؟",
             "<p>برنامه‌های <b>بازگشت داوطلبانه و ادغام مجدد</b> سازمان بین‌المللی مهاجرت "
             "می‌توانند در تهیه اسناد سفر، خود سفر و شروع دوباره در وطن کمک کنند. برای دانستن "
             "اینکه واجد شرایط هستید یا نه، به خط تلفون زنگ بزنید.</p>"),
            ("چگونه بفهمم که پیشنهاد کار یا ویزا واقعی است؟",
             "<p>پیش از پرداخت هر پولی، از سفارت کشور مقصد یا از خط تلفون کمکی بپرسید. هیچ کس "
             "نمی‌تواند ویزای تضمین‌شده به شما بفروشد.</p>"),
        ],
        "photo_alt": "تصویر نمادین به جای {name}",
        "video_title": "داستان {name} را تماشا کنید",
        "labels": {"poster": "پوستر", "leaflet": "بروشور", "radio_spot": "اعلان رادیویی (۳۰ ثانیه)",
                   "sms": "پیام کوتاه / واتس‌اپ", "video": "ویدیو"},
        "usage": {
            "poster": "در اندازه A3 یا A2 چاپ شود و در مراکز اجتماعی، ایستگاه‌های موتر و مکاتب "
            "نصب گردد.",
            "leaflet": "در اندازه A5 دو رویه چاپ شود و پس از جلسات اجتماعی و برنامه‌های مکاتب "
            "توزیع گردد.",
            "radio_spot": "با دو صدا خوانده شود و در ساعات پرشنونده، پیش از اخبار پخش گردد.",
            "sms": "فقط به مشترکینی فرستاده شود که موافقت کرده‌اند، حداکثر یک بار در هفته.",
            "video": "در جلسات اجتماعی نمایش داده شود و در رسانه‌های اجتماعی نشر گردد.",
        },
        "radio": ("[موسیقی]", "صدا", "گوینده", "به خط تلفون رایگان زنگ بزنید: {phone}."),
    },
    "sq": {
        "hotline_label": "Linja falas e ONM-së",
        "hours": "Çdo ditë, 8:00–20:00",
        "cta": "Shikoni të gjitha fushatat në këtë vend",
        "faq": [
            ("A është telefonata falas dhe konfidenciale?",
             "<p>Po. Telefonata është falas, nuk keni nevojë të jepni emrin tuaj dhe çfarë "
             "thoni mbetet konfidenciale.</p>"),
            ("Jam jashtë vendit dhe dua të kthehem. Kush mund të më ndihmojë?",
             "<p>Programet e ONM-së për <b>kthimin vullnetar të asistuar dhe riintegrimin</b> "
             "mund t'ju ndihmojnë me dokumentet e udhëtimit, udhëtimin dhe një fillim të ri në "
             "shtëpi. Telefononi linjën për të mësuar nëse kualifikoheni.</p>"),
            ("Si mund ta verifikoj nëse një ofertë pune ose një vizë është e vërtetë?",
             "<p>Pyesni ambasadën e vendit të destinacionit ose linjën telefonike përpara se të "
             "paguani çfarëdo. Askush nuk mund t'ju shesë një vizë të garantuar.</p>"),
        ],
        "photo_alt": "Portret i ilustruar: {name}",
        "video_title": "Shikoni videon: {name} tregon historinë",
        "labels": {"poster": "Poster", "leaflet": "Fletëpalosje",
                   "radio_spot": "Spot radiofonik (30 sek.)", "sms": "Mesazh SMS / WhatsApp",
                   "video": "Video"},
        "usage": {
            "poster": "Të shtypet në A3 ose A2 dhe të vendoset në qendra komunitare, stacione "
            "autobusësh dhe shkolla.",
            "leaflet": "Të shtypet në A5, në të dyja anët; të shpërndahet pas takimeve në "
            "komunitet dhe bisedave në shkolla.",
            "radio_spot": "Të lexohet nga dy zëra; të transmetohet në orët me më shumë dëgjues, "
            "para lajmeve.",
            "sms": "Të dërgohet vetëm te abonentët që kanë pranuar, jo më shumë se një herë në "
            "javë.",
            "video": "Të shfaqet në takime komunitare dhe të shpërndahet në rrjetet sociale.",
        },
        "radio": ("[Muzikë]", "Zëri", "Narratori", "Telefononi linjën falas: {phone}."),
    },
    "ka": {
        "hotline_label": "IOM-ის უფასო ცხელი ხაზი",
        "hours": "ყოველდღე, 8:00–20:00",
        "cta": "იხილეთ ამ ქვეყნის ყველა კამპანია",
        "faq": [
            ("ზარი უფასო და კონფიდენციალურია?",
             "<p>დიახ. ზარი უფასოა, სახელის თქმა არ გევალებათ და ყველაფერი, რასაც იტყვით, "
             "კონფიდენციალური დარჩება.</p>"),
            ("საზღვარგარეთ ვარ და სახლში დაბრუნება მინდა. ვინ დამეხმარება?",
             "<p>IOM-ის <b>ნებაყოფლობითი დაბრუნებისა და რეინტეგრაციის</b> პროგრამები "
             "დაგეხმარებათ სამგზავრო დოკუმენტებში, მგზავრობასა და სამშობლოში ცხოვრების "
             "თავიდან დაწყებაში. დარეკეთ ცხელ ხაზზე და გაიგეთ, გეკუთვნით თუ არა "
             "დახმარება.</p>"),
            ("როგორ შევამოწმო, ნამდვილია თუ არა სამუშაო შეთავაზება ან ვიზა?",
             "<p>სანამ რაიმეს გადაიხდით, ჰკითხეთ დანიშნულების ქვეყნის საელჩოს ან ცხელ ხაზს. "
             "გარანტირებულ ვიზას ვერავინ მოგყიდით.</p>"),
        ],
        "photo_alt": "ილუსტრირებული პორტრეტი: {name}",
        "video_title": "{name} გიყვებათ თავის ისტორიას",
        "labels": {"poster": "პლაკატი", "leaflet": "ბროშურა", "radio_spot": "რადიორგოლი (30 წმ)",
                   "sms": "SMS / WhatsApp შეტყობინება", "video": "ვიდეო"},
        "usage": {
            "poster": "დაიბეჭდოს A3 ან A2 ფორმატში და გამოიკრას სათემო ცენტრებში, "
            "ავტოსადგურებსა და სკოლებში.",
            "leaflet": "დაიბეჭდოს A5 ფორმატში, ორმხრივად; დარიგდეს სათემო შეხვედრებისა და "
            "სკოლებში საუბრების შემდეგ.",
            "radio_spot": "იკითხება ორი ხმით; გადაიცეს პიკის საათებში, ახალი ამბების წინ.",
            "sms": "გაეგზავნოს მხოლოდ თანხმობის მქონე აბონენტებს, კვირაში არაუმეტეს ერთხელ.",
            "video": "ეჩვენოს სათემო შეხვედრებზე და გავრცელდეს სოციალურ მედიაში.",
        },
        "radio": ("[მუსიკა]", "ხმა", "მთხრობელი", "დარეკეთ უფასო ცხელ ხაზზე: {phone}."),
    },
}  # fmt: skip
