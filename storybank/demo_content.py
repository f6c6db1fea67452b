"""Original demo content for `storybank seed-demo`: fictional organisation data, themes, a
campaign, consent texts and stories."""

from typing import Final

LOCALES: Final = ("en", "ko", "es", "zh-hans", "zh-hant", "vi", "tl", "ja", "hi", "th", "km", "ur")

THEMES: Final[list[dict]] = [
    {
        "slug": "family-separation",
        "names": {
            "en": "Family separation",
            "ko": "흩어진 가족",
            "es": "Separación familiar",
            "zh-hans": "家庭分离",
            "zh-hant": "家庭分離",
            "vi": "Gia đình bị chia cắt",
            "tl": "Pagkakahiwalay ng pamilya",
            "ja": "離ればなれの家族",
            "hi": "परिवार से बिछड़ना",
            "th": "การพลัดพรากจากครอบครัว",
            "km": "ការបែកគ្នាពីក្រុមគ្រួសារ",
            "ur": "خاندانوں کی جدائی",
        },
    },
    {
        "slug": "work-and-wages",
        "names": {
            "en": "Work and wages",
            "ko": "일과 임금",
            "es": "Trabajo y salarios",
            "zh-hans": "工作与工资",
            "zh-hant": "工作與工資",
            "vi": "Việc làm và tiền lương",
            "tl": "Trabaho at sahod",
            "ja": "仕事と賃金",
            "hi": "काम और मज़दूरी",
            "th": "งานและค่าจ้าง",
            "km": "ការងារ និងប្រាក់ឈ្នួល",
            "ur": "کام اور اجرت",
        },
    },
    {
        "slug": "housing",
        "names": {
            "en": "Housing",
            "ko": "주거",
            "es": "Vivienda",
            "zh-hans": "住房",
            "zh-hant": "住房",
            "vi": "Nhà ở",
            "tl": "Pabahay",
            "ja": "住まい",
            "hi": "आवास",
            "th": "ที่อยู่อาศัย",
            "km": "លំនៅដ្ឋាន",
            "ur": "رہائش",
        },
    },
    {
        "slug": "health-care",
        "names": {
            "en": "Health care",
            "ko": "의료",
            "es": "Atención médica",
            "zh-hans": "医疗",
            "zh-hant": "醫療",
            "vi": "Chăm sóc sức khỏe",
            "tl": "Kalusugan at pagpapagamot",
            "ja": "医療",
            "hi": "स्वास्थ्य सेवा",
            "th": "การรักษาพยาบาล",
            "km": "ការថែទាំសុខភាព",
            "ur": "صحت کی دیکھ بھال",
        },
    },
    {
        "slug": "school-and-youth",
        "names": {
            "en": "School and youth",
            "ko": "학교와 청소년",
            "es": "Escuela y juventud",
            "zh-hans": "学校与青少年",
            "zh-hant": "學校與青少年",
            "vi": "Trường học và thanh thiếu niên",
            "tl": "Paaralan at kabataan",
            "ja": "学校と若者",
            "hi": "स्कूल और युवा",
            "th": "โรงเรียนและเยาวชน",
            "km": "សាលារៀន និងយុវជន",
            "ur": "اسکول اور نوجوان",
        },
    },
    {
        "slug": "language-access",
        "names": {
            "en": "Language access",
            "ko": "언어 지원",
            "es": "Acceso lingüístico",
            "zh-hans": "语言协助",
            "zh-hant": "語言協助",
            "vi": "Hỗ trợ ngôn ngữ",
            "tl": "Tulong sa sariling wika",
            "ja": "言語支援",
            "hi": "अपनी भाषा में मदद",
            "th": "ความช่วยเหลือด้านภาษา",
            "km": "ជំនួយផ្នែកភាសា",
            "ur": "اپنی زبان میں مدد",
        },
    },
]

CAMPAIGN: Final[dict] = {
    "slug": "waiting-years",
    "names": {
        "en": "Waiting years",
        "ko": "기다림의 세월",
        "es": "Años de espera",
        "zh-hans": "漫长的等待",
        "zh-hant": "漫長的等待",
        "vi": "Những năm chờ đợi",
        "tl": "Mga taon ng paghihintay",
        "ja": "待ち続けた年月",
        "hi": "बरसों का इंतज़ार",
        "th": "หลายปีแห่งการรอคอย",
        "km": "ការរង់ចាំរាប់ឆ្នាំ",
        "ur": "برسوں کا انتظار",
    },
    "prompts": {
        "en": (
            "Have you or someone you love been waiting years for a visa, a green card or a court "
            "date? Tell us what the waiting has been like, in your own words and your own "
            "language."
        ),
        "ko": (
            "가족 초청이나 영주권, 이민 재판을 몇 년째 기다리고 계신가요? 그 기다림이 어떤 "
            "시간이었는지 편하신 말로 들려주세요."
        ),
        "es": (
            "¿Usted o alguien de su familia lleva años esperando una visa, una tarjeta verde o "
            "una fecha en la corte? Cuéntenos cómo ha sido esa espera, con sus propias palabras "
            "y en su propio idioma."
        ),
        "zh-hans": (
            "您或您的家人是否已经为签证、绿卡或移民法庭的开庭日期等了很多年？请用您自己的话、自己"
            "的语言，告诉我们这些年的等待是什么样子。"
        ),
        "zh-hant": (
            "您或您的家人是否已經為簽證、綠卡或移民法庭的開庭日期等了很多年？請用您自己的話、自己"
            "的語言，告訴我們這些年的等待是什麼樣子。"
        ),
        "vi": (
            "Bạn hoặc người thân đã chờ visa, thẻ xanh hay ngày ra tòa di trú suốt nhiều năm? "
            "Hãy kể cho chúng tôi nghe những năm chờ đợi ấy ra sao, bằng chính lời của bạn và "
            "bằng tiếng mẹ đẻ của bạn."
        ),
        "tl": (
            "Kayo ba o ang isang mahal ninyo sa buhay ay ilang taon nang naghihintay ng visa, "
            "green card, o petsa sa korte? Ikuwento ninyo sa amin kung ano ang naging buhay "
            "habang naghihintay, sa sarili ninyong salita at wika."
        ),
        "ja": (
            "あなたやご家族は、ビザやグリーンカード、移民裁判の期日を何年も待っていませんか。待ち"
            "続けた日々のことを、ご自分の言葉と言語で聞かせてください。"
        ),
        "hi": (
            "क्या आप या आपके परिवार का कोई सदस्य बरसों से वीज़ा, ग्रीन कार्ड या अदालत की तारीख़ "
            "का इंतज़ार कर रहा है? हमें अपने शब्दों में, अपनी भाषा में बताइए कि यह इंतज़ार कैसा "
            "रहा है।"
        ),
        "th": (
            "คุณหรือคนในครอบครัวรอวีซ่า กรีนการ์ด "
            "หรือวันนัดขึ้นศาลคดีคนเข้าเมืองมาหลายปีแล้วใช่ไหม "
            "เล่าให้เราฟังหน่อยว่าการรอคอยนั้นเป็นอย่างไร ด้วยคำพูดและภาษาของคุณเอง"
        ),
        "km": (
            "តើអ្នក ឬសមាជិកគ្រួសាររបស់អ្នក បានរង់ចាំទិដ្ឋាការ ប័ណ្ណបៃតង "
            "ឬថ្ងៃណាត់ចូលតុលាការអន្តោប្រវេសន៍ អស់ជាច្រើនឆ្នាំមកហើយឬ? សូមប្រាប់យើងថា "
            "ការរង់ចាំនោះយ៉ាងណាខ្លះ ដោយពាក្យសម្ដី និងភាសារបស់អ្នកផ្ទាល់។"
        ),
        "ur": (
            "کیا آپ یا آپ کے گھر کا کوئی فرد برسوں سے ویزا، گرین کارڈ یا عدالت کی تاریخ کا "
            "انتظار کر رہا ہے؟ ہمیں اپنے الفاظ میں، اپنی زبان میں بتائیے کہ یہ انتظار کیسا رہا "
            "ہے۔"
        ),
    },
}

