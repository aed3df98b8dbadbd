"""Internal admin requests of the demo: supplies, rooms, access cards, travel, reimbursement, furniture."""

from __future__ import annotations

from datetime import date
from random import Random
from typing import Any

from ticketwise.cli.demo_data.model import Lines, Scenario
from ticketwise.cli.demo_data.values import needed_by, office_site

DEPARTMENTS = ("finance", "hr", "sales", "operations", "rnd", "administration", "it")


def _base(
    rng: Random, day: date, language: str, category: str, low: int = 2, high: int = 10
) -> dict[str, Any]:
    return {
        "department": rng.choice(DEPARTMENTS),
        "request_category": category,
        "location": office_site(rng, language),
        "needed_by": needed_by(rng, day, low, high),
    }


def _supplies(rng: Random, day: date, language: str) -> dict[str, Any]:
    return {
        **_base(rng, day, language, "office_supplies"),
        "boxes": rng.randint(2, 6),
        "toner": rng.randint(1, 4),
    }


def _meeting(rng: Random, day: date, language: str) -> dict[str, Any]:
    return {**_base(rng, day, language, "meeting_room", 1, 7), "people": rng.randint(12, 40)}


def _new_card(rng: Random, day: date, language: str) -> dict[str, Any]:
    return {**_base(rng, day, language, "access_card", 1, 5), "people": rng.randint(1, 5)}


def _broken_card(rng: Random, day: date, language: str) -> dict[str, Any]:
    values = _base(rng, day, language, "access_card", 0, 1)
    return {**values, "card": f"{rng.randint(10000000, 99999999)}"}


def _travel(rng: Random, day: date, language: str) -> dict[str, Any]:
    values = _base(rng, day, language, "travel", 5, 20)
    city = (
        rng.choice(("深圳", "成都", "北京", "西安"))
        if language == "zh"
        else rng.choice(("Shenzhen", "Chengdu", "Beijing", "Xi'an"))
    )
    return {**values, "city": city, "nights": rng.randint(1, 4)}


def _reimbursement(rng: Random, day: date, language: str) -> dict[str, Any]:
    values = _base(rng, day, language, "reimbursement", 3, 10)
    return {
        **values,
        "department": "finance" if rng.random() < 0.3 else values["department"],
        "amount": rng.randrange(300, 5000, 10),
    }


def _chair(rng: Random, day: date, language: str) -> dict[str, Any]:
    values = _base(rng, day, language, "facilities", 2, 7)
    return {**values, "desk": f"{rng.randint(1, 15)}-{rng.randint(1, 60):02d}"}


