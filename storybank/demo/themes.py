"""The demo organisation's themes, named in each of its languages."""

from typing import Final

from .kinds import DemoTheme

LOCALES: Final = ("en", "ko", "es", "zh-hans", "zh-hant", "vi", "tl", "ja", "hi", "th", "km", "ur")

THEMES: Final[tuple[DemoTheme, ...]] = (
    DemoTheme(
        slug="family-separation",
        names={
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
    ),
    DemoTheme(
        slug="work-and-wages",
        names={
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
    ),
    DemoTheme(
        slug="housing",
        names={
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
    ),
    DemoTheme(
        slug="health-care",
        names={
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
    ),
    DemoTheme(
        slug="school-and-youth",
        names={
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
    ),
    DemoTheme(
        slug="language-access",
        names={
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
    ),
)