CONSENT_TEXTS: Final[dict[str, str]] = {
    "en": (
        "This page explains what happens to your story. Please read it slowly, or ask someone "
        "you trust to read it with you. You can ask us questions before you agree.\n\n"
        "When you send us your story, our organisation keeps it, and our moderators may read it. "
        "Moderators are the people on our team who check every story. This part is required. "
        "Without it, we cannot accept your story.\n\n"
        "Everything else is your choice. Each use below has its own box. Tick only the ones you "
        "want. We will never use your story in a way you did not tick.\n\n"
        "Publish on this website. We show your story here, with your name in the form you "
        "choose: your full name, your first name only, your initials, a pen name you make up, or "
        "no name at all.\n\n"
        "Quote in our own materials. We may use parts of your story in our flyers, reports and "
        "letters that speak up for immigrant families.\n\n"
        "Share with journalists. We may give your story to reporters who write about our "
        "communities.\n\n"
        "Share with elected officials. We may give your story to lawmakers, such as members of "
        "Congress or the city council, and to the people who work in their offices.\n\n"
        "Contact you. We may call or write to you about your story. Only if you tick this box do "
        "we keep your phone number or e-mail address.\n\n"
        "Before we publish anything, we remove details that could identify you, such as "
        "addresses, phone numbers and immigration case numbers.\n\n"
        "After you send your story, you get a private claim code. Keep it somewhere safe and do "
        "not share it. With this code you can check on your story, answer our questions, take "
        "back some of your choices, or withdraw your story at any time. If you withdraw it, we "
        "erase your story.\n\n"
        "We do not store your IP address or any information about your phone or computer.\n\n"
        "You must be 18 or older. If you are younger, a parent or guardian must agree before you "
        "send your story."
    ),
    "ko": (
        "이 안내문은 보내 주신 이야기를 저희가 어떻게 다루는지 알려 드리는 글입니다. 천천히 읽어 "
        "보시고, 필요하시면 믿을 만한 분과 함께 읽으셔도 됩니다. 동의하시기 전에 궁금한 점이 "
        "있으면 언제든지 물어보세요.\n\n"
        "이야기를 보내 주시면 저희 단체가 그 이야기를 보관하고, 저희 검토 담당자가 읽을 수 "
        "있습니다. 검토 담당자는 들어온 이야기를 하나하나 살펴보는 저희 쪽 사람입니다. 이 부분은 "
        "꼭 필요합니다. 여기에 동의하지 않으시면 이야기를 받을 수 없습니다.\n\n"
        "그 밖의 일은 모두 직접 정하실 수 있습니다. 아래의 쓰임마다 따로 표시하는 칸이 있으니, "
        "원하시는 칸에만 표시하세요. 표시하지 않으신 일에는 이야기를 절대 쓰지 않습니다.\n\n"
        "이 웹사이트에 싣기: 이야기를 이 웹사이트에 올립니다. 이름은 원하시는 방식으로 나갑니다. "
        "성과 이름 전부, 이름만, 이름의 머리글자, 직접 지으신 필명 가운데 고르실 수 있고, 이름 "
        "없이 올리셔도 됩니다.\n\n"
        "저희 단체 자료에 인용하기: 이민자 가족을 위해 목소리를 내는 저희 전단지, 보고서, 편지 "
        "같은 자료에 이야기의 일부를 옮겨 쓸 수 있습니다.\n\n"
        "기자에게 전하기: 이민자 이웃들의 소식을 취재하는 기자에게 이야기를 전할 수 있습니다.\n\n"
        "선출직 공직자에게 전하기: 연방 의원, 주 의원, 시의원 같은 선출직 공직자와 그 사무실 "
        "직원에게 이야기를 전할 수 있습니다.\n\n"
        "연락받기: 이야기에 관해 여쭤볼 것이 있을 때 전화나 이메일로 연락드릴 수 있습니다. "
        "전화번호와 이메일 주소는 이 칸에 표시하신 경우에만 보관합니다.\n\n"
        "이야기를 싣기 전에는 집 주소, 전화번호, 이민 서류 번호처럼 누구인지 알아볼 수 있는 "
        "내용을 모두 지웁니다.\n\n"
        "이야기를 보내시면 본인만 아는 확인 코드를 드립니다. 다른 사람에게 알려 주지 마시고 잘 "
        "보관해 두세요. 이 코드만 있으면 언제든지 이야기가 어떻게 되고 있는지 확인하시고, 저희 "
        "질문에 답하시고, 동의하신 범위를 줄이시거나, 이야기를 아예 거둬들이실 수 있습니다. "
        "거둬들이시면 저희는 그 이야기를 지웁니다.\n\n"
        "저희는 여러분의 IP 주소나 휴대폰, 컴퓨터 같은 기기에 관한 정보를 저장하지 않습니다.\n\n"
        "만 18세 이상인 분만 이야기를 보내실 수 있습니다. 18세가 안 되었다면 부모님이나 보호자가 "
        "먼저 동의해 주셔야 합니다."
    ),
    "es": (
        "Esta página explica qué pasa con su historia. Por favor, léala con calma, o "
        "pídale a una persona de confianza que la lea con usted. Puede hacernos "
        "preguntas antes de aceptar.\n\n"
        "Cuando nos envía su historia, nuestra organización la guarda, y nuestros "
        "moderadores pueden leerla. Los moderadores son las personas de nuestro equipo "
        "que revisan cada historia. Esta parte es obligatoria. Sin ella, no podemos "
        "recibir su historia.\n\n"
        "Todo lo demás lo decide usted. Cada uso de abajo tiene su propia casilla. "
        "Marque solo las que quiera. Nunca usaremos su historia de una manera que usted "
        "no marcó.\n\n"
        "Publicar en este sitio web. Mostramos su historia aquí, con su nombre de la "
        "forma que usted elija: su nombre completo, solo su nombre sin apellidos, sus "
        "iniciales, un seudónimo (un nombre que usted invente) o sin ningún nombre.\n\n"
        "Citar en nuestros propios materiales. Podemos usar partes de su historia en "
        "nuestros volantes, informes y cartas que defienden a las familias inmigrantes.\n\n"
        "Compartir con periodistas. Podemos darles su historia a periodistas que "
        "escriben sobre nuestras comunidades.\n\n"
        "Compartir con funcionarios electos. Podemos darles su historia a quienes hacen "
        "las leyes, como miembros del Congreso o del concejo de la ciudad, y a las "
        "personas que trabajan en sus oficinas.\n\n"
        "Comunicarnos con usted. Podemos llamarle o escribirle sobre su historia. Solo "
        "si marca esta casilla guardamos su número de teléfono o su correo electrónico.\n\n"
        "Antes de publicar cualquier cosa, quitamos los datos que podrían mostrar quién "
        "es usted, como direcciones, números de teléfono y números de casos de "
        "inmigración.\n\n"
        "Después de enviar su historia, usted recibe un código privado. Guárdelo en un "
        "lugar seguro y no se lo dé a nadie. Con este código puede ver cómo va su "
        "historia, responder nuestras preguntas, retirar algunos de los permisos que dio "
        "o retirar su historia en cualquier momento. Si la retira, borramos su historia.\n\n"
        "No guardamos su dirección IP ni ningún dato sobre su teléfono o su computadora.\n\n"
        "Usted debe tener 18 años o más. Si es menor, su padre, madre o tutor debe estar "
        "de acuerdo antes de que envíe su historia."
    ),
    "zh-hans": (
        "这份说明告诉您，您的故事交给我们以后会怎样处理。请慢慢读，也可以请一位您信任的人陪您一起读。在您同意之前，有任何问题都可以问我们。\n\n"
        "您把故事发给我们以后，我们机构会保存它，我们的审核员可以阅读。审核员是我们团队里负责查看每一个故事的人。这一项是必须的。没有这一项，我们就不能接收您的故事。\n\n"
        "其他的都由您自己决定。下面每一种用途都有自己的方框。只勾选您愿意的就好。您没有勾选的用途，我们绝不会那样使用您的故事。\n\n"
        "发布在本网站上。我们会在这里展示您的故事，并按您选择的方式署名：您的全名、只用您的名（不用姓）、您的姓名缩写、您自己起的笔名，或者完全不署名。\n\n"
        "在我们自己的材料中引用。我们可能会在为移民家庭发声的传单、报告和信件中，使用您故事的一部分。\n\n"
        "分享给记者。我们可能会把您的故事交给报道我们社区的记者。\n\n"
        "分享给民选官员。我们可能会把您的故事交给制定法律的人，比如国会议员或市议会议员，以及在他们办公室工作的人。\n\n"
        "联系您。我们可能会就您的故事给您打电话或写信。只有您勾选了这一项，我们才会保存您的电话号码或电子邮箱地址。\n\n"
        "在发布任何内容之前，我们会删去可能透露您身份的信息，比如地址、电话号码和移民案件号码。\n\n"
        "发送故事后，您会得到一个专属代码。请把它放在安全的地方，不要告诉别人。凭这个代码，您随时可以查看您的故事、回答我们的问题、收回您的部分选择，或者撤回您的故事。如"
        "果您撤回故事，我们会把它删除。\n\n"
        "我们不保存您的 IP 地址，也不保存关于您的手机或电脑的任何信息。\n\n"
        "您必须年满 18 岁。如果您未满 18 岁，必须先得到父母或监护人的同意，才能发送故事。"
    ),
    "zh-hant": (
        "這份說明告訴您，您的故事交給我們以後會怎樣處理。請慢慢讀，也可以請一位您信任的人陪您一起讀。在您同意之前，有任何問題都可以問我們。\n\n"
        "您把故事傳送給我們以後，我們機構會保存它，我們的審核員可以閱讀。審核員是我們團隊裡負責查看每一個故事的人。這一項是必須的。沒有這一項，我們就不能接收您的故事。\n\n"
        "其他的都由您自己決定。下面每一種用途都有自己的方框。只勾選您願意的就好。您沒有勾選的用途，我們絕不會那樣使用您的故事。\n\n"
        "發布在本網站上。我們會在這裡刊出您的故事，並按照您選擇的方式署名：您的全名、只用您的名字（不用姓）、您的姓名縮寫、您自己取的筆名，或者完全不署名。\n\n"
        "在我們自己的資料中引用。我們可能會在為移民家庭發聲的傳單、報告和信件中，使用您故事的一部分。\n\n"
        "分享給記者。我們可能會把您的故事交給報導我們社區的記者。\n\n"
        "分享給民選官員。我們可能會把您的故事交給制定法律的人，例如國會議員或市議員，以及在他們辦公室工作的人。\n\n"
        "與您聯絡。我們可能會就您的故事打電話或寫信給您。只有您勾選了這一項，我們才會保存您的電話號碼或電子郵件地址。\n\n"
        "在發布任何內容之前，我們會刪去可能透露您身分的資料，例如地址、電話號碼和移民案件號碼。\n\n"
        "傳送故事後，您會得到一個專屬代碼。請把它放在安全的地方，不要告訴別人。憑這個代碼，您隨時可以查看您的故事、回答我們的問題、收回您的部分選擇，或者撤回您的故事。如"
        "果您撤回故事，我們會把它刪除。\n\n"
        "我們不保存您的 IP 位址，也不保存關於您的手機或電腦的任何資訊。\n\n"
        "您必須年滿 18 歲。如果您未滿 18 歲，必須先得到父母或監護人的同意，才能傳送故事。"
    ),
    "vi": (
        "Trang này giải thích điều gì sẽ xảy ra với câu chuyện của quý vị. Xin quý vị "
        "đọc chậm rãi, hoặc nhờ một người quý vị tin tưởng đọc cùng. Quý vị có thể hỏi "
        "chúng tôi bất cứ điều gì trước khi đồng ý.\n\n"
        "Khi quý vị gửi câu chuyện cho chúng tôi, tổ chức chúng tôi sẽ lưu giữ câu "
        "chuyện, và người duyệt bài của chúng tôi có thể đọc. Người duyệt bài là những "
        "người trong nhóm chúng tôi, lo xem qua từng câu chuyện. Phần này là bắt buộc. "
        "Nếu không có phần này, chúng tôi không thể nhận câu chuyện của quý vị.\n\n"
        "Mọi điều khác là do quý vị chọn. Mỗi việc dưới đây có một ô riêng. Quý vị chỉ "
        "đánh dấu những ô mình muốn. Chúng tôi sẽ không bao giờ dùng câu chuyện của quý "
        "vị vào việc mà quý vị không đánh dấu.\n\n"
        "Đăng lên trang web này. Chúng tôi đưa câu chuyện của quý vị lên đây, với tên "
        "theo cách quý vị chọn: họ tên đầy đủ, chỉ tên (không có họ), tên viết tắt, một "
        "bút danh quý vị tự đặt, hoặc không ghi tên gì cả.\n\n"
        "Trích dẫn trong tài liệu của chúng tôi. Chúng tôi có thể dùng một phần câu "
        "chuyện của quý vị trong tờ rơi, báo cáo và thư từ của chúng tôi để lên tiếng "
        "cho các gia đình di dân.\n\n"
        "Chia sẻ với nhà báo. Chúng tôi có thể đưa câu chuyện của quý vị cho các phóng "
        "viên viết về cộng đồng chúng ta.\n\n"
        "Chia sẻ với viên chức dân cử. Chúng tôi có thể đưa câu chuyện của quý vị cho "
        "những người làm luật, như dân biểu Quốc Hội hay nghị viên hội đồng thành phố, "
        "và cho những người làm việc trong văn phòng của họ.\n\n"
        "Liên lạc với quý vị. Chúng tôi có thể gọi điện hoặc viết thư cho quý vị về câu "
        "chuyện. Chỉ khi quý vị đánh dấu ô này, chúng tôi mới giữ số điện thoại hoặc địa "
        "chỉ email của quý vị.\n\n"
        "Trước khi đăng bất cứ điều gì, chúng tôi xóa các chi tiết có thể làm lộ danh "
        "tính quý vị, như địa chỉ, số điện thoại và số hồ sơ di trú.\n\n"
        "Sau khi gửi câu chuyện, quý vị sẽ nhận được một mã riêng. Xin cất mã ở nơi an "
        "toàn và đừng cho ai biết. Với mã này, quý vị có thể xem câu chuyện của mình "
        "đang ra sao, trả lời câu hỏi của chúng tôi, bỏ bớt một số điều đã cho phép, "
        "hoặc rút lại câu chuyện bất cứ lúc nào. Nếu quý vị rút lại câu chuyện, chúng "
        "tôi sẽ xóa câu chuyện.\n\n"
        "Chúng tôi không lưu địa chỉ IP hay bất cứ thông tin nào về điện thoại hoặc máy "
        "tính của quý vị.\n\n"
        "Quý vị phải đủ 18 tuổi trở lên. Nếu chưa đủ 18 tuổi, quý vị cần có cha mẹ hoặc "
        "người giám hộ đồng ý trước khi gửi câu chuyện."
    ),
    "tl": (
        "Ipinapaliwanag ng pahinang ito kung ano ang mangyayari sa inyong kuwento. "
        "Pakibasa po ito nang dahan-dahan, o magpatulong sa isang taong "
        "pinagkakatiwalaan ninyo para basahin ito kasama ninyo. Puwede kayong magtanong "
        "sa amin bago kayo pumayag.\n\n"
        "Kapag ipinadala ninyo sa amin ang inyong kuwento, itatago ito ng aming "
        "organisasyon, at puwede itong basahin ng aming mga tagasuri. Ang mga tagasuri "
        "ay ang mga tao sa aming grupo na sumusuri sa bawat kuwento. Kailangan ang "
        "bahaging ito. Kung wala ito, hindi namin matatanggap ang inyong kuwento.\n\n"
        "Kayo ang magpapasya sa lahat ng iba pa. May sariling kahon ang bawat gamit sa "
        "ibaba. Lagyan lang ng tsek ang mga gusto ninyo. Hindi namin kailanman gagamitin "
        "ang inyong kuwento sa paraang hindi ninyo nilagyan ng tsek.\n\n"
        "Ilathala sa website na ito. Ipapakita namin dito ang inyong kuwento, kasama ang "
        "inyong pangalan sa paraang pipiliin ninyo: ang buong pangalan ninyo, ang "
        "pangalan lang ninyo (walang apelyido), ang inyong mga inisyal, ibang pangalan "
        "na kayo mismo ang gagawa, o walang pangalan.\n\n"
        "Sipiin sa sarili naming mga materyales. Puwede naming gamitin ang ilang bahagi "
        "ng inyong kuwento sa aming mga polyeto, ulat at sulat na nagtatanggol sa mga "
        "pamilyang imigrante.\n\n"
        "Ibahagi sa mga mamamahayag. Puwede naming ibigay ang inyong kuwento sa mga "
        "mamamahayag na sumusulat tungkol sa aming mga komunidad.\n\n"
        "Ibahagi sa mga halal na opisyal. Puwede naming ibigay ang inyong kuwento sa mga "
        "gumagawa ng batas, gaya ng mga miyembro ng Kongreso o ng konseho ng lungsod, at "
        "sa mga taong nagtatrabaho sa kanilang mga opisina.\n\n"
        "Makipag-ugnayan sa inyo. Puwede namin kayong tawagan o sulatan tungkol sa "
        "inyong kuwento. Itatago lang namin ang inyong numero ng telepono o address ng "
        "e-mail kung lalagyan ninyo ng tsek ang kahong ito.\n\n"
        "Bago kami maglathala ng kahit ano, inaalis namin ang mga detalyeng puwedeng "
        "magpakilala sa inyo, gaya ng mga address, numero ng telepono at numero ng kaso "
        "sa imigrasyon.\n\n"
        "Pagkatapos ninyong ipadala ang inyong kuwento, makakatanggap kayo ng lihim na "
        "code. Itago ito sa ligtas na lugar at huwag itong ibigay kaninuman. Gamit ang "
        "code na ito, puwede ninyong tingnan ang inyong kuwento, sagutin ang aming mga "
        "tanong, bawiin ang ilan sa inyong mga pinili, o bawiin ang inyong kuwento "
        "anumang oras. Kapag binawi ninyo ito, buburahin namin ang inyong kuwento.\n\n"
        "Hindi namin itinatago ang inyong IP address o anumang impormasyon tungkol sa "
        "inyong telepono o computer.\n\n"
        "Dapat ay 18 taong gulang o higit pa kayo. Kung mas bata kayo, kailangang "
        "pumayag muna ang isang magulang o tagapangalaga bago ninyo ipadala ang inyong "
        "kuwento."
    ),
    "ja": (
        "このページでは、あなたのお話がどうなるかを説明します。ゆっくり読んでください。信頼できる人に、いっしょに読んでもらってもかまいません。同意する前に、私たちに質問"
        "することもできます。\n\n"
        "あなたがお話を送ると、私たちの団体がそのお話を保管し、確認スタッフが読むことがあります。確認スタッフとは、すべてのお話に目を通す、私たちのチームの人たちです。こ"
        "こは必ず同意していただく部分です。これに同意していただけないと、お話を受け付けることができません。\n\n"
        "ほかのことは、すべてあなたが決めます。下の使い方には、それぞれチェックを入れるボックスがあります。あなたが望むものにだけチェックを入れてください。チェックを入れ"
        "なかった使い方で、あなたのお話を使うことはけっしてありません。\n\n"
        "このウェブサイトで公開する。あなたのお話をここに載せます。名前は、あなたが選んだ出し方で出します。フルネーム、下の名前だけ、イニシャル、自分で考えたペンネーム、"
        "または名前をまったく出さない（匿名）の中から選べます。\n\n"
        "団体の資料で引用する。移民の家族のために声をあげる私たちのチラシ、報告書、手紙などで、あなたのお話の一部を使うことがあります。\n\n"
        "記者に伝える。私たちの地域について記事を書く記者に、あなたのお話を渡すことがあります。\n\n"
        "議員など選挙で選ばれた人に伝える。連邦議会や市議会の議員など、法律や決まりを作る人と、その事務所で働く人に、あなたのお話を渡すことがあります。\n\n"
        "あなたに連絡する。あなたのお話について、電話やメールで連絡することがあります。電話番号やメールアドレスを保管するのは、このボックスにチェックを入れたときだけです"
        "。\n\n"
        "何かを公開する前に、住所、電話番号、移民の手続きの番号など、あなただとわかる情報を取りのぞきます。\n\n"
        "お話を送った後に、あなただけの受付コードをお渡しします。安全な場所にしまって、だれにも教えないでください。このコードがあれば、いつでもお話の様子を見たり、私たち"
        "の質問に答えたり、選んだことの一部を取り消したり、お話を取り下げたりできます。お話を取り下げると、私たちはそのお話を消します。\n\n"
        "私たちは、あなたのIPアドレスや、あなたの電話やパソコンについての情報を保存しません。\n\n"
        "18歳以上の方だけが、お話を送ることができます。18歳より下の方は、お話を送る前に、親か保護者の同意が必要です。"
    ),
    "hi": (
        "यह पेज बताता है कि आपकी कहानी के साथ क्या होता है। कृपया इसे आराम से पढ़ें, या "
        "किसी भरोसे के इंसान से कहें कि वे इसे आपके साथ पढ़ें। सहमति देने से पहले आप "
        "हमसे सवाल पूछ सकते हैं।\n\n"
        "जब आप हमें अपनी कहानी भेजते हैं, तो हमारी संस्था उसे रखती है, और हमारे मॉडरेटर "
        "उसे पढ़ सकते हैं। मॉडरेटर हमारी टीम के वे लोग हैं जो हर कहानी को जाँचते हैं। यह "
        "हिस्सा ज़रूरी है। इसके बिना हम आपकी कहानी नहीं ले सकते।\n\n"
        "बाकी सब आपकी मर्ज़ी है। नीचे हर इस्तेमाल का अपना अलग बॉक्स है। सिर्फ़ उन्हीं पर "
        "निशान लगाएँ जो आप चाहते हैं। जिस बात पर आपने निशान नहीं लगाया, उसके लिए हम आपकी "
        "कहानी कभी इस्तेमाल नहीं करेंगे।\n\n"
        "इस वेबसाइट पर छापना। हम आपकी कहानी यहाँ दिखाते हैं, आपके नाम के साथ, उसी तरह "
        "जैसे आप चुनें: आपका पूरा नाम, सिर्फ़ आपका पहला नाम, आपके नाम के पहले अक्षर, "
        "आपका खुद बनाया हुआ कोई दूसरा नाम, या बिल्कुल कोई नाम नहीं।\n\n"
        "हमारी अपनी सामग्री में कहानी के हिस्से इस्तेमाल करना। हम आपकी कहानी के कुछ "
        "हिस्से अपने पर्चों, रिपोर्टों और चिट्ठियों में इस्तेमाल कर सकते हैं, जो प्रवासी "
        "परिवारों के हक़ में आवाज़ उठाते हैं।\n\n"
        "पत्रकारों के साथ बाँटना। हम आपकी कहानी उन पत्रकारों को दे सकते हैं जो हमारे "
        "समुदायों के बारे में लिखते हैं।\n\n"
        "चुने हुए नेताओं के साथ बाँटना। हम आपकी कहानी कानून बनाने वालों को दे सकते हैं, "
        "जैसे कांग्रेस या सिटी काउंसिल के सदस्य, और उन लोगों को भी जो उनके दफ़्तरों में "
        "काम करते हैं।\n\n"
        "आपसे संपर्क करना। हम आपकी कहानी के बारे में आपको फ़ोन कर सकते हैं या लिख सकते "
        "हैं। आपका फ़ोन नंबर या ई-मेल पता हम सिर्फ़ तभी रखते हैं जब आप इस बॉक्स पर निशान "
        "लगाएँ।\n\n"
        "कुछ भी छापने से पहले हम वे बातें हटा देते हैं जिनसे आपकी पहचान हो सकती है, जैसे "
        "पते, फ़ोन नंबर और इमिग्रेशन केस के नंबर।\n\n"
        "अपनी कहानी भेजने के बाद आपको एक निजी कोड मिलता है। इसे किसी सुरक्षित जगह रखें "
        "और किसी को न बताएँ। इस कोड से आप कभी भी अपनी कहानी देख सकते हैं, हमारे सवालों "
        "के जवाब दे सकते हैं, अपनी दी हुई कुछ इजाज़तें वापस ले सकते हैं, या अपनी कहानी "
        "वापस ले सकते हैं। अगर आप कहानी वापस लेते हैं, तो हम उसे मिटा देते हैं।\n\n"
        "हम आपका IP पता या आपके फ़ोन या कंप्यूटर के बारे में कोई भी जानकारी नहीं रखते।\n\n"
        "आपकी उम्र 18 साल या उससे ज़्यादा होनी चाहिए। अगर आप इससे छोटे हैं, तो कहानी "
        "भेजने से पहले आपके माता-पिता या अभिभावक की सहमति ज़रूरी है।"
    ),
    "th": (
        "หน้านี้อธิบายว่าเรื่องราวของคุณจะเป็นอย่างไรต่อไป กรุณาอ่านช้า ๆ "
        "หรือขอให้คนที่คุณไว้ใจช่วยอ่านไปด้วยกัน คุณถามเราได้ก่อนที่จะให้ความยินยอม\n\n"
        "เมื่อคุณส่งเรื่องราวมาให้เรา องค์กรของเราจะเก็บเรื่องราวไว้ "
        "และผู้ตรวจทานของเราอาจอ่านเรื่องราวนั้น "
        "ผู้ตรวจทานคือคนในทีมของเราที่ตรวจดูเรื่องราวทุกเรื่อง ส่วนนี้จำเป็น "
        "ถ้าไม่มีส่วนนี้ เราจะรับเรื่องราวของคุณไม่ได้\n\n"
        "เรื่องอื่นทั้งหมดคุณเลือกเองได้ การใช้งานแต่ละอย่างด้านล่างมีช่องของตัวเอง "
        "ติ๊กเฉพาะข้อที่คุณต้องการ เราจะไม่ใช้เรื่องราวของคุณในแบบที่คุณไม่ได้ติ๊กไว้เลย\n\n"
        "เผยแพร่บนเว็บไซต์นี้: เราจะแสดงเรื่องราวของคุณที่นี่ "
        "พร้อมชื่อของคุณในแบบที่คุณเลือก ได้แก่ ชื่อและนามสกุล เฉพาะชื่อ อักษรย่อชื่อ "
        "นามแฝงที่คุณตั้งเอง หรือไม่ระบุชื่อเลย\n\n"
        "ยกไปใช้ในสื่อของเราเอง: เราอาจนำบางส่วนของเรื่องราวของคุณไปใช้ในใบปลิว รายงาน "
        "และจดหมายของเรา ที่ช่วยพูดแทนครอบครัวผู้อพยพ\n\n"
        "ส่งต่อให้นักข่าว: "
        "เราอาจให้เรื่องราวของคุณกับนักข่าวที่เขียนข่าวเกี่ยวกับชุมชนของเรา\n\n"
        "ส่งต่อให้ผู้แทนที่ได้รับเลือกตั้ง: เราอาจให้เรื่องราวของคุณกับผู้ที่ออกกฎหมาย "
        "เช่น สมาชิกรัฐสภาสหรัฐฯ หรือสมาชิกสภาเมือง และกับคนที่ทำงานในสำนักงานของพวกเขา\n\n"
        "ติดต่อคุณ: เราอาจโทรหาหรือเขียนถึงคุณเกี่ยวกับเรื่องราวของคุณ "
        "เราจะเก็บหมายเลขโทรศัพท์หรือที่อยู่อีเมลของคุณไว้ก็ต่อเมื่อคุณติ๊กช่องนี้เท่านั้น\n\n"
        "ก่อนเผยแพร่อะไรก็ตาม เราจะลบข้อมูลที่อาจทำให้รู้ว่าเป็นคุณ เช่น ที่อยู่ "
        "หมายเลขโทรศัพท์ และหมายเลขคดีตรวจคนเข้าเมือง\n\n"
        "หลังจากส่งเรื่องราวแล้ว คุณจะได้รับรหัสส่วนตัว กรุณาเก็บไว้ในที่ปลอดภัย "
        "และอย่าบอกใคร ด้วยรหัสนี้ คุณตรวจดูเรื่องราวของคุณ ตอบคำถามของเรา "
        "ยกเลิกบางข้อที่คุณเลือกไว้ หรือถอนเรื่องราวคืนได้ทุกเมื่อ ถ้าคุณถอนเรื่องราวคืน "
        "เราจะลบเรื่องราวของคุณ\n\n"
        "เราไม่เก็บที่อยู่ IP ของคุณ หรือข้อมูลใด ๆ "
        "เกี่ยวกับโทรศัพท์หรือคอมพิวเตอร์ของคุณ\n\n"
        "คุณต้องมีอายุ 18 ปีขึ้นไป ถ้าอายุน้อยกว่านั้น "
        "พ่อแม่หรือผู้ปกครองต้องให้ความยินยอมก่อนที่คุณจะส่งเรื่องราว"
    ),
    "km": (
        "ទំព័រនេះពន្យល់ពីអ្វីដែលនឹងកើតឡើងចំពោះរឿងរបស់អ្នក។ សូមអានវាយឺតៗ "
        "ឬសុំឲ្យអ្នកណាម្នាក់ដែលអ្នកទុកចិត្ត អានជាមួយអ្នក។ អ្នកអាចសួរយើងនូវសំណួរផ្សេងៗ "
        "មុនពេលអ្នកយល់ព្រម។\n\n"
        "នៅពេលអ្នកផ្ញើរឿងរបស់អ្នកមកយើង អង្គការរបស់យើងរក្សាទុកវា "
        "ហើយអ្នកពិនិត្យរបស់យើងអាចអានវាបាន។ អ្នកពិនិត្យ គឺជាមនុស្សក្នុងក្រុមការងាររបស់យើង "
        "ដែលពិនិត្យមើលរឿងនីមួយៗ។ ផ្នែកនេះត្រូវតែមាន។ បើគ្មានផ្នែកនេះទេ "
        "យើងមិនអាចទទួលរឿងរបស់អ្នកបានទេ។\n\n"
        "អ្វីៗផ្សេងទៀត គឺអាស្រ័យលើការជ្រើសរើសរបស់អ្នក។ ការប្រើប្រាស់នីមួយៗខាងក្រោម "
        "មានប្រអប់រៀងៗខ្លួន។ សូមគូសតែប្រអប់ដែលអ្នកចង់បានប៉ុណ្ណោះ។ "
        "យើងនឹងមិនប្រើរឿងរបស់អ្នក តាមរបៀបដែលអ្នកមិនបានគូសនោះទេ។\n\n"
        "ផ្សាយនៅលើវេបសាយនេះ។ យើងបង្ហាញរឿងរបស់អ្នកនៅទីនេះ "
        "ជាមួយឈ្មោះរបស់អ្នកតាមរបៀបដែលអ្នកជ្រើសរើស៖ ឈ្មោះពេញរបស់អ្នក តែឈ្មោះខ្លួនរបស់អ្នក "
        "អក្សរដំបូងនៃឈ្មោះរបស់អ្នក ឈ្មោះប្រឌិតដែលអ្នកដាក់ខ្លួនឯង "
        "ឬមិនបញ្ចេញឈ្មោះទាល់តែសោះ។\n\n"
        "ដកស្រង់ក្នុងឯកសាររបស់យើងផ្ទាល់។ យើងអាចយកផ្នែកខ្លះនៃរឿងរបស់អ្នក "
        "ទៅប្រើក្នុងខិត្តប័ណ្ណ របាយការណ៍ និងលិខិតរបស់យើង "
        "ដែលនិយាយការពារគ្រួសារជនអន្តោប្រវេសន៍។\n\n"
        "ចែករំលែកជាមួយអ្នកកាសែត។ យើងអាចផ្ដល់រឿងរបស់អ្នកទៅអ្នកកាសែត "
        "ដែលសរសេរអំពីសហគមន៍របស់យើង។\n\n"
        "ចែករំលែកជាមួយមន្ត្រីជាប់ឆ្នោត។ យើងអាចផ្ដល់រឿងរបស់អ្នកទៅអ្នកធ្វើច្បាប់ "
        "ដូចជាសមាជិកសភាអាមេរិក ឬក្រុមប្រឹក្សាក្រុង "
        "និងទៅមនុស្សដែលធ្វើការនៅការិយាល័យរបស់ពួកគេ។\n\n"
        "ទាក់ទងអ្នក។ យើងអាចទូរសព្ទ ឬសរសេរមកអ្នកអំពីរឿងរបស់អ្នក។ យើងរក្សាទុកលេខទូរសព្ទ "
        "ឬអាសយដ្ឋានអ៊ីមែលរបស់អ្នក លុះត្រាតែអ្នកគូសប្រអប់នេះ។\n\n"
        "មុនពេលយើងផ្សាយអ្វីមួយ យើងដកព័ត៌មានដែលអាចធ្វើឲ្យគេស្គាល់អ្នកចេញ ដូចជាអាសយដ្ឋាន "
        "លេខទូរសព្ទ និងលេខសំណុំរឿងអន្តោប្រវេសន៍។\n\n"
        "ក្រោយពេលអ្នកផ្ញើរឿងរបស់អ្នក អ្នកនឹងទទួលបានលេខកូដសម្ងាត់មួយ។ "
        "សូមរក្សាទុកវានៅកន្លែងដែលមានសុវត្ថិភាព ហើយកុំប្រាប់អ្នកណា។ ដោយប្រើលេខកូដនេះ "
        "អ្នកអាចពិនិត្យមើលរឿងរបស់អ្នក ឆ្លើយសំណួររបស់យើង ដកការអនុញ្ញាតខ្លះវិញ "
        "ឬដករឿងរបស់អ្នកវិញនៅពេលណាក៏បាន។ បើអ្នកដករឿងវិញ យើងនឹងលុបរឿងរបស់អ្នកចោល។\n\n"
        "យើងមិនរក្សាទុកអាសយដ្ឋាន IP របស់អ្នក ឬព័ត៌មានណាមួយអំពីទូរសព្ទ "
        "ឬកុំព្យូទ័ររបស់អ្នកទេ។\n\n"
        "អ្នកត្រូវតែមានអាយុ 18 ឆ្នាំ ឬលើសពីនេះ។ បើអ្នកមានអាយុតិចជាងនេះ ឪពុកម្ដាយ "
        "ឬអាណាព្យាបាលត្រូវតែយល់ព្រមជាមុនសិន ទើបអ្នកអាចផ្ញើរឿងរបស់អ្នកបាន។"
    ),
    "ur": (
        "یہ صفحہ بتاتا ہے کہ آپ کی کہانی کے ساتھ کیا ہوتا ہے۔ براہ کرم اسے آرام سے "
        "پڑھیں، یا کسی ایسے شخص سے کہیں جس پر آپ بھروسہ کرتے ہیں کہ وہ آپ کے ساتھ اسے "
        "پڑھے۔ راضی ہونے سے پہلے آپ ہم سے سوال پوچھ سکتے ہیں۔\n\n"
        "جب آپ ہمیں اپنی کہانی بھیجتے ہیں، تو ہمارا ادارہ اسے محفوظ رکھتا ہے، اور ہمارے "
        "جائزہ کار اسے پڑھ سکتے ہیں۔ جائزہ کار ہماری ٹیم کے وہ لوگ ہیں جو ہر کہانی کو "
        "دیکھتے ہیں۔ یہ حصہ ضروری ہے۔ اس کے بغیر ہم آپ کی کہانی نہیں لے سکتے۔\n\n"
        "باقی سب کچھ آپ کی مرضی پر ہے۔ نیچے ہر کام کا اپنا الگ خانہ ہے۔ صرف ان خانوں پر "
        "نشان لگائیں جو آپ چاہتے ہیں۔ جس کام پر آپ نے نشان نہیں لگایا، اس کے لیے ہم آپ "
        "کی کہانی کبھی استعمال نہیں کریں گے۔\n\n"
        "اس ویب سائٹ پر شائع کرنا۔ ہم آپ کی کہانی یہاں دکھاتے ہیں، اور آپ کا نام اسی طرح "
        "لکھتے ہیں جیسے آپ چنیں: آپ کا پورا نام، صرف آپ کا پہلا نام، آپ کے نام کے پہلے "
        "حروف، آپ کا بنایا ہوا کوئی فرضی نام، یا بالکل کوئی نام نہیں۔\n\n"
        "ہماری اپنی تحریروں میں حوالہ دینا۔ ہم آپ کی کہانی کے کچھ حصے اپنے پرچوں، "
        "رپورٹوں اور خطوں میں استعمال کر سکتے ہیں جو تارکین وطن خاندانوں کے حق میں آواز "
        "اٹھاتے ہیں۔\n\n"
        "صحافیوں کو دینا۔ ہم آپ کی کہانی ان صحافیوں کو دے سکتے ہیں جو ہماری برادریوں کے "
        "بارے میں لکھتے ہیں۔\n\n"
        "منتخب نمائندوں کو دینا۔ ہم آپ کی کہانی قانون بنانے والوں کو دے سکتے ہیں، جیسے "
        "کانگریس یا شہر کی کونسل کے ارکان، اور ان لوگوں کو جو ان کے دفتروں میں کام کرتے "
        "ہیں۔\n\n"
        "آپ سے رابطہ کرنا۔ ہم آپ کی کہانی کے بارے میں آپ کو فون کر سکتے ہیں یا لکھ سکتے "
        "ہیں۔ ہم آپ کا فون نمبر یا ای میل پتہ صرف اسی صورت میں رکھتے ہیں جب آپ اس خانے "
        "پر نشان لگائیں۔\n\n"
        "کچھ بھی شائع کرنے سے پہلے، ہم وہ تفصیلات ہٹا دیتے ہیں جن سے آپ کی پہچان ہو سکتی "
        "ہے، جیسے پتے، فون نمبر اور امیگریشن کیس کے نمبر۔\n\n"
        "اپنی کہانی بھیجنے کے بعد آپ کو ایک خفیہ کوڈ ملتا ہے۔ اسے کسی محفوظ جگہ رکھیں "
        "اور کسی کو نہ بتائیں۔ اس کوڈ سے آپ کسی بھی وقت اپنی کہانی دیکھ سکتے ہیں، ہمارے "
        "سوالوں کے جواب دے سکتے ہیں، اپنی کچھ اجازتیں واپس لے سکتے ہیں، یا اپنی کہانی "
        "واپس لے سکتے ہیں۔ اگر آپ کہانی واپس لیں، تو ہم اسے مٹا دیتے ہیں۔\n\n"
        "ہم آپ کا انٹرنیٹ پتہ (IP ایڈریس) یا آپ کے فون یا کمپیوٹر کے بارے میں کوئی "
        "معلومات محفوظ نہیں کرتے۔\n\n"
        "آپ کی عمر 18 سال یا اس سے زیادہ ہونی چاہیے۔ اگر آپ کی عمر کم ہے، تو کہانی "
        "بھیجنے سے پہلے آپ کے والدین یا سرپرست کا راضی ہونا ضروری ہے۔"
    ),
}

