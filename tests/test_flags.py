"""The identifying-detail detector: what it flags, what it leaves alone, and how it redacts."""

from __future__ import annotations

import itertools
import time
from collections import Counter

import pytest
from flask import Flask
from flask_babel import Babel

from storybank.redaction import REDACTED, Flag, FlagKind, find_flags, redact

E = FlagKind.EMAIL
P = FlagKind.PHONE
ADDR = FlagKind.STREET_ADDRESS
A = FlagKind.A_NUMBER
R = FlagKind.USCIS_RECEIPT
SSN = FlagKind.SSN
ITIN = FlagKind.ITIN
PP = FlagKind.PASSPORT
DOB = FlagKind.DATE_OF_BIRTH
N = FlagKind.NAME

Row = tuple[str, str, tuple[str, ...], list[tuple[FlagKind, str]]]

POSITIVES: list[Row] = [
    # e-mail
    (
        "email-en",
        "Write to me at maria.lopez@example.com if you want.",
        (),
        [(E, "maria.lopez@example.com")],
    ),
    (
        "email-idn-es",
        "Mi correo es jose@correo.méxico.mx, escríbeme.",
        (),
        [(E, "jose@correo.méxico.mx")],
    ),
    (
        "email-ko-particle",
        "이메일은 eunjin.kim@example.kr로 보내 주세요.",
        (),
        [(E, "eunjin.kim@example.kr")],
    ),
    (
        "email-spelled-out",
        "my email is juan.perez at gmail dot com",
        (),
        [(E, "juan.perez at gmail dot com")],
    ),
    (
        "email-fullwidth-ja",
        "メール：ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ",
        (),
        [(E, "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ")],
    ),
    # phone numbers
    ("phone-us-parens", "Call (312) 555-0199 after six.", (), [(P, "(312) 555-0199")]),
    (
        "phone-us-formats",
        "312-555-0199, 312.555.0199, +1 312 555 0199 or 3125550199",
        (),
        [(P, "312-555-0199"), (P, "312.555.0199"), (P, "+1 312 555 0199"), (P, "3125550199")],
    ),
    ("phone-kr-intl", "한국 번호는 +82 10-1234-5678이에요.", (), [(P, "+82 10-1234-5678")]),
    ("phone-kr-mobile", "제 번호는 010-1234-5678입니다.", (), [(P, "010-1234-5678")]),
    ("phone-mx", "Mi mamá contesta en el +52 55 1234 5678.", (), [(P, "+52 55 1234 5678")]),
    (
        "phone-tl",
        "Tawagan mo ako sa +63 917 123 4567 o 0917 123 4567.",
        (),
        [(P, "+63 917 123 4567"), (P, "0917 123 4567")],
    ),
    ("phone-vi", "Số điện thoại của mẹ tôi là +84 90 123 45 67.", (), [(P, "+84 90 123 45 67")]),
    (
        "phone-fullwidth-ja",
        "電話：０９０－１２３４－５６７８までどうぞ。",
        (),
        [(P, "０９０－１２３４－５６７８")],
    ),
    ("phone-ur", "میرا فون نمبر ۳۱۲-۵۵۵-۰۱۹۹ ہے", (), [(P, "۳۱۲-۵۵۵-۰۱۹۹")]),
    ("phone-zh", "我的电话是138 1234 5678。", (), [(P, "138 1234 5678")]),
    ("phone-then-count", "call 010-1234-5678 5 times", (), [(P, "010-1234-5678")]),
    # street addresses
    (
        "address-us-full",
        "We rented a room at 1234 W. Lawrence Ave, Apt 2B, Chicago, IL 60640 for two years.",
        (),
        [(ADDR, "1234 W. Lawrence Ave, Apt 2B, Chicago, IL 60640")],
    ),
    ("address-in-korean", "1234 N Clark St에 살았어요.", (), [(ADDR, "1234 N Clark St")]),
    ("address-us-simple", "She lives at 56 Maple Drive now.", (), [(ADDR, "56 Maple Drive")]),
    ("address-es-calle", "Vivíamos en Calle 5 #23 en Bogotá.", (), [(ADDR, "Calle 5 #23")]),
    (
        "address-es-name-first",
        "Mi tía vive en la calle Hidalgo 123, cerca del mercado.",
        (),
        [(ADDR, "calle Hidalgo 123")],
    ),
    ("address-po-box", "Send letters to P.O. Box 4521, please.", (), [(ADDR, "P.O. Box 4521")]),
    # A-numbers
    ("a-number-labelled-prefixed", "My A-number is A123456789.", (), [(A, "A123456789")]),
    (
        "a-number-shapes",
        "A-123-456-789, A 12345678 and A#123456789",
        (),
        [(A, "A-123-456-789"), (A, "A 12345678"), (A, "A#123456789")],
    ),
    ("a-number-labelled-bare", "A-Number: 123456789", (), [(A, "123456789")]),
    ("a-number-ko", "에이넘버는 A-087-654-321이에요.", (), [(A, "A-087-654-321")]),
    ("a-number-fullwidth", "Ａ１２３４５６７８９でした", (), [(A, "Ａ１２３４５６７８９")]),
    # USCIS receipts
    (
        "receipt-shapes",
        "EAC2190123456, IOE 0912345678 and WAC-21-901-23456",
        (),
        [(R, "EAC2190123456"), (R, "IOE 0912345678"), (R, "WAC-21-901-23456")],
    ),
    ("receipt-es", "Mi número de recibo es LIN2190012345.", (), [(R, "LIN2190012345")]),
    # SSN and ITIN
    ("ssn-dashes", "My SSN is 123-45-6789.", (), [(SSN, "123-45-6789")]),
    ("ssn-spaces", "Social Security 123 45 6789", (), [(SSN, "123 45 6789")]),
    ("ssn-labelled-bare", "SSN: 123456789", (), [(SSN, "123456789")]),
    ("ssn-ko", "사회보장번호는 234567890입니다.", (), [(SSN, "234567890")]),
    ("ssn-es", "Mi número de seguro social es 345-67-8901.", (), [(SSN, "345-67-8901")]),
    ("ssn-fullwidth", "ＳＳＮ：１２３－４５－６７８９", (), [(SSN, "１２３－４５－６７８９")]),
    ("itin-labelled", "I filed taxes with my ITIN 912-70-1234.", (), [(ITIN, "912-70-1234")]),
    ("itin-unlabelled", "the number 987-94-1234 on the letter", (), [(ITIN, "987-94-1234")]),
    # passports
    ("passport-ko", "여권번호는 M12345678입니다.", (), [(PP, "M12345678")]),
    ("passport-en-digits", "My passport number is 123456789.", (), [(PP, "123456789")]),
    ("passport-zh", "护照号码是E12345678。", (), [(PP, "E12345678")]),
    ("passport-ja", "パスポート番号：TK1234567", (), [(PP, "TK1234567")]),
    ("passport-vi", "Số hộ chiếu của tôi là C1234567.", (), [(PP, "C1234567")]),
    ("passport-es", "Mi pasaporte mexicano número G12345678 se venció.", (), [(PP, "G12345678")]),
    ("passport-ur", "میرا پاسپورٹ نمبر AB1234567 ہے", (), [(PP, "AB1234567")]),
    ("passport-label-after", "M12345678 was my old passport number.", (), [(PP, "M12345678")]),
    # dates of birth
    ("dob-en", "I was born on March 14, 1985 in Oaxaca.", (), [(DOB, "March 14, 1985")]),
    ("dob-numeric", "DOB: 03/14/1985", (), [(DOB, "03/14/1985")]),
    ("dob-es", "Nací el 14 de marzo de 1985 en Guatemala.", (), [(DOB, "14 de marzo de 1985")]),
    ("dob-ko", "저는 1985년 3월 14일에 태어났어요.", (), [(DOB, "1985년 3월 14일")]),
    ("dob-zh", "我出生于1985年3月14日。", (), [(DOB, "1985年3月14日")]),
    ("dob-ja", "1985年3月14日生まれです。", (), [(DOB, "1985年3月14日")]),
    ("dob-ja-era", "昭和60年3月14日生まれ", (), [(DOB, "昭和60年3月14日")]),
    ("dob-vi", "Tôi sinh ngày 14 tháng 3 năm 1985 ở Huế.", (), [(DOB, "14 tháng 3 năm 1985")]),
    ("dob-tl", "Ipinanganak ako noong Marso 14, 1985 sa Batangas.", (), [(DOB, "Marso 14, 1985")]),
    ("dob-ar", "ولدت في ١٥/٠٣/١٩٩٠ في لاهور", (), [(DOB, "١٥/٠٣/١٩٩٠")]),
    ("dob-cue-after", "March 14, 1985 is my birthday.", (), [(DOB, "March 14, 1985")]),
    # the storyteller's names
    (
        "name-en",
        "My name is Kim Eun-jin, but friends call me Eun-jin.",
        ("Kim Eun-jin",),
        [(N, "Kim Eun-jin"), (N, "Eun-jin")],
    ),
    (
        "name-ko",
        "저는 김은진이에요. 다들 은진이라고 불러요.",
        ("김은진",),
        [(N, "김은진"), (N, "은진")],
    ),
    ("name-ko-spaced", "제 이름은 김은진입니다.", ("김 은진",), [(N, "김은진")]),
    ("name-without-accents", "Jose Garcia llegó en 2009.", ("José García",), [(N, "Jose Garcia")]),
    (
        "name-vi",
        "Tôi là Nguyễn Thị Lan. Mọi người gọi tôi là Lan.",
        ("Nguyễn Thị Lan",),
        [(N, "Nguyễn Thị Lan"), (N, "Lan")],
    ),
    ("name-zh", "我叫王小明，今年三十岁。", ("王小明",), [(N, "王小明")]),
    (
        "name-ja",
        "山田花子です。花子と呼んでください。",
        ("山田 花子",),
        [(N, "山田花子"), (N, "花子")],
    ),
    ("name-parts-reversed", "Eun-jin Kim told this story.", ("Kim Eun-jin",), [(N, "Eun-jin Kim")]),
    # several details in one text, and overlaps
    (
        "multi-en",
        "I'm Maria Lopez, born 03/14/1985, phone 312-555-0199, email maria.lopez@example.com.",
        ("Maria Lopez",),
        [
            (N, "Maria Lopez"),
            (DOB, "03/14/1985"),
            (P, "312-555-0199"),
            (E, "maria.lopez@example.com"),
        ],
    ),
    (
        "multi-ko",
        "제 이름은 김은진이고 전화번호는 010-1234-5678, 생년월일은 1985.03.14이에요.",
        ("김은진",),
        [(N, "김은진"), (P, "010-1234-5678"), (DOB, "1985.03.14")],
    ),
    (
        "overlap-address-beats-name",
        "We lived at 1234 Lawrence Ave.",
        ("Lawrence Chen",),
        [(ADDR, "1234 Lawrence Ave.")],
    ),
    ("overlap-receipt-beats-phone", "Receipt IOE 2125550199 arrived.", (), [(R, "IOE 2125550199")]),
    ("overlap-ssn-beats-phone", "SSN 078-05-1120", (), [(SSN, "078-05-1120")]),
    ("overlap-a-number-beats-passport", "A12345678 is on my passport too.", (), [(A, "A12345678")]),
]

