"""The demo organisation's campaign, "Waiting years": its name and prompt in each language."""

from typing import Final

from .kinds import DemoCampaign

CAMPAIGN: Final = DemoCampaign(
    slug="waiting-years",
    names={
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
    prompts={
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
)