STORIES: Final[list[dict]] = [
    {
        "key": "halmeoni-twelve-years",
        "language": "ko",
        "title": "열두 해째 기다리는 아들",
        "body": (
            "저는 시카고에 사는 일흔네 살 할머니입니다. 미국에 온 지는 서른 해가 넘었고, "
            "시민권을 받은 지도 오래되었어요. 한국에는 큰아들이 며느리, 손주 둘과 함께 살고 "
            "있습니다.\n\n"
            "2013년 봄에 큰아들 가족을 초청하는 서류를 냈습니다. 변호사 사무실에서 결혼한 자녀는 "
            "오래 걸린다고 해서, 한 오륙 년쯤이면 되겠거니 했지요. 그런데 올해로 열두 "
            "해째입니다. 그동안 큰손주는 중학생에서 대학생이 되었고, 작은손주는 제가 두 번밖에 "
            "못 안아 봤는데 벌써 초등학교 4학년이에요.\n\n"
            "국무부에서 매달 나오는 비자 날짜표는 딸이 찾아봐 줍니다. 어떤 달은 몇 주 앞으로 "
            "가고, 어떤 달은 오히려 뒤로 물러나요. 딸이 화면을 보다가 한숨을 쉬면 저는 더 묻지 "
            "않습니다.\n\n"
            "작년 겨울에 무릎 수술을 받았어요. 수술실에 들어가기 전에 아들 목소리라도 듣고 "
            "싶어서 전화를 걸었는데, 한국은 새벽 네 시였습니다. 아들이 잠이 덜 깬 목소리로 "
            '"엄마, 괜찮아요?" 하는데, 괜찮다는 말밖에 못 했어요. 옆에 있어 달라고 할 수가 '
            "없으니까요.\n\n"
            "저는 큰 걸 바라지 않습니다. 줄 서서 기다리는 건 괜찮아요. 다만 그 줄이 "
            "어디까지인지, 제가 살아 있는 동안 끝이 나기는 하는지 알고 싶습니다. 손주들이 아직 "
            "제 김치 맛을 기억할 때 한 식탁에 둘러앉고 싶어요.\n\n"
            "제 이야기가 법을 만드는 분들 귀에 닿았으면 합니다. 기다리는 사람도 나이를 먹는다는 "
            "걸요."
        ),
        "state": "published",
        "storyteller_name": "박옥희",
        "attribution": "pen_name",
        "shown_name": "시카고 할머니",
        "scopes": ["store", "publish", "advocacy", "officials"],
        "contact_email": "",
        "contact_phone": "",
        "region": "IL",
        "city": "Chicago",
        "themes": ["family-separation"],
        "in_campaign": True,
        "days_ago": 88,
        "identifying_details": False,
        "question": "",
        "translations": {
            "en": {
                "title": "Twelve years of waiting for my son",
                "text": (
                    "I am a seventy-four-year-old grandmother living in Chicago. I came to "
                    "America more than thirty years ago, and I became a citizen a long time ago. "
                    "My eldest son lives in Korea with his wife and their two children.\n\n"
                    "In the spring of 2013 I filed the papers to bring my eldest son's family "
                    "here. The lawyer's office told me that married children take a long time, "
                    "so I figured five or six years. This is now the twelfth year. In that time "
                    "my older grandchild has gone from middle school to college, and my younger "
                    "grandchild, whom I have held only twice, is already in fourth grade.\n\n"
                    "My daughter looks up the visa dates the State Department puts out every "
                    "month. Some months they move forward a few weeks; some months they even "
                    "move back. When my daughter sighs at the screen, I don't ask any more "
                    "questions.\n\n"
                    "Last winter I had knee surgery. Before going into the operating room I "
                    "wanted at least to hear my son's voice, so I called him, but it was four in "
                    'the morning in Korea. Still half asleep, my son said, "Mom, are you all '
                    "right?\" and all I could say was that I was fine. I couldn't ask him to be "
                    "by my side.\n\n"
                    "I am not asking for much. I don't mind standing in line and waiting. I just "
                    "want to know how long the line is, and whether it will end while I am still "
                    "alive. I want to sit around one table with my grandchildren while they "
                    "still remember the taste of my kimchi.\n\n"
                    "I hope my story reaches the ears of the people who make the laws. I want "
                    "them to know that people who wait grow old too."
                ),
            },
        },
    },
    {
        "key": "daca-two-years",
        "language": "en",
        "title": "Two years at a time",
        "body": (
            "I was three when my parents brought me across the border, so I don't remember "
            "Mexico. I remember a yellow apartment in Houston, my mom's alarm going off at 4:30, "
            "and the public library where I read everything in the children's section twice.\n\n"
            "I got DACA when I was fifteen. For the first time I had a work permit and a Social "
            "Security number, and I thought the waiting part of my life was over. It wasn't. "
            "DACA has to be renewed every two years, so I live my life in two-year pieces. I "
            "send the renewal packet early, then I check the mail every day until the new card "
            "comes. One year it came eleven days before the old one expired. I had already "
            "warned my manager that I might have to stop working.\n\n"
            "Now I'm in my third year of nursing school, and I'm good at it. I'm the one "
            "patients ask for when they need someone to explain things in Spanish. But every "
            "time a court makes a new decision about DACA, my classmates send me the news before "
            "I'm even awake, and I spend the whole day on my clinical rotation with my phone "
            "buzzing in my pocket.\n\n"
            "People ask why I don't just get in line. There is no line for me. I have been "
            "waiting since I was fifteen, and the only thing I can apply for is another two "
            "years.\n\n"
            "I'm not asking for pity. I'm asking to be able to plan more than two years ahead, "
            "like everyone else in my class. I want to sign a lease without doing the math on "
            "when my permit runs out. I want to finish my degree, work at the hospital where I "
            "trained, and stop holding my breath."
        ),
        "state": "published",
        "storyteller_name": "Daniela Ruiz Campos",
        "attribution": "first_name",
        "shown_name": "Daniela",
        "scopes": ["store", "publish", "advocacy", "press", "contact"],
        "contact_email": "daniela.r@example.org",
        "contact_phone": "(713) 555-0118",
        "region": "TX",
        "city": "Houston",
        "themes": ["school-and-youth", "work-and-wages"],
        "in_campaign": True,
        "days_ago": 54,
        "identifying_details": False,
        "question": "",
        "translations": {},
    },
    {
        "key": "jornalero-sin-pago",
        "language": "es",
        "title": "Dos semanas de trabajo, cero dólares",
        "body": (
            "Llevo nueve años parándome en la esquina de una tienda de materiales, esperando que "
            "alguien me ofrezca trabajo por el día. Sé hacer de todo: tablaroca, pintura, "
            "techos, jardinería. Casi siempre me pagan, aunque a veces menos de lo que "
            "dijeron.\n\n"
            "El verano pasado un contratista nos subió a cuatro en su camioneta. Nos prometió "
            "dieciocho dólares la hora por terminar unas casas nuevas. Trabajamos dos semanas, "
            "de lunes a sábado, con un calor que no se aguantaba. El primer viernes nos dijo que "
            "el dueño todavía no le pagaba a él, que el siguiente viernes nos daba todo junto. "
            "El siguiente viernes ya no llegó. No contestaba el teléfono. Cuando fuimos a las "
            "casas, había otra cuadrilla trabajando.\n\n"
            "Yo le debía la renta a mi compadre y tuve que pedir prestado para mandarle a mi "
            "mamá lo de sus medicinas. Lo que más me dolió no fue el dinero, sino sentir que él "
            "sabía que no íbamos a hacer nada. Pensó que, como no tenemos papeles, no íbamos a "
            "reclamar.\n\n"
            "Un compañero nos llevó a un centro de trabajadores. Ahí nos explicaron que la ley "
            "dice que a uno le tienen que pagar el trabajo hecho, con papeles o sin papeles. Nos "
            "ayudaron a juntar lo que teníamos: fotos de las casas, los mensajes del contratista "
            "y las horas que yo iba apuntando en una libreta. Metimos el reclamo. Todavía no se "
            "resuelve, pero ya no me siento tan solo.\n\n"
            "Cuento esto para que otros sepan que sí se puede reclamar. Y para que los que nos "
            "contratan sepan que nosotros también apuntamos las horas."
        ),
        "state": "published",
        "storyteller_name": "Rogelio Martínez Torres",
        "attribution": "initials",
        "shown_name": "R. M. T.",
        "scopes": ["store", "publish", "advocacy", "press", "officials"],
        "contact_email": "",
        "contact_phone": "",
        "region": "TX",
        "city": "Dallas",
        "themes": ["work-and-wages"],
        "in_campaign": False,
        "days_ago": 102,
        "identifying_details": False,
        "question": "",
        "translations": {
            "en": {
                "title": "Two weeks of work, zero dollars",
                "text": (
                    "For nine years I have been standing on the corner by a building supply "
                    "store, waiting for someone to offer me a day's work. I can do a bit of "
                    "everything: drywall, painting, roofing, yard work. Most of the time they "
                    "pay me, although sometimes less than they promised.\n\n"
                    "Last summer a contractor loaded four of us into his pickup. He promised us "
                    "eighteen dollars an hour to finish some new houses. We worked two weeks, "
                    "Monday to Saturday, in heat you could barely stand. The first Friday he "
                    "told us the owner still hadn't paid him, and that the next Friday he would "
                    "pay us everything at once. The next Friday he never showed up. He stopped "
                    "answering his phone. When we went to the houses, a different crew was "
                    "working there.\n\n"
                    "I owed rent to my compadre, and I had to borrow money to send my mother "
                    "what she needed for her medicine. What hurt most wasn't the money. It was "
                    "feeling that he knew we wouldn't do anything. He thought that because we "
                    "don't have papers, we wouldn't file a claim.\n\n"
                    "A coworker took us to a workers' center. There they explained that the law "
                    "says you have to be paid for the work you've done, papers or no papers. "
                    "They helped us gather what we had: photos of the houses, the contractor's "
                    "messages, and the hours I had been writing down in a notebook. We filed the "
                    "claim. It hasn't been resolved yet, but I don't feel so alone anymore.\n\n"
                    "I'm telling this so that others know you really can file a claim. And so "
                    "that the people who hire us know that we write down the hours too."
                ),
            },
        },
    },
    {
        "key": "kitchen-burn",
        "language": "zh-hans",
        "title": "",
        "body": (
            "我在纽约一家中餐馆的后厨干了七年，每天十二个钟头，一个星期六天。炒锅、油锅、蒸笼，什"
            "么活都干过。手上的疤，我自己都数不清了。\n\n"
            "去年冬天，油锅里的热油溅出来，烫到了我的左手和手臂，起了一大片水泡，疼得我整晚睡不"
            "着。老板叫我用冷水冲一冲，抹点牙膏，第二天照样上班。我不敢去医院。一是怕花钱，我没有"
            "保险，听说看一次急诊就要好几千美元；二是怕留下记录，怕医院把我的资料交给移民局。\n\n"
            "我就这样忍了一个多星期。伤口开始发红、流脓，人也发起烧来。同住的一位大姐看不下去，硬"
            "拉着我去了一家社区诊所。那里的护士会说普通话。她告诉我，诊所不问病人的身份，费用也可"
            "以按收入来算。那天我只付了二十块钱，拿了药，还学会了怎么自己换药。\n\n"
            "护士说，要是再拖几天，可能就得住院了。我听了很后怕。\n\n"
            "现在手好了，只留下一块发亮的疤。可我常常想，像我这样的人还有很多：在厨房的，在工地"
            "的，帮别人带孩子的。我们生了病，第一个念头不是“我要看医生”，而是“我看得起吗？会不会"
            "惹麻烦？”\n\n"
            "我把这件事写出来，不留名字，是希望更多人知道：生病了，是有地方可以去的。也希望有一"
            "天，我们这些人生病的时候，不用先害怕。"
        ),
        "state": "published",
        "storyteller_name": "陈秀英",
        "attribution": "anonymous",
        "shown_name": "",
        "scopes": ["store", "publish"],
        "contact_email": "",
        "contact_phone": "",
        "region": "NY",
        "city": "New York",
        "themes": ["health-care", "work-and-wages"],
        "in_campaign": False,
        "days_ago": 73,
        "identifying_details": False,
        "question": "",
        "translations": {},
    },
    {
        "key": "kitchen-ceiling",
        "language": "en",
        "title": "The ceiling in my kitchen",
        "body": (
            "I have lived in my apartment in Atlanta for six years. I pay my rent on the first "
            "of every month, even in the months when my hours were cut.\n\n"
            "Last spring, water started coming through the kitchen ceiling every time it rained. "
            "First it was a brown stain, then a bulge, then a bucket on the floor. In July, a "
            "piece of the ceiling fell while my son was doing his homework at the table. He was "
            "not hurt, thank God, but he will not sit in the kitchen anymore.\n\n"
            "I reported it to the office four times, and I kept copies. The manager told me the "
            "repair was on the list. The fifth time, he said that if I was unhappy, I was free "
            "to move. He said it politely, but I understood. He knows that many families in our "
            "building have relatives without papers, and he knows we are afraid to make "
            "trouble.\n\n"
            "Now there is black mold behind the sink, and my son's asthma is worse. I cannot "
            "afford to move. Every apartment I look at wants three months' rent up front.\n\n"
            "The neighbor below me has the same leak. So does the family across the hall. We "
            "have started meeting on Sunday evenings to write down what is happening in each "
            "unit. Three families together feel braver than one.\n\n"
            "I am telling my story with my full name because I have a green card and I can. Many "
            "of my neighbors cannot. I am speaking for them too."
        ),
        "state": "published",
        "storyteller_name": "Adwoa Mensah-Boateng",
        "attribution": "full_name",
        "shown_name": "",
        "scopes": ["store", "publish", "press", "officials"],
        "contact_email": "",
        "contact_phone": "",
        "region": "GA",
        "city": "Atlanta",
        "themes": ["housing", "health-care"],
        "in_campaign": False,
        "days_ago": 40,
        "identifying_details": False,
        "question": "",
        "translations": {
            "ko": {
                "title": "우리 집 부엌 천장",
                "text": (
                    "저는 애틀랜타의 지금 아파트에서 6년째 살고 있습니다. 일하는 시간이 줄어든 "
                    "달에도 월세는 매달 1일에 꼬박꼬박 냈습니다.\n\n"
                    "작년 봄부터 비만 오면 부엌 천장에서 물이 새기 시작했습니다. 처음에는 갈색 "
                    "얼룩이 생기더니, 천장이 불룩하게 처지고, 결국 바닥에 양동이를 받쳐 놓아야 "
                    "했습니다. 7월에는 아들이 식탁에서 숙제를 하던 중에 천장 한 조각이 "
                    "떨어졌습니다. 다행히 아이는 다치지 않았지만, 그 뒤로는 부엌에 앉으려고 하지 "
                    "않습니다.\n\n"
                    "관리 사무실에 네 번 신고했고, 그때마다 사본을 챙겨 두었습니다. 관리인은 "
                    "수리 목록에 올라가 있다고만 했습니다. 다섯 번째로 찾아갔을 때는 불만이 "
                    "있으면 얼마든지 이사 가도 된다고 하더군요. 말투는 정중했지만 무슨 뜻인지 "
                    "알아들었습니다. 우리 건물에는 체류 서류가 없는 가족이 있는 집이 많고, "
                    "우리가 문제를 일으키기 두려워한다는 것을 그 사람도 알고 있습니다.\n\n"
                    "이제는 싱크대 뒤에 검은 곰팡이가 피었고, 아들의 천식도 더 심해졌습니다. "
                    "그렇다고 이사 갈 형편도 안 됩니다. 알아보는 아파트마다 석 달 치 월세를 먼저 "
                    "내라고 합니다.\n\n"
                    "아래층 이웃집도 똑같이 물이 샙니다. 복도 건너편 집도 마찬가지입니다. 그래서 "
                    "우리는 일요일 저녁마다 모여서 집집마다 무슨 일이 있는지 적기 시작했습니다. "
                    "한 가족일 때보다 세 가족이 함께하니 용기가 납니다.\n\n"
                    "제가 실명으로 이야기하는 것은 영주권이 있어서 그럴 수 있기 때문입니다. 제 "
                    "이웃 중에는 그럴 수 없는 분이 많습니다. 저는 그분들을 대신해서도 말하고 "
                    "있습니다."
                ),
            },
            "es": {
                "title": "El techo de mi cocina",
                "text": (
                    "Vivo en mi apartamento de Atlanta desde hace seis años. Pago la renta el "
                    "primero de cada mes, incluso en los meses en que me recortaron las "
                    "horas.\n\n"
                    "La primavera pasada empezó a entrar agua por el techo de la cocina cada vez "
                    "que llovía. Primero fue una mancha café, luego el techo se empezó a abombar "
                    "y después tuve que poner una cubeta en el piso. En julio se cayó un pedazo "
                    "del techo mientras mi hijo hacía la tarea en la mesa. Gracias a Dios no se "
                    "lastimó, pero ya no quiere sentarse en la cocina.\n\n"
                    "Lo reporté a la oficina cuatro veces y guardé copias. El administrador me "
                    "dijo que la reparación estaba en la lista. La quinta vez me dijo que, si no "
                    "estaba contenta, era libre de mudarme. Lo dijo con buenos modales, pero "
                    "entendí. Él sabe que muchas familias del edificio tienen parientes sin "
                    "papeles, y sabe que nos da miedo causar problemas.\n\n"
                    "Ahora hay moho negro detrás del fregadero y el asma de mi hijo ha "
                    "empeorado. No me alcanza para mudarme. En cada apartamento que veo me piden "
                    "tres meses de renta por adelantado.\n\n"
                    "La vecina de abajo tiene la misma gotera. La familia de enfrente, también. "
                    "Empezamos a reunirnos los domingos por la tarde para anotar lo que pasa en "
                    "cada apartamento. Tres familias juntas se sienten más valientes que una "
                    "sola.\n\n"
                    "Cuento mi historia con mi nombre completo porque tengo residencia "
                    "permanente y puedo hacerlo. Muchos de mis vecinos no pueden. También hablo "
                    "por ellos."
                ),
            },
        },
    },
    {
        "key": "nail-salon-interpreter",
        "language": "vi",
        "title": "Con gái tôi phải làm thông dịch cho mẹ",
        "body": (
            "Tôi làm thợ nail ở San Jose đã mười một năm. Tiếng Anh của tôi chỉ đủ để hỏi khách "
            "muốn sơn màu gì, để móng dài hay ngắn. Còn những chuyện khác thì tôi phải nhờ con "
            "gái.\n\n"
            "Con gái tôi năm nay học lớp bảy. Từ hồi lớp ba, mỗi lần trường gửi thư về nhà, cháu "
            "là người đọc rồi dịch lại cho tôi. Họp phụ huynh thì cháu ngồi giữa tôi và cô giáo, "
            "dịch qua dịch lại. Có lần cô giáo nói cháu hay nộp bài trễ, vậy mà cháu dịch là cô "
            "khen con học giỏi. Mãi đến cuối năm tôi mới biết.\n\n"
            "Năm ngoái, trường gọi điện báo cháu bị bạn bắt nạt, nhưng lúc đó tôi đang làm ở "
            "tiệm, nghe không hiểu hết. Tôi xin một người thông dịch tiếng Việt, họ nói sẽ sắp "
            "xếp rồi không thấy ai gọi lại. Tôi đã để lại cho văn phòng nhà trường địa chỉ nhà "
            "là 2281 Dogwood Terrace Ct, San Jose và số điện thoại (408) 555-0131 để họ liên lạc "
            "khi có người thông dịch. Đến giờ vẫn chưa ai gọi.\n\n"
            "Tôi không trách con. Cháu mới mười hai tuổi mà đã phải làm người lớn trong những "
            "chuyện của người lớn. Tôi chỉ mong nhà trường có người nói tiếng Việt, hoặc ít nhất "
            "gửi thư bằng tiếng Việt, để tôi được làm mẹ, được tự mình hỏi han chuyện học hành "
            "của con.\n\n"
            "Ở tiệm, nhiều chị em cũng giống như tôi. Chúng tôi làm cả ngày, hít mùi hóa chất, "
            "về nhà lại không hiểu giấy tờ trường gửi. Không phải vì chúng tôi không lo cho con, "
            "mà vì không ai nói chuyện với chúng tôi bằng tiếng của mình."
        ),
        "state": "in_review",
        "storyteller_name": "Trần Thị Mỹ Hạnh",
        "attribution": "first_name",
        "shown_name": "Hạnh",
        "scopes": ["store", "publish", "advocacy", "contact"],
        "contact_email": "hanh.tran@example.org",
        "contact_phone": "(408) 555-0131",
        "region": "CA",
        "city": "San Jose",
        "themes": ["language-access", "school-and-youth", "work-and-wages"],
        "in_campaign": False,
        "days_ago": 12,
        "identifying_details": True,
        "question": "",
        "translations": {},
    },
    {
        "key": "caregiver-petition",
        "language": "tl",
        "title": "Dalawampu't apat na taon ng paghihintay",
        "body": (
            "Caregiver ako dito sa Daly City. Nag-aalaga ako ng matatanda: yung iba may "
            "dementia, yung iba hindi na makalakad. Pinapaliguan ko sila, pinapakain, "
            "binabantayan buong gabi. Sabi ng mga anak nila, parang kapamilya na raw nila ako. "
            "Masaya ako doon, pero minsan masakit din, kasi ang sarili kong anak, hindi ko "
            "maalagaan.\n\n"
            "Pinetisyon ako ng kuya ko noong 2001. Labinlimang taon bago lumabas ang visa ko. "
            "Nung umalis ako sa Pilipinas noong 2016, bente-dos anyos na ang anak ko. Hindi na "
            'raw siya puwedeng sumama kasi lampas na siya sa edad. "Aged out" daw ang tawag '
            "doon. Sa airport sa Maynila, magkayakap kaming umiiyak, at nangako ako na kukunin "
            "ko siya agad.\n\n"
            "Pagdating ko dito, pinetisyon ko kaagad siya. Ito pa yung receipt number na "
            "ibinigay sa amin: WAC1790312456. Ang A-number ko naman ay A212-345-678. Halos "
            "linggo-linggo kong tinitingnan ang status online, pero pareho pa rin ang nakasulat. "
            "Siyam na taon na.\n\n"
            "Trenta'y uno na siya ngayon. Walong taon na sila ng girlfriend niya, pero hindi pa "
            "sila makapagpakasal. Sabi kasi ng abogado, kapag nag-asawa siya habang green card "
            "holder pa lang ako, mawawala ang petisyon. Kaya bukod sa perang ipinapadala ko "
            "buwan-buwan, nag-iipon din ako para sa citizenship application ko.\n\n"
            "Hindi ko hinihiling na mauna kami sa pila. Ang hiling ko lang, sana may katapusan "
            "ang pila. Pagod na ang likod ko, at gusto kong makasama pa ang anak ko habang kaya "
            "ko pa siyang yakapin nang mahigpit.\n\n"
            "Kung may tanong po kayo, tawagan n'yo lang po ako sa (650) 555-0163."
        ),
        "state": "submitted",
        "storyteller_name": "Rosalinda Magbanua Dizon",
        "attribution": "pen_name",
        "shown_name": "Nanay mula sa Daly City",
        "scopes": ["store", "publish", "advocacy", "officials", "contact"],
        "contact_email": "rosalinda.d@example.org",
        "contact_phone": "(650) 555-0163",
        "region": "CA",
        "city": "Daly City",
        "themes": ["family-separation", "work-and-wages"],
        "in_campaign": True,
        "days_ago": 5,
        "identifying_details": True,
        "question": "",
        "translations": {},
    },
    {
        "key": "emergency-room-interpreter",
        "language": "ko",
        "title": "말이 안 통하는 응급실",
        "body": (
            "저는 워싱턴주에서 세탁소 일을 하는 쉰여덟 살 여자입니다. 영어는 손님하고 옷 맡기고 "
            "찾는 이야기 정도만 할 줄 알아요.\n\n"
            "지난봄 어느 날 새벽, 가슴이 너무 답답하고 왼팔이 저려서 남편이 저를 응급실에 "
            "데려갔습니다. 남편도 영어는 저와 별반 다르지 않아요. 접수하는 분이 빠르게 뭐라고 "
            '물어보는데 절반도 못 알아들었습니다. 아프다는 말은 "pain"밖에 생각이 안 '
            "나더라고요.\n\n"
            "간호사가 종이를 몇 장 내밀면서 여기, 여기 사인하라고 했어요. 무슨 서류인지 물어보고 "
            "싶었지만, 뒤에 사람들이 기다리고 있고 저는 숨쉬기도 힘들어서 그냥 사인했습니다. "
            "다행히 심장에는 큰 이상이 없었고, 다음 날 집에 왔어요.\n\n"
            "한 달 뒤에 청구서가 왔는데, 금액을 보고 손이 떨렸습니다. 교회 집사님께 보여 "
            "드렸더니, 제가 사인한 서류 중에 비용에 관한 내용이 있었던 것 같다고 하셨어요. 저는 "
            "그게 뭔지 전혀 몰랐습니다.\n\n"
            "나중에 알고 보니 병원에 한국어 통역을 부탁할 수 있었다고 하더라고요. 그런데 그날은 "
            "아무도 그런 말을 해 주지 않았어요. 알았다면 저도 당연히 부탁했을 거예요.\n\n"
            "저 같은 사람이 아플 때 제일 무서운 건 병보다 말이 안 통하는 거예요. 내 몸에 무슨 "
            "일이 일어나는지, 내가 무엇에 사인하는지는 알고 싶습니다. 병원에 들어서자마자 "
            '"통역이 필요하세요?" 하고 먼저 물어봐 주면 좋겠어요.'
        ),
        "state": "changes_requested",
        "storyteller_name": "이미경",
        "attribution": "anonymous",
        "shown_name": "",
        "scopes": ["store", "publish", "advocacy"],
        "contact_email": "",
        "contact_phone": "",
        "region": "WA",
        "city": "Federal Way",
        "themes": ["language-access", "health-care"],
        "in_campaign": False,
        "days_ago": 21,
        "identifying_details": False,
        "question": (
            "이야기를 나눠 주셔서 고맙습니다. 한 가지 여쭤볼게요. 이야기에 나이와 세탁소에서 "
            "일하신다는 내용이 함께 나와서, 동네 분들이 누구인지 알아보실 수도 있을 것 같아요. "
            "그대로 두셔도 괜찮을까요, 아니면 '쉰여덟 살'을 '쉰이 넘은'으로 바꿔 드릴까요?"
        ),
        "translations": {
            "en": {
                "title": "The emergency room where I couldn't make myself understood",
                "text": (
                    "I am a fifty-eight-year-old woman who works at a dry cleaner in Washington "
                    "State. My English is only good enough to talk with customers about dropping "
                    "off and picking up their clothes.\n\n"
                    "One morning last spring, before dawn, my chest felt terribly tight and my "
                    "left arm went numb, so my husband took me to the emergency room. His "
                    "English isn't much better than mine. The person at the front desk asked me "
                    "something very fast, and I didn't understand even half of it. The only word "
                    'for hurting that came to mind was "pain."\n\n'
                    "A nurse held out a few sheets of paper and told me to sign here, and here. "
                    "I wanted to ask what they were, but people were waiting behind us and I "
                    "could barely breathe, so I just signed. Thankfully there was nothing "
                    "seriously wrong with my heart, and I came home the next day.\n\n"
                    "A month later the bill came, and my hands shook when I saw the amount. I "
                    "showed it to a deaconess at my church, and she said one of the papers I "
                    "signed seemed to be about the costs. I had no idea what it was.\n\n"
                    "Later I found out that I could have asked the hospital for a Korean "
                    "interpreter. But nobody told me that on that day. If I had known, of course "
                    "I would have asked.\n\n"
                    "For people like me, the scariest thing about being sick is not the illness. "
                    "It is not being able to make ourselves understood. I want to know what is "
                    "happening to my body and what I am signing. I wish that the moment we "
                    'walked into a hospital, someone would ask us first, "Do you need an '
                    'interpreter?"'
                ),
            },
        },
    },
    {
        "key": "visa-consultant-ad",
        "language": "en",
        "title": "Guaranteed green card in 30 days!!!",
        "body": (
            "Hello friends, I am a professional immigration consultant with many years of "
            "experience helping families from all over the world. I am not a lawyer, but I know "
            "the system better than lawyers and I charge much less.\n\n"
            "Are you tired of waiting for your visa? I can help you skip the line. With my "
            "special method, your green card can be approved in only 30 days, 100% guaranteed or "
            "your money back. I also help with work permits, driver licenses and travel "
            "documents, no questions asked.\n\n"
            "Many of my clients were waiting ten or fifteen years. Now they are happy and living "
            "their dreams. You can be next!\n\n"
            "Send me a message today for a free evaluation. I accept cash, gift cards or "
            "cryptocurrency. Special discount this month only for readers of this website. Don't "
            "wait, spaces are limited!"
        ),
        "state": "declined",
        "storyteller_name": "Kevin Marlowe",
        "attribution": "full_name",
        "shown_name": "",
        "scopes": ["store", "publish", "press"],
        "contact_email": "",
        "contact_phone": "",
        "region": "",
        "city": "",
        "themes": ["family-separation"],
        "in_campaign": False,
        "days_ago": 9,
        "identifying_details": False,
        "question": "",
        "translations": {},
    },
    {
        "key": "withdrawn-story",
        "language": "es",
        "title": "",
        "body": "",
        "state": "withdrawn",
        "storyteller_name": "",
        "attribution": "anonymous",
        "shown_name": "",
        "scopes": ["store"],
        "contact_email": "",
        "contact_phone": "",
        "region": "",
        "city": "",
        "themes": ["housing"],
        "in_campaign": False,
        "days_ago": 47,
        "identifying_details": False,
        "question": "",
        "translations": {},
    },
]