NEGATIVES: list[Row] = [
    ("neg-year", "In 2009 we came to Chicago.", (), []),
    ("neg-counts", "I worked 12 hours a day for 15 years.", (), []),
    ("neg-money", "They paid me $1,200 a month, sometimes ₩1,500,000.", (), []),
    ("neg-year-range", "Between 1990-2000 things were hard.", (), []),
    ("neg-times", "The shift ran from 9:00 to 17:30.", (), []),
    ("neg-zip", "Our ZIP code was 60640.", (), []),
    ("neg-zip-plus-four", "ZIP+4 60640-1234", (), []),
    ("neg-city-state-zip", "We moved to Chicago, IL 60640 in winter.", (), []),
    ("neg-event-date", "On March 14, 2019 we crossed the border.", (), []),
    ("neg-cue-other-sentence", "I was born in Guatemala. On March 14, 2019 we crossed.", (), []),
    ("neg-birth-year-only", "I was born in 1985.", (), []),
    ("neg-dates-no-cue", "From 01/02/2019 to 03/04/2020 I waited.", (), []),
    ("neg-iso-date-no-cue", "Form I-589 filed on 2019-05-01.", (), []),
    ("neg-cue-no-date", "My birthday party was fun.", (), []),
    ("neg-route", "We drove on Route 66 for days.", (), []),
    ("neg-named-avenue", "She worked on 5th Avenue.", (), []),
    ("neg-street-no-number", "We lived on Clark Street.", (), []),
    ("neg-unit-alone", "Apartment 2B was cold.", (), []),
    ("neg-court-hearings", "I had 3 Immigration Court hearings.", (), []),
    ("neg-year-before-street", "In 2019 Main Street was closed for repairs.", (), []),
    ("neg-es-calle", "La calle estaba oscura y fría.", (), []),
    ("neg-es-avenida", "Marchamos por la Avenida 5 de Mayo.", (), []),
    ("neg-a-word", "A1 was the first row.", (), []),
    ("neg-a-year", "Plan A 2019 failed.", (), []),
    ("neg-a-number-words", "I was given a number: 123456789.", (), []),
    ("neg-covid", "COVID-19 closed the factory.", (), []),
    ("neg-product-code", "The box said SKU AB123456 on it.", (), []),
    ("neg-forms", "The I-94 form and the I-130 petition.", (), []),
    ("neg-ssn-666", "666-12-3456 is not a real number.", (), []),
    ("neg-ssn-000", "000-12-3456", (), []),
    ("neg-ssn-9xx-not-itin", "923-45-6789 looked official.", (), []),
    ("neg-ssn-group-00", "123-00-4567", (), []),
    ("neg-passport-no-number", "My passport expired in 2019.", (), []),
    ("neg-passport-letters", "Passport: EXPIRED", (), []),
    ("neg-long-number", "Order 12345678901234 shipped.", (), []),
    ("neg-decimal", "The rate was 0.0512 percent.", (), []),
    ("neg-emergency", "Call 911!", (), []),
    ("neg-flight", "Flight UA 857 landed at 6:45.", (), []),
    ("neg-version", "version 1.2.3", (), []),
    ("neg-handle", "Find me as @maria_l or maria@home.", (), []),
    ("neg-at-words", "She was at home, not at school.", (), []),
    ("neg-ko-date", "2019년 3월 14일에 국경을 넘었어요.", (), []),
    ("neg-ko-counts", "15년 동안 하루 12시간 일했어요.", (), []),
    ("neg-ko-money", "월급은 2,500,000원이었어요.", (), []),
    ("neg-zh-year", "我2009年来到美国，工作了15年。", (), []),
    ("neg-zh-cue-no-date", "我的生日快到了。", (), []),
    ("neg-ja-date", "2019年3月14日に国境を越えました。", (), []),
    ("neg-ja-fullwidth", "２００９年に来て、午前９時から午後５時まで働きました。", (), []),
    ("neg-vi-student", "Tôi là học sinh từ ngày 5 tháng 9 năm 2005.", (), []),
    ("neg-vi-visa-word", "Tôi chờ thị thực ba năm.", ("Nguyễn Thị Lan",), []),
    ("neg-tl-counts", "Nagtrabaho ako nang 12 oras bawat araw sa loob ng 15 taon.", (), []),
    ("neg-tl-may", "Walang pagkain, pero may tubig.", ("May Reyes",), []),
    ("neg-es-money", "Trabajé 10 horas al día por $80.", (), []),
    ("neg-es-name-words", "No perdimos la esperanza ni la luz.", ("María Luz Esperanza",), []),
    ("neg-name-particles", "Fuimos a la casa de mi madre.", ("María de la Cruz",), []),
    ("neg-name-in-word", "Kimberly helped us.", ("Kim Eun-jin",), []),
    ("neg-name-short-lowercase", "I may go home.", ("May Reyes",), []),
    ("neg-ur-year", "میں 2009 میں امریکہ آیا اور 15 سال کام کیا", (), []),
    ("neg-ar-counts", "عملت ١٢ ساعة في اليوم", (), []),
    ("neg-decade", "In the 1980s we had 3 kids.", (), []),
    ("neg-dot-word", "He pointed at the dot on the map.", (), []),
    ("neg-decimal-money", "The bill was 1,234.56 dollars.", (), []),
    ("neg-detention-years", "I was in detention from 2019-2020.", (), []),
    ("neg-room-floor", "Room 1234, floor 5.", (), []),
    ("neg-capitalised-count", "We took 3 Greyhound buses to Los Angeles.", (), []),
    ("neg-doctor", "I saw Dr. Smith 3 times.", (), []),
    ("neg-score", "The score was 3-2-1 and bus 151 was late.", (), []),
    ("neg-case-year", "Our case number was 2019-123.", (), []),
    ("neg-school", "The kids, ages 3, 5 and 9, went to PS 123.", (), []),
    ("neg-es-event", "El 14 de marzo de 2019 cruzamos la frontera.", (), []),
    ("neg-es-birth-year", "Nací en un pueblo pequeño en 1985.", (), []),
    ("neg-ko-cue-no-date", "제 생일은 봄이에요.", (), []),
    ("neg-ko-passport-lost", "여권을 잃어버렸어요.", (), []),
    ("neg-zh-passport-lost", "我的护照丢了。", (), []),
    ("neg-ja-hometown", "生まれ故郷は大阪です。", (), []),
    ("neg-vi-work", "Tôi đến Mỹ năm 2009 và làm việc 12 tiếng mỗi ngày.", (), []),
]

