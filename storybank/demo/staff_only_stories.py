"""The demo stories only staff see: waiting, in review, sent back with a question, declined
and withdrawn."""

from typing import Final

from ..models import Attribution, Scope, StoryState
from .kinds import DemoStory, DemoTranslation

STAFF_ONLY_STORIES: Final[tuple[DemoStory, ...]] = (
    DemoStory(
        key="nail-salon-interpreter",
        language="vi",
        title="Con gái tôi phải làm thông dịch cho mẹ",
        body=(
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
        state=StoryState.IN_REVIEW,
        storyteller_name="Trần Thị Mỹ Hạnh",
        attribution=Attribution.FIRST_NAME,
        shown_name="Hạnh",
        scopes=(Scope.STORE, Scope.PUBLISH, Scope.ADVOCACY, Scope.CONTACT),
        contact_email="hanh.tran@example.org",
        contact_phone="(408) 555-0131",
        region="CA",
        city="San Jose",
        themes=("language-access", "school-and-youth", "work-and-wages"),
        in_campaign=False,
        days_ago=12,
        identifying_details=True,
        question="",
        translations={},
    ),
    DemoStory(
        key="caregiver-petition",
        language="tl",
        title="Dalawampu't apat na taon ng paghihintay",
        body=(
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
        state=StoryState.SUBMITTED,
        storyteller_name="Rosalinda Magbanua Dizon",
        attribution=Attribution.PEN_NAME,
        shown_name="Nanay mula sa Daly City",
        scopes=(Scope.STORE, Scope.PUBLISH, Scope.ADVOCACY, Scope.OFFICIALS, Scope.CONTACT),
        contact_email="rosalinda.d@example.org",
        contact_phone="(650) 555-0163",
        region="CA",
        city="Daly City",
        themes=("family-separation", "work-and-wages"),
        in_campaign=True,
        days_ago=5,
        identifying_details=True,
        question="",
        translations={},
    ),
    DemoStory(
        key="emergency-room-interpreter",
        language="ko",
        title="말이 안 통하는 응급실",
        body=(
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
        state=StoryState.CHANGES_REQUESTED,
        storyteller_name="이미경",
        attribution=Attribution.ANONYMOUS,
        shown_name="",
        scopes=(Scope.STORE, Scope.PUBLISH, Scope.ADVOCACY),
        contact_email="",
        contact_phone="",
        region="WA",
        city="Federal Way",
        themes=("language-access", "health-care"),
        in_campaign=False,
        days_ago=21,
        identifying_details=False,
        question=(
            "이야기를 나눠 주셔서 고맙습니다. 한 가지 여쭤볼게요. 이야기에 나이와 세탁소에서 "
            "일하신다는 내용이 함께 나와서, 동네 분들이 누구인지 알아보실 수도 있을 것 같아요. "
            "그대로 두셔도 괜찮을까요, 아니면 '쉰여덟 살'을 '쉰이 넘은'으로 바꿔 드릴까요?"
        ),
        translations={
            "en": DemoTranslation(
                title="The emergency room where I couldn't make myself understood",
                text=(
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
            ),
        },
    ),
    DemoStory(
        key="visa-consultant-ad",
        language="en",
        title="Guaranteed green card in 30 days!!!",
        body=(
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
        state=StoryState.DECLINED,
        storyteller_name="Kevin Marlowe",
        attribution=Attribution.FULL_NAME,
        shown_name="",
        scopes=(Scope.STORE, Scope.PUBLISH, Scope.PRESS),
        contact_email="",
        contact_phone="",
        region="",
        city="",
        themes=("family-separation",),
        in_campaign=False,
        days_ago=9,
        identifying_details=False,
        question="",
        translations={},
    ),
    DemoStory(
        key="withdrawn-story",
        language="es",
        title="",
        body="",
        state=StoryState.WITHDRAWN,
        storyteller_name="",
        attribution=Attribution.ANONYMOUS,
        shown_name="",
        scopes=(Scope.STORE,),
        contact_email="",
        contact_phone="",
        region="",
        city="",
        themes=("housing",),
        in_campaign=False,
        days_ago=47,
        identifying_details=False,
        question="",
        translations={},
    ),
)
