"""General inquiries of the demo: opening hours, pricing, specifications, warranty, partnerships."""

from __future__ import annotations

from datetime import date
from random import Random
from typing import Any

from ticketwise.cli.demo_data.model import Lines, Scenario


def _seats(rng: Random, _day: date, _language: str) -> dict[str, Any]:
    return {"seats": rng.choice((25, 50, 80, 120, 200))}


def _nothing(_rng: Random, _day: date, _language: str) -> dict[str, Any]:
    return {}


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        key="gi.hours",
        type="general_inquiry",
        category="other",
        team="care",
        skill="complaints",
        tags=("holiday-schedule",),
        priorities=(0, 0, 3, 7),
        values=_nothing,
        zh=Lines(
            title="国庆期间服务时间安排？",
            description="请问国庆假期期间客服和上门维修是否正常？紧急故障怎么联系？",
            question="{customer}您好，请问您关注的是哪个城市的上门服务？",
            answer="苏州。",
            resolution="{customer}您好，假期期间在线门户和热线 24 小时受理，苏州地区上门维修 10/1–10/3 暂停，10/4 起恢复；"
            "紧急故障（停产、安全隐患）请拨打 400 热线按 9 转值班工程师。",
            note="值班表已发布在知识库。",
        ),
        en=Lines(
            title="Service hours during the National Day holiday?",
            description="Will support and on-site repairs run as usual during the National Day holiday? How do we "
            "report an emergency?",
            question="Hi {customer}, which city's on-site service do you need?",
            answer="Suzhou.",
            resolution="Hi {customer}, the portal and hotline take requests around the clock. On-site repairs in Suzhou "
            "pause from Oct 1 to 3 and resume on Oct 4; for emergencies (production stop, safety risk) call the "
            "hotline and press 9 for the duty engineer.",
            note="The duty roster is published in the knowledge base.",
        ),
    ),
    Scenario(
        key="gi.pricing",
        type="general_inquiry",
        category="pricing",
        team="care",
        skill="billing",
        tags=("pricing", "sales-lead"),
        priorities=(0, 1, 5, 4),
        values=_seats,
        zh=Lines(
            title="企业版 {seats} 个坐席的报价",
            description="我们公司大约 {seats} 个客服坐席，想了解企业版的价格、是否支持私有化部署，以及试用流程。",
            question="{customer}您好，请问贵司目前使用的是什么系统？是否需要数据迁移？",
            answer="目前用 Excel 加邮件管理，需要迁移近两年的记录。",
            resolution="{customer}您好，报价单和私有化部署说明已发送到您的邮箱，包含 {seats} 坐席的年费和迁移服务。"
            "销售经理会在两个工作日内与您联系安排演示。",
            note="已转给销售线索，客户规模中等，有迁移需求。",
        ),
        en=Lines(
            title="Quote for the enterprise plan, {seats} seats",
            description="We have about {seats} support agents and would like the price of the enterprise plan, whether "
            "on-premises deployment is possible, and how a trial works.",
            question="Hi {customer}, what do you use today, and will you need to migrate data?",
            answer="Spreadsheets and e-mail; we would migrate two years of records.",
            resolution="Hi {customer}, the quote and the on-premises deployment guide are in your inbox, covering "
            "{seats} seats per year plus migration. A sales manager will call within two working days to set up a "
            "demo.",
            note="Passed to sales as a lead; mid-sized, needs migration.",
        ),
    ),
    Scenario(
        key="gi.spec",
        type="general_inquiry",
        category="product",
        team="care",
        skill="complaints",
        tags=("product-info",),
        priorities=(0, 0, 4, 6),
        values=_nothing,
        zh=Lines(
            title="P500 空气净化器适用面积和滤网更换周期",
            description="想了解一下 P500 空气净化器适合多大面积的办公室，滤网多久换一次，价格多少？",
            question="{customer}您好，请问办公室面积大约多少平方米？是否有吸烟区？",
            answer="大约 60 平方米，没有吸烟区。",
            resolution="{customer}您好，P500 适用 40–70 平方米，60 平方米的办公室一台即可。滤网建议 6 个月更换一次，"
            "原装滤网 299 元。产品手册已附在回复中。",
            note="咨询后可能采购 10 台，已告知大客户经理。",
        ),
        en=Lines(
            title="P500 purifier: room size and filter replacement",
            description="What office size is the P500 air purifier good for, how often does the filter need changing, "
            "and what does it cost?",
            question="Hi {customer}, roughly how many square metres is the office, and is there a smoking area?",
            answer="About 60 m², no smoking area.",
            resolution="Hi {customer}, the P500 covers 40–70 m², so one unit suits your office. Change the filter every "
            "6 months; an original filter costs 299 CNY. The product manual is attached.",
            note="May order 10 units; key-account manager informed.",
        ),
    ),
    Scenario(
        key="gi.warranty",
        type="general_inquiry",
        category="product",
        team="care",
        skill="complaints",
        tags=("warranty",),
        priorities=(0, 0, 4, 6),
        values=_nothing,
        zh=Lines(
            title="保修期从什么时候开始算？",
            description="公司去年底批量采购了一批设备，想确认保修期是从发货日期还是安装验收日期开始计算？",
            question="{customer}您好，请提供采购合同号或其中一台设备的序列号。",
            answer="合同号 HT-2025-0871。",
            resolution="{customer}您好，根据合同 HT-2025-0871，保修期自安装验收之日起 24 个月，验收单日期为 2025-12-18，保修至 2027-12-17。",
            note="合同条款与标准保修不同，已在客户档案中备注。",
        ),
        en=Lines(
            title="When does the warranty start?",
            description="We bought a batch of equipment late last year. Does the warranty run from the shipping date or "
            "from installation acceptance?",
            question="Hi {customer}, please give us the contract number or the serial number of one unit.",
            answer="Contract HT-2025-0871.",
            resolution="Hi {customer}, under contract HT-2025-0871 the warranty runs 24 months from installation "
            "acceptance; acceptance was on 2025-12-18, so you are covered until 2027-12-17.",
            note="Contract terms differ from the standard warranty; noted on the customer record.",
        ),
    ),
    Scenario(
        key="gi.partner",
        type="general_inquiry",
        category="other",
        team="care",
        skill="billing",
        tags=("partnership",),
        priorities=(0, 0, 3, 7),
        values=_nothing,
        zh=Lines(
            title="咨询区域代理合作",
            description="我们是西南地区的系统集成商，想了解成为区域代理的条件和政策。",
            question="{customer}您好，请简单介绍贵司的规模、主要客户行业和服务能力。",
            answer="公司 60 人，主要服务制造业和医院，有 15 名实施工程师。",
            resolution="{customer}您好，合作伙伴政策和申请表已发送到您的邮箱，渠道经理会在本周内与您联系。",
            note="转渠道部，西南区域目前没有代理。",
        ),
        en=Lines(
            title="Becoming a regional reseller",
            description="We are a systems integrator in south-west China and would like to know the conditions for "
            "becoming a regional reseller.",
            question="Hi {customer}, please tell us briefly about your company's size, main customer industries and "
            "service capacity.",
            answer="60 people serving manufacturing and hospitals, with 15 implementation engineers.",
            resolution="Hi {customer}, the partner policy and application form are in your inbox; our channel manager "
            "will contact you this week.",
            note="Passed to the channel team; no reseller in the south-west yet.",
        ),
    ),
    Scenario(
        key="gi.portal",
        type="general_inquiry",
        category="other",
        team="care",
        skill="complaints",
        tags=("portal", "how-to"),
        priorities=(0, 0, 4, 6),
        values=_nothing,
        zh=Lines(
            title="如何让同事也能看到我们公司的工单？",
            description="我们公司有好几个人会提交工单，能不能让大家互相看到公司的所有工单进度？",
            question="{customer}您好，请提供需要共享查看的同事邮箱（需为公司域名邮箱）。",
            answer="都是公司邮箱，共 4 位，名单在附件。",
            resolution="{customer}您好，已为贵司开启“组织内共享工单”，使用公司域名邮箱注册门户的同事都可以查看本组织的工单。",
            note="已在组织设置中打开 shared_tickets。",
        ),
        en=Lines(
            title="Can my colleagues see our company's tickets?",
            description="Several people in our company submit tickets. Can we all see the progress of every ticket of "
            "our company?",
            question="Hi {customer}, please send the colleagues' e-mail addresses (on your company domain).",
            answer="All on our company domain, four people; list attached.",
            resolution="Hi {customer}, organization-wide ticket sharing is on: colleagues who sign up to the portal "
            "with a company address can see all of your organization's tickets.",
            note="Turned on shared_tickets in the organization settings.",
        ),
    ),
)