TABLE = POSITIVES + NEGATIVES


def _pairs(flags: list[Flag]) -> list[tuple[FlagKind, str]]:
    return [(flag.kind, flag.text) for flag in flags]


def test_the_table_is_big_and_mostly_negative():
    """Is the table at least 70 rows, at least half of them texts with nothing to flag?"""
    assert len(TABLE) >= 70
    assert len(NEGATIVES) >= len(POSITIVES)
    assert all(not expected for _, _, _, expected in NEGATIVES)
    assert all(expected for _, _, _, expected in POSITIVES)
    assert len({row[0] for row in TABLE}) == len(TABLE)
    print(f"\ntable: {len(TABLE)} rows, {len(POSITIVES)} positive, {len(NEGATIVES)} negative")


@pytest.mark.parametrize(
    ("text", "names", "expected"), [r[1:] for r in TABLE], ids=[r[0] for r in TABLE]
)
def test_table(text, names, expected):
    """Are exactly the expected details flagged, in order, with offsets into the original?"""
    flags = find_flags(text, names)
    assert _pairs(flags) == expected
    for flag in flags:
        assert text[flag.start : flag.end] == flag.text
    assert flags == sorted(flags)
    assert all(a.end <= b.start for a, b in itertools.pairwise(flags))


def test_precision_and_recall_on_the_table():
    """Are precision and recall both 1.0 over every flag of the table?"""
    found_total = expected_total = true_positives = 0
    for _, text, names, expected in TABLE:
        found = Counter(_pairs(find_flags(text, names)))
        wanted = Counter(expected)
        true_positives += sum((found & wanted).values())
        found_total += sum(found.values())
        expected_total += sum(wanted.values())
    precision = true_positives / found_total
    recall = true_positives / expected_total
    print(
        f"\nprecision {precision:.3f}, recall {recall:.3f} ({true_positives} of {expected_total})"
    )
    assert precision == 1.0
    assert recall == 1.0