def _business_cards(rng: Random, day: date, language: str) -> dict[str, Any]:
    return {**_base(rng, day, language, "other", 5, 12), "department": "sales"}


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        key="ad.supplies",
        type="internal_admin",
        category="supplies",
        team="admin",
        skill="facilities",
        tags=("office-supplies",),
        priorities=(0, 0, 3, 7),
        values=_supplies,
        zh=Lines(
            title="申请领用打印纸和硒鼓",
            description="{location} 打印纸和硒鼓快用完了，申请领用 A4 打印纸 {boxes} 箱、HP 58A 硒鼓 {toner} 个，{needed_by} 之前需要。",
            question="{customer}您好，HP 58A 硒鼓目前库存不足，兼容型号可以吗？",
            answer="兼容的也可以，先用着。",
            resolution="{customer}您好，打印纸和硒鼓已配送到 {location} 前台，请签收。",
            note="硒鼓库存低于安全库存，已发起补货采购申请。",
        ),
        en=Lines(
            title="Request printer paper and toner",
            description="{location} is running out of paper and toner. Please send {boxes} boxes of A4 paper and "
            "{toner} HP 58A toner cartridges by {needed_by}.",
            question="Hi {customer}, we are short of HP 58A cartridges. Is a compatible cartridge acceptable?",
            answer="A compatible one is fine for now.",
            resolution="Hi {customer}, the paper and toner have been delivered to reception at {location}; please sign "
            "for them.",
            note="Toner below safety stock; purchase request raised.",
        ),
    ),
    Scenario(
        key="ad.meeting",
        type="internal_admin",
        category="facilities",
        team="admin",
        skill="facilities",
        tags=("meeting-room", "video-conference"),
        priorities=(0, 1, 5, 4),
        values=_meeting,
        zh=Lines(
            title="预订大会议室并安排视频会议设备",
            description="{needed_by} 下午有客户来访，约 {people} 人，需要在 {location} 预订大会议室，并准备视频会议设备和茶歇。",
            question="{customer}您好，当天大会议室上午有培训，下午 2 点后可用，是否可以？茶歇按几人准备？",
            answer="下午 2 点可以，茶歇按 {people} 人准备。",
            resolution="{customer}您好，会议室已预订（14:00–17:30），视频会议设备已调试，茶歇 13:50 前送到。",
            note="客户为 VIP，已通知前台提前准备访客证。",
        ),
        en=Lines(
            title="Book the boardroom with video-conference equipment",
            description="A customer visit on the afternoon of {needed_by}, about {people} people. Please book the "
            "boardroom at {location} and set up video conferencing and refreshments.",
            question="Hi {customer}, the boardroom has a training in the morning and is free from 2 pm. Does that work, "
            "and for how many people should we prepare refreshments?",
            answer="2 pm is fine; refreshments for {people}.",
            resolution="Hi {customer}, the boardroom is booked 14:00–17:30, video conferencing is tested and "
            "refreshments arrive by 13:50.",
            note="VIP visitors; reception asked to prepare visitor badges in advance.",
        ),
    ),
    Scenario(
        key="ad.new_card",
        type="internal_admin",
        category="hr",
        team="admin",
        skill="facilities",
        tags=("access-card", "onboarding"),
        priorities=(0, 0, 6, 4),
        values=_new_card,
        zh=Lines(
            title="新员工门禁卡办理（{people} 人）",
            description="{needed_by} 有 {people} 位新同事入职 {location}，请提前办理门禁卡并开通办公区和停车场权限。",
            question="{customer}您好，请提供新同事的证件照电子版和工号。",
            answer="照片和工号已通过 HR 系统同步。",
            resolution="{customer}您好，门禁卡已制作完成并开通权限，入职当天在前台领取即可。",
            note="停车场权限需物业审批，已同步提交。",
        ),
        en=Lines(
            title="Access cards for new starters ({people} people)",
            description="{people} new colleagues start at {location} on {needed_by}. Please prepare access cards with "
            "office and car-park access.",
            question="Hi {customer}, please send digital ID photos and the employee numbers of the new starters.",
            answer="Photos and employee numbers were synced through the HR system.",
            resolution="Hi {customer}, the cards are printed and activated; the new starters collect them at reception "
            "on their first day.",
            note="Car-park access needs building-management approval; submitted in parallel.",
        ),
    ),
    Scenario(
        key="ad.broken_card",
        type="internal_admin",
        category="facilities",
        team="admin",
        skill="facilities",
        tags=("access-card",),
        priorities=(0, 2, 6, 2),
        values=_broken_card,
        zh=Lines(
            title="门禁卡刷不开办公区的门",
            description="我的门禁卡（卡号 {card}）从今天早上开始刷不开 {location} 办公区的门，电梯也刷不了。",
            question="{customer}您好，请问卡片是否有弯折或靠近过手机磁吸壳？",
            answer="一直放在手机磁吸卡套里。",
            resolution="{customer}您好，卡片芯片已被磁吸卡套消磁，已为您补办新卡（旧卡已注销），请到前台领取。建议不要与磁吸配件放在一起。",
            note="本月第 5 张因磁吸卡套损坏的卡，考虑在员工手册里提醒。",
        ),
        en=Lines(
            title="Access card no longer opens the office door",
            description="Since this morning my access card (no. {card}) does not open the office door at {location} and "
            "does not work in the lift either.",
            question="Hi {customer}, has the card been bent or kept near a magnetic phone case?",
            answer="It lives in a magnetic card holder on my phone.",
            resolution="Hi {customer}, the magnetic holder damaged the card's chip. We issued a new card (the old one is "
            "blocked); please collect it at reception and keep it away from magnets.",
            note="Fifth card this month damaged by magnetic holders; worth a line in the staff handbook.",
        ),
    ),
    Scenario(
        key="ad.travel",
        type="internal_admin",
        category="finance",
        team="admin",
        skill="travel",
        tags=("travel",),
        priorities=(0, 1, 6, 3),
        values=_travel,
        zh=Lines(
            title="申请预订{city}出差机票和酒店",
            description="{needed_by} 去{city}拜访客户，住 {nights} 晚，请按差旅标准预订往返机票和协议酒店。出差申请已审批。",
            question="{customer}您好，请确认航班时间偏好（上午/下午），以及酒店是否需要靠近客户公司？",
            answer="去程上午，回程傍晚；酒店离客户近一点。",
            resolution="{customer}您好，机票和酒店已预订，行程单已发送到您的邮箱，费用将按协议直接结算。",
            note="协议酒店当天满房，已申请同价位替代，差标内。",
        ),
        en=Lines(
            title="Book flights and hotel for a trip to {city}",
            description="I visit a customer in {city} on {needed_by} for {nights} nights. Please book return flights and "
            "a contracted hotel within the travel policy; the trip is approved.",
            question="Hi {customer}, do you prefer morning or afternoon flights, and should the hotel be close to the "
            "customer's office?",
            answer="Outbound in the morning, return in the early evening; hotel close to the customer.",
            resolution="Hi {customer}, flights and hotel are booked and the itinerary is in your inbox; costs are billed "
            "directly under our agreements.",
            note="Contracted hotel was full; booked an equivalent within policy.",
        ),
    ),
    Scenario(
        key="ad.reimbursement",
        type="internal_admin",
        category="finance",
        team="admin",
        skill="travel",
        tags=("reimbursement",),
        priorities=(0, 0, 6, 4),
        values=_reimbursement,
        zh=Lines(
            title="报销单被退回，询问原因",
            description="上个月提交的差旅报销（金额 {amount} 元）被退回了，系统里只写了“票据不合规”，不知道具体要怎么改。",
            question="{customer}您好，请提供报销单号，我们帮您查看退回明细。",
            answer="报销单号 BX{amount}2026。",
            resolution="{customer}您好，退回原因是有一张电子发票缺少购买方税号，请联系酒店重开发票后重新提交，其余票据没有问题。",
            note="财务已同意新发票到后加急审核。",
        ),
        en=Lines(
            title="Expense claim returned, what is wrong?",
            description='My travel expense claim from last month ({amount} CNY) was returned with only "invalid '
            'receipt" as the reason. What exactly should I fix?',
            question="Hi {customer}, please give us the claim number so we can look at the details.",
            answer="Claim number BX{amount}2026.",
            resolution="Hi {customer}, one hotel e-invoice lacks our company's tax ID. Please ask the hotel to reissue "
            "it and resubmit; the other receipts are fine.",
            note="Finance agreed to fast-track the review once the new invoice arrives.",
        ),
    ),
    Scenario(
        key="ad.chair",
        type="internal_admin",
        category="facilities",
        team="admin",
        skill="facilities",
        tags=("furniture",),
        priorities=(0, 0, 5, 5),
        values=_chair,
        zh=Lines(
            title="工位 {desk} 的办公椅气杆坏了",
            description="{location} 工位 {desk} 的办公椅一坐就往下沉，气杆应该坏了，申请维修或更换。",
            question="{customer}您好，椅子背面标签上的型号能拍给我们吗？",
            answer="标签已拍照上传，型号 S2。",
            resolution="{customer}您好，气杆已更换，椅子可以正常升降了。",
            note="S2 型号气杆库存剩 3 个。",
        ),
        en=Lines(
            title="Broken gas lift on the chair at desk {desk}",
            description="The office chair at desk {desk}, {location} sinks as soon as I sit on it; the gas lift seems "
            "broken. Please repair or replace it.",
            question="Hi {customer}, could you send a photo of the label under the seat?",
            answer="Photo uploaded, the model is S2.",
            resolution="Hi {customer}, the gas lift has been replaced and the chair adjusts normally again.",
            note="Three S2 gas lifts left in stock.",
        ),
    ),
    Scenario(
        key="ad.cards",
        type="internal_admin",
        category="supplies",
        team="admin",
        skill="facilities",
        tags=("business-cards",),
        priorities=(0, 0, 4, 6),
        values=_business_cards,
        zh=Lines(
            title="申请印制名片",
            description="销售部新同事需要印制中英文名片各 2 盒，{needed_by} 前要用于展会。",
            question="{customer}您好，请提供名片信息（姓名、职位、手机、邮箱）并确认使用新版模板。",
            answer="信息已填在附件表格里，用新版模板。",
            resolution="{customer}您好，名片已印好，放在 {location} 前台，请领取。",
            note="供应商加急 2 天，已在预算内。",
        ),
        en=Lines(
            title="Business cards for the sales team",
            description="New colleagues in Sales need two boxes each of bilingual business cards before the trade fair "
            "on {needed_by}.",
            question="Hi {customer}, please send the details (name, title, mobile, e-mail) and confirm the new template.",
            answer="Details are in the attached sheet; new template please.",
            resolution="Hi {customer}, the cards are printed and waiting at reception at {location}.",
            note="Supplier rush fee for 2-day delivery, within budget.",
        ),
    ),
)
