"""The demo stories readers see: published, several with approved translations."""

from typing import Final

from ..models import Attribution, Scope, StoryState
from .kinds import DemoStory, DemoTranslation

PUBLISHED_STORIES: Final[tuple[DemoStory, ...]] = (
    DemoStory(
        key="halmeoni-twelve-years",
        language="ko",
        title="열두 해째 기다리는 아들",
        body=(
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
        state=StoryState.PUBLISHED,
        storyteller_name="박옥희",
        attribution=Attribution.PEN_NAME,
        shown_name="시카고 할머니",
        scopes=(Scope.STORE, Scope.PUBLISH, Scope.ADVOCACY, Scope.OFFICIALS),
        contact_email="",
        contact_phone="",
        region="IL",
        city="Chicago",
        themes=("family-separation",),
        in_campaign=True,
        days_ago=88,
        identifying_details=False,
        question="",
        translations={
            "en": DemoTranslation(
                title="Twelve years of waiting for my son",
                text=(
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
            ),
        },
    ),
    DemoStory(
        key="daca-two-years",
        language="en",
        title="Two years at a time",
        body=(
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
        state=StoryState.PUBLISHED,
        storyteller_name="Daniela Ruiz Campos",
        attribution=Attribution.FIRST_NAME,
        shown_name="Daniela",
        scopes=(Scope.STORE, Scope.PUBLISH, Scope.ADVOCACY, Scope.PRESS, Scope.CONTACT),
        contact_email="daniela.r@example.org",
        contact_phone="(713) 555-0118",
        region="TX",
        city="Houston",
        themes=("school-and-youth", "work-and-wages"),
        in_campaign=True,
        days_ago=54,
        identifying_details=False,
        question="",
        translations={},
    ),
    DemoStory(
        key="jornalero-sin-pago",
        language="es",
        title="Dos semanas de trabajo, cero dólares",
        body=(
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
        state=StoryState.PUBLISHED,
        storyteller_name="Rogelio Martínez Torres",
        attribution=Attribution.INITIALS,
        shown_name="R. M. T.",
        scopes=(Scope.STORE, Scope.PUBLISH, Scope.ADVOCACY, Scope.PRESS, Scope.OFFICIALS),
        contact_email="",
        contact_phone="",
        region="TX",
        city="Dallas",
        themes=("work-and-wages",),
        in_campaign=False,
        days_ago=102,
        identifying_details=False,
        question="",
        translations={
            "en": DemoTranslation(
                title="Two weeks of work, zero dollars",
                text=(
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
            ),
        },
    ),
    DemoStory(
        key="kitchen-burn",
        language="zh-hans",
        title="",
        body=(
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
        state=StoryState.PUBLISHED,
        storyteller_name="陈秀英",
        attribution=Attribution.ANONYMOUS,
        shown_name="",
        scopes=(Scope.STORE, Scope.PUBLISH),
        contact_email="",
        contact_phone="",
        region="NY",
        city="New York",
        themes=("health-care", "work-and-wages"),
        in_campaign=False,
        days_ago=73,
        identifying_details=False,
        question="",
        translations={},
    ),
    DemoStory(
        key="kitchen-ceiling",
        language="en",
        title="The ceiling in my kitchen",
        body=(
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
        state=StoryState.PUBLISHED,
        storyteller_name="Adwoa Mensah-Boateng",
        attribution=Attribution.FULL_NAME,
        shown_name="",
        scopes=(Scope.STORE, Scope.PUBLISH, Scope.PRESS, Scope.OFFICIALS),
        contact_email="",
        contact_phone="",
        region="GA",
        city="Atlanta",
        themes=("housing", "health-care"),
        in_campaign=False,
        days_ago=40,
        identifying_details=False,
        question="",
        translations={
            "ko": DemoTranslation(
                title="우리 집 부엌 천장",
                text=(
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
            ),
            "es": DemoTranslation(
                title="El techo de mi cocina",
                text=(
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
            ),
        },
    ),
)