def test_decomposed_text_reports_original_offsets():
    """Does text typed in decomposed form (NFD) still match, with offsets into the original?"""
    import unicodedata

    text = unicodedata.normalize("NFD", "Tôi là Nguyễn Thị Lan, sinh ngày 14 tháng 3 năm 1985.")
    flags = find_flags(text, ["Nguyễn Thị Lan"])
    assert [flag.kind for flag in flags] == [N, DOB]
    for flag in flags:
        assert text[flag.start : flag.end] == flag.text
    assert unicodedata.normalize("NFC", flags[0].text) == "Nguyễn Thị Lan"


def test_no_text_and_no_names():
    """Does an empty text, or a list of blank names, flag nothing?"""
    assert find_flags("") == []
    assert find_flags("Maria came in 2009.", ["", "  "]) == []


MIXED = (
    "I'm Maria Lopez, born 03/14/1985. We lived at 1234 W. Lawrence Ave, Apt 2B, Chicago, "
    "IL 60640. 제 번호는 010-1234-5678입니다. A-Number: 123456789, receipt EAC2190123456, "
    "SSN 123-45-6789, 여권번호는 M12345678. Write to maria.lopez@example.com. "
    "On March 14, 2019 we crossed; I worked 12 hours a day for $1,200."
)


def test_redact_keeps_everything_outside_the_flags():
    """Is every character outside the flags kept exactly, and each flag replaced once?"""
    flags = find_flags(MIXED, ["Maria Lopez"])
    assert len(flags) == 9
    marked = redact(MIXED, flags, lambda flag: "\x00")
    kept = marked.split("\x00")
    outside = [MIXED[a.end : b.start] for a, b in itertools.pairwise(flags)]
    outside = [MIXED[: flags[0].start], *outside, MIXED[flags[-1].end :]]
    assert [piece.encode() for piece in kept] == [piece.encode() for piece in outside]
    assert redact(MIXED, flags).count(REDACTED) == len(flags)


