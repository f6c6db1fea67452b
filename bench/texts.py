"""Sentence, title and name pools per language, from which the benchmark stories are built."""

from __future__ import annotations

import random
from dataclasses import dataclass

# The Korean search term of SPEC §8: two characters, in many stories but not all.
KOREAN_TERM = "가족"


@dataclass(frozen=True)
class Pool:
    """What stories in one language are made of."""

    sentences: tuple[str, ...]
    titles: tuple[str, ...]
    # (full name, first name as shown, initials as shown, pen name)
    names: tuple[tuple[str, str, str, str], ...]
    # Sentences with a word readers search for; mixed into some stories only.
    family: tuple[str, ...] = ()
    family_titles: tuple[str, ...] = ()


POOLS: dict[str, Pool] = {
    "ko": Pool(
        sentences=(
            "처음에는 말이 통하지 않아 병원에 가는 것도 무서웠습니다.",
            "새벽 다섯 시에 일어나 세탁소 문을 열었습니다.",
            "교회 분들이 통역을 도와주셔서 큰 힘이 되었습니다.",
            "영주권 인터뷰 날짜를 기다리는 동안 잠을 제대로 자지 못했습니다.",
            "아이 학교에서 보내는 안내문을 읽을 수 없어서 답답했습니다.",
            "식당에서 하루 열두 시간씩 일했지만 초과 근무 수당은 받지 못했습니다.",
            "동네 도서관의 무료 영어 수업이 제 삶을 바꾸었습니다.",
            "집주인이 갑자기 월세를 올려서 이사를 해야 했습니다.",
            "어머니가 편찮으셨을 때 한국에 갈 수 없어서 마음이 아팠습니다.",
            "지금은 작은 가게를 운영하며 이웃들과 잘 지내고 있습니다.",
            "한국어로 상담을 받을 수 있는 곳이 있다는 것을 나중에야 알았습니다.",
            "법원에서 통역사가 없어 제 이야기를 제대로 전하지 못했습니다.",
            "그래도 포기하지 않고 하루하루 버텼습니다.",
            "이 이야기를 나누는 것이 누군가에게 도움이 되기를 바랍니다.",
            "비자 서류가 한 번 반송되었을 때 모든 것을 처음부터 다시 해야 했습니다.",
            "겨울에는 난방비가 너무 많이 나와서 두꺼운 옷을 입고 지냈습니다.",
        ),
        titles=(
            "기다림의 시간",
            "새벽 다섯 시의 세탁소",
            "말이 통하지 않던 날들",
            "도서관에서 시작된 두 번째 삶",
            "통역사가 없던 법정",
            "열두 시간의 식당 일",
        ),
        names=(
            ("김은진", "은진", "E. J. K.", "봄비"),
            ("박민수", "민수", "M. S. P.", "바람"),
            ("이서연", "서연", "S. Y. L.", "들꽃"),
            ("최영호", "영호", "Y. H. C.", "새벽"),
        ),
        family=(
            "우리 가족은 2009년에 처음 미국에 왔습니다.",
            "가족 초청 서류를 낸 지 벌써 십 년이 넘었습니다.",
            "가족이 다 함께 저녁을 먹는 날이 거의 없었습니다.",
            "한국에 남은 가족에게 매달 돈을 보냈습니다.",
            "가족 모두가 영어를 배우느라 고생했습니다.",
            "아이들은 가족 중에서 제일 먼저 영어를 배웠습니다.",
        ),
        family_titles=("우리 가족의 첫 겨울", "가족을 기다리며", "흩어진 가족의 십 년"),
    ),
    "en": Pool(
        sentences=(
            "My sister filed a petition for us in 2009, and we are still waiting.",
            "I started work at the warehouse at four in the morning and finished after dark.",
            "At the clinic nobody spoke my language, so my daughter translated for me at nine.",
            "The landlord raised the rent twice in one year and refused to fix the heating.",
            "I learned English at the public library, two evenings a week, for three years.",
            "When my father was sick I could not travel home, because I would not be let back in.",
            "My children were born here, and this is the only home they know.",
            "The notice from the court came in English only, and I missed the first hearing.",
            "A volunteer from the neighbourhood centre helped me fill in the forms.",
            "For two years I was paid less than the minimum wage and was afraid to complain.",
            "Today I run a small bakery, and half of my customers are my neighbours.",
            "I want people to know that we pay taxes, we volunteer, and we love this country.",
            "Every renewal costs hundreds of dollars and months of uncertainty.",
            "I am sharing this so that the next family does not have to go through it alone.",
            "We moved three times in one winter because we could not find a lease we could afford.",
            "The interview lasted ten minutes after eight years of waiting.",
        ),
        titles=(
            "Eight years of waiting",
            "Four in the morning",
            "The library changed my life",
            "A notice I could not read",
            "The only home they know",
            "Ten minutes after eight years",
        ),
        names=(
            ("Maria Lopez", "Maria", "M. L.", "Sunflower"),
            ("John Okafor", "John", "J. O.", "River"),
            ("Amina Yusuf", "Amina", "A. Y.", "Morning Star"),
            ("Daniel Kim", "Daniel", "D. K.", "Northside Dad"),
        ),
    ),
    "es": Pool(
        sentences=(
            "Llegamos a Chicago en pleno invierno, sin abrigos y sin conocer a nadie.",
            "Mi esposo trabaja en la construcción desde hace quince años.",
            "En la escuela de mis hijos no había nadie que hablara español.",
            "Esperamos seis años una cita para la entrevista de la tarjeta verde.",
            "El dueño del apartamento nos amenazó con llamar a inmigración.",
            "Aprendí inglés por las noches, después de limpiar oficinas todo el día.",
            "Mi madre murió en Guatemala y no pude ir a despedirme de ella.",
            "Una organización del barrio nos ayudó a encontrar un abogado.",
            "Pagamos impuestos cada año, aunque a veces sentimos que nadie nos ve.",
            "Mis hijos sueñan con ir a la universidad y ser enfermeros.",
            "En la clínica me atendieron con un intérprete por teléfono por primera vez.",
            "Cuento mi historia para que otras familias sepan que no están solas.",
            "Trabajé dos turnos seguidos durante la pandemia sin ningún día de descanso.",
            "La carta del tribunal llegó solo en inglés y no entendí la fecha.",
        ),
        titles=(
            "Años de espera",
            "Un invierno sin abrigos",
            "La carta que no entendí",
            "Dos turnos seguidos",
            "Mis hijos y la universidad",
            "No están solas",
        ),
        names=(
            ("Rosa Hernández", "Rosa", "R. H.", "Girasol"),
            ("José Martínez", "José", "J. M.", "El Panadero"),
            ("Lucía Ramírez", "Lucía", "L. R.", "Esperanza"),
        ),
    ),
    "vi": Pool(
        sentences=(
            "Gia đình tôi đến Houston vào mùa hè năm 2012.",
            "Tôi làm việc ở tiệm nail mười tiếng mỗi ngày, sáu ngày một tuần.",
            "Lúc đầu tôi không hiểu giấy tờ của bệnh viện vì tất cả đều bằng tiếng Anh.",
            "Con gái tôi phải thông dịch cho tôi khi mới tám tuổi.",
            "Chúng tôi chờ đợi hồ sơ bảo lãnh hơn mười năm.",
            "Một tình nguyện viên ở nhà thờ đã giúp tôi điền đơn.",
            "Tôi học tiếng Anh vào buổi tối sau khi đi làm về.",
            "Chủ nhà tăng tiền thuê nhà và chúng tôi phải chuyển đi.",
            "Mẹ tôi ở Việt Nam bị bệnh nặng nhưng tôi không thể về thăm.",
            "Bây giờ tôi có một tiệm bánh mì nhỏ gần chợ.",
            "Tôi kể câu chuyện này để những người đến sau không phải sợ hãi như tôi.",
            "Ở tòa án không có thông dịch viên tiếng Việt cho tôi.",
        ),
        titles=(
            "Mười năm chờ đợi",
            "Tiệm nail và những ngày dài",
            "Thông dịch viên tám tuổi",
            "Tiệm bánh mì gần chợ",
            "Những lá thư bằng tiếng Anh",
        ),
        names=(
            ("Nguyễn Thị Lan", "Lan", "N. T. L.", "Hoa Sen"),
            ("Trần Văn Minh", "Minh", "T. V. M.", "Người Cha"),
            ("Phạm Thu Hà", "Hà", "P. T. H.", "Mây Trắng"),
        ),
    ),
    "zh-hans": Pool(
        sentences=(
            "我们一家人二零一五年来到纽约。",
            "刚来的时候，我在餐馆厨房里每天工作十二个小时。",
            "孩子的学校寄来的通知都是英文，我看不懂。",
            "我们等绿卡面试等了七年。",
            "社区中心的志愿者帮我们找到了一位律师。",
            "晚上下班后，我去图书馆学习英语。",
            "母亲生病的时候，我不能回国看她。",
            "房东突然涨房租，我们只好搬家。",
            "在医院第一次有了中文翻译，我哭了。",
            "现在我开了一家小小的面馆，邻居们常来吃饭。",
            "我讲出这个故事，是希望别的家庭不再孤单。",
            "法院的信只有英文，我错过了第一次开庭。",
        ),
        titles=("七年的等待", "厨房里的十二个小时", "看不懂的通知", "小面馆", "不再孤单"),
        names=(
            ("王丽华", "丽华", "L. H. W.", "小燕子"),
            ("陈建国", "建国", "J. G. C.", "老陈"),
        ),
    ),
    "ja": Pool(
        sentences=(
            "私たちは二〇一六年にシアトルに引っ越してきました。",
            "最初の一年は英語がほとんど話せず、買い物も大変でした。",
            "子どもの学校からの手紙は英語だけで、内容が分かりませんでした。",
            "ビザの更新のたびに何か月も不安な日々を過ごしました。",
            "地域のセンターのボランティアが書類を手伝ってくれました。",
            "夜は図書館の無料の英語教室に通いました。",
            "母が病気になったとき、日本に帰ることができませんでした。",
            "今は小さな料理教室を開いて、近所の人たちと交流しています。",
            "同じような経験をしている人に、一人ではないと伝えたいです。",
            "病院で初めて日本語の通訳を頼めたとき、本当に安心しました。",
        ),
        titles=("英語が話せなかった一年", "ビザ更新の不安", "図書館の英語教室", "一人ではない"),
        names=(
            ("佐藤美咲", "美咲", "M. S.", "さくら"),
            ("田中健一", "健一", "K. T.", "海辺の父"),
        ),
    ),
    "tl": Pool(
        sentences=(
            "Dumating kami sa Los Angeles noong 2011 para magtrabaho bilang caregiver.",
            "Labindalawang oras akong nagtatrabaho araw-araw sa isang nursing home.",
            "Hindi ko naintindihan ang sulat mula sa korte dahil puro Ingles ito.",
            "Siyam na taon na kaming naghihintay sa petisyon ng aking kapatid.",
            "Tinulungan ako ng isang boluntaryo sa simbahan na punan ang mga form.",
            "Nag-aral ako ng Ingles tuwing gabi sa pampublikong aklatan.",
            "Nang magkasakit ang nanay ko, hindi ako nakauwi sa Pilipinas.",
            "Ngayon ay may maliit akong karinderya malapit sa palengke.",
            "Ikinukuwento ko ito para malaman ng iba na hindi sila nag-iisa.",
            "Nagbabayad kami ng buwis taon-taon at tumutulong sa komunidad.",
        ),
        titles=(
            "Siyam na taong paghihintay",
            "Labindalawang oras",
            "Ang sulat mula sa korte",
            "Hindi ka nag-iisa",
        ),
        names=(
            ("Maria Santos", "Maria", "M. S.", "Sampaguita"),
            ("Jose Reyes", "Jose", "J. R.", "Tatay Jose"),
        ),
    ),
    "ur": Pool(
        sentences=(
            "ہم دو ہزار چودہ میں نیو جرسی آئے تھے۔",
            "شروع میں مجھے انگریزی بالکل نہیں آتی تھی۔",
            "میں روزانہ بارہ گھنٹے ایک گیس اسٹیشن پر کام کرتا تھا۔",
            "بچوں کے اسکول کے خط صرف انگریزی میں آتے تھے۔",
            "ہم نے گرین کارڈ کے انٹرویو کا آٹھ سال انتظار کیا۔",
            "محلے کے مرکز کے ایک رضاکار نے فارم بھرنے میں مدد کی۔",
            "جب والدہ بیمار ہوئیں تو میں پاکستان نہیں جا سکا۔",
            "اب میری ایک چھوٹی سی دکان ہے اور پڑوسی میرے دوست ہیں۔",
            "میں یہ کہانی اس لیے سنا رہا ہوں کہ دوسرے لوگ خود کو اکیلا نہ سمجھیں۔",
        ),
        titles=("آٹھ سال کا انتظار", "بارہ گھنٹے", "انگریزی کے خط", "اکیلا نہیں"),
        names=(("عائشہ خان", "عائشہ", "A. K.", "چاندنی"),),
    ),
}

# How often each language appears among the stories, roughly as in a multilingual campaign.
LANGUAGE_WEIGHTS: dict[str, int] = {
    "ko": 24,
    "en": 24,
    "es": 18,
    "vi": 8,
    "zh-hans": 8,
    "tl": 7,
    "ja": 5,
    "ur": 3,
}

# Share of Korean stories (and Korean translations) that mention the search term.
FAMILY_SHARE = 0.4


def story_text(rng: random.Random, language: str, *, family: bool = False) -> tuple[str, str]:
    """A title and a multi-paragraph text in `language`; `family` mixes in the search term."""
    pool = POOLS[language]
    paragraphs = []
    for _ in range(rng.randint(2, 4)):
        paragraphs.append(" ".join(rng.sample(pool.sentences, rng.randint(2, 3))))
    title = rng.choice(pool.titles)
    if family and pool.family:
        where = rng.randrange(len(paragraphs))
        paragraphs[where] = f"{rng.choice(pool.family)} {paragraphs[where]}"
        if rng.random() < 0.5:
            title = rng.choice(pool.family_titles)
    return title, "\n\n".join(paragraphs)