def test_redacting_again_finds_nothing_more():
    """Does the redacted text of every table row have nothing left to flag?"""
    for _, text, names, _ in TABLE:
        redacted = redact(text, find_flags(text, names))
        assert find_flags(redacted, names) == [], redacted
    redacted = redact(MIXED, find_flags(MIXED, ["Maria Lopez"]))
    assert find_flags(redacted, ["Maria Lopez"]) == []
    assert redact(redacted, find_flags(redacted)) == redacted


def test_redact_with_a_replacement_per_kind():
    """Can the caller choose the replacement, for example by kind?"""
    text = "Call 312-555-0199 or write to ana@example.org."
    redacted = redact(text, find_flags(text), lambda flag: f"<{flag.kind.value}>")
    assert redacted == "Call <phone> or write to <email>."
    assert redact(text, []) == text


def test_redact_refuses_stale_or_overlapping_flags():
    """Are flags found on another version of the text, or overlapping flags, refused?"""
    text = "Call 312-555-0199 now."
    flags = find_flags(text)
    with pytest.raises(ValueError, match="does not match"):
        redact("Please c" + text, flags)
    overlapping = [flags[0], Flag(flags[0].start + 2, flags[0].end + 2, P, text[7:19])]
    with pytest.raises(ValueError, match="overlapping"):
        redact(text, overlapping)


def test_every_kind_has_a_label():
    """Does each kind have a label that translation can look up, shown in English by default?"""
    app = Flask(__name__)
    Babel(app)
    with app.app_context():
        labels = {kind: kind.label for kind in FlagKind}
    assert all(isinstance(label, str) and label for label in labels.values())
    assert labels[FlagKind.EMAIL] == "E-mail address"
    assert labels[FlagKind.NAME] == "The storyteller's name"


# Paragraphs with the number of flags each holds (names: Maria Lopez and 김은진).
PARAGRAPHS = [
    (
        "I was born on March 14, 1985 in Oaxaca. On March 14, 2019 we crossed the river at night. "
        "Call me at (312) 555-0199 if you need to.",
        2,
    ),
    (
        "저는 김은진이에요. 1985년 3월 14일에 태어났어요. 전화 010-1234-5678로 연락 주세요. "
        "15년 동안 하루 12시간 일했어요.",
        3,
    ),
    ("我2009年来到美国，工作了15年，每个月挣$1,200。我的护照号码是E12345678。", 1),
    ("Tôi sinh ngày 14 tháng 3 năm 1985. Tôi là học sinh từ ngày 5 tháng 9 năm 2005.", 1),
    (
        "Vivíamos en la calle Hidalgo 123 y mi A-Number es A123456789. La Avenida 5 de Mayo "
        "estaba llena de gente.",
        2,
    ),
    ("Ipinanganak ako noong Marso 14, 1985. Ang numero ko ay 0917 123 4567.", 2),
    ("2019年3月14日に国境を越えました。メールは maria＠example.com です。", 1),
    ("میرا فون نمبر ۳۱۲-۵۵۵-۰۱۹۹ ہے اور میں 2009 میں امریکہ آیا", 1),
    (
        "I worked 12 hours a day on Route 66 for 15 years. Maria Lopez kept my receipt "
        "EAC2190123456 and SSN 123-45-6789 in a box.",
        3,
    ),
]
FILLER = "We waited, and we kept working, and the children grew up. "


def test_a_long_story_completes_with_every_flag():
    """Does a 20,000-character mixed-language story come back with every flag (time printed)?"""
    pieces: list[str] = []
    expected = length = 0
    for paragraph, count in PARAGRAPHS * 100:
        if length + len(paragraph) + 2 > 20_000 - len(FILLER):
            break
        pieces.append(paragraph)
        expected += count
        length += len(paragraph) + 2
    story = "\n\n".join(pieces) + "\n\n"
    story += (FILLER * (20_000 // len(FILLER) + 1))[: 20_000 - len(story)]
    assert len(story) == 20_000
    names = ["Maria Lopez", "김은진"]
    started = time.perf_counter()
    flags = find_flags(story, names)
    first = time.perf_counter() - started
    assert len(flags) == expected
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        find_flags(story, names)
        timings.append(time.perf_counter() - started)
    print(
        f"\nfind_flags on {len(story):,} characters: {len(flags)} flags, "
        f"first call {first * 1000:.1f} ms, best of 5 {min(timings) * 1000:.1f} ms"
    )
