"""Complaints of the demo about products and deliveries: damaged goods, defects, late delivery."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from random import Random
from typing import Any

from ticketwise.cli.demo_data.model import Lines, Scenario
from ticketwise.cli.demo_data.values import localized, money, order_number, product


def _damaged(rng: Random, day: date, language: str) -> dict[str, Any]:
    name, price = product(rng, language)
    return {
        "order_number": order_number(rng, day),
        "product": name,
        "desired_resolution": localized(
            language, "尽快换一台新的。", "Please send a replacement as soon as possible."
        ),
        "complaint_level": "major",
        "compensation_type": "replacement",
        "compensation_amount": Decimal(price).quantize(Decimal("0.01")),
        "root_cause": localized(
            language,
            "承运商野蛮装卸，外箱缓冲不足。",
            "Rough handling by the carrier; too little padding in the carton.",
        ),
    }


def _defect(rng: Random, day: date, language: str) -> dict[str, Any]:
    name, _price = product(rng, language)
    return {
        "order_number": order_number(rng, day),
        "product": name,
        "desired_resolution": localized(language, "免费维修或者换新。", "Free repair or a new unit."),
        "complaint_level": "major",
        "compensation_type": "repair",
        "compensation_amount": Decimal("0.00"),
        "root_cause": localized(
            language,
            "该批次电源板电容虚焊，已通报质量部。",
            "Cold-soldered capacitor on this batch's power board; reported to Quality.",
        ),
    }


def _late(rng: Random, day: date, language: str) -> dict[str, Any]:
    name, _price = product(rng, language)
    return {
        "order_number": order_number(rng, day),
        "product": name,
        "desired_resolution": localized(
            language, "尽快发货，并说明延误原因。", "Ship it now and explain the delay."
        ),
        "complaint_level": "minor",
        "compensation_type": "voucher",
        "compensation_amount": money(rng, 20, 50, 10),
        "root_cause": localized(
            language,
            "华东仓库存数据不同步，订单卡在待拣货。",
            "Stock data of the East China warehouse was out of sync; the order sat in picking.",
        ),
    }


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        key="cs.damaged",
        type="complaint_suggestion",
        category="complaint.delivery",
        team="care",
        skill="complaints",
        tags=("damaged", "delivery"),
        priorities=(0, 4, 5, 1),
        values=_damaged,
        attachment="photo",
        zh=Lines(
            title="收到的{product}外壳破损，要求换货",
            description="订单号：{order_number}。今天收到的{product}外包装被压扁，机器外壳裂了一道缝，开箱视频和照片已上传。{desired_resolution}",
            question="{customer}您好，非常抱歉给您带来不便。请问快递外箱上是否有明显破损？方便的话请提供一张外箱照片，便于我们向承运商索赔。",
            answer="外箱一角被压塌了，照片已补充上传。",
            resolution="{customer}您好，已为您安排换新，新机今天从华东仓发出，快递员上门取回破损件，无需您垫付运费。再次向您致歉！",
            note="承运商责任，已提交索赔。本月同一线路破损第 4 起，已反馈物流主管。",
        ),
        en=Lines(
            title="{product} arrived with a cracked case, replacement needed",
            description="Order number: {order_number}. The {product} delivered today came in a crushed box and the case "
            "is cracked. Unboxing photos are attached. {desired_resolution}",
            question="Hi {customer}, we are very sorry. Was the outer carton visibly damaged? A photo of it helps us "
            "claim against the carrier.",
            answer="One corner of the carton was crushed; I have added a photo.",
            resolution="Hi {customer}, a replacement ships today from our East China warehouse and the courier will "
            "collect the damaged unit at no cost to you. Our apologies again!",
            note="Carrier's fault, claim filed. Fourth damaged delivery on this route this month; told the logistics lead.",
        ),
    ),
    Scenario(
        key="cs.defect",
        type="complaint_suggestion",
        category="complaint.quality",
        team="care",
        skill="complaints",
        tags=("quality", "warranty"),
        priorities=(0, 2, 6, 2),
        values=_defect,
        zh=Lines(
            title="{product}用了两周就无法开机",
            description="订单号 {order_number}，{product}买了刚两周，昨天突然无法开机，充电指示灯也不亮。{desired_resolution}",
            question="{customer}您好，请尝试长按电源键 15 秒强制重启，并告知充电器指示灯状态。",
            answer="试过了，还是没反应，充电器灯是亮的。",
            resolution="{customer}您好，已确认属于质量问题，在保修期内免费维修，顺丰上门取件，维修完成后寄回，全程免费。",
            note="同批次（2026-W38）电源板问题，质量部已发起批次排查。",
        ),
        en=Lines(
            title="{product} dead after two weeks",
            description="Order {order_number}: my {product} is only two weeks old and will not turn on since "
            "yesterday; the charging light stays off. {desired_resolution}",
            question="Hi {customer}, please hold the power button for 15 seconds to force a restart and tell us whether "
            "the charger's light is on.",
            answer="Tried it, nothing happens. The charger light is on.",
            resolution="Hi {customer}, this is a quality fault covered by the warranty. A courier will collect the unit "
            "for free repair and return it to you, all at our cost.",
            note="Same batch (2026-W38) power-board issue; Quality has started a batch investigation.",
        ),
    ),
    Scenario(
        key="cs.late",
        type="complaint_suggestion",
        category="complaint.delivery",
        team="care",
        skill="complaints",
        tags=("late-delivery",),
        priorities=(0, 1, 6, 3),
        values=_late,
        zh=Lines(
            title="下单 10 天还没发货",
            description="订单 {order_number}（{product}）下单已经 10 天，页面一直显示“待发货”，客服电话也打不通。{desired_resolution}",
            question="{customer}您好，抱歉让您久等。请确认收货地址和电话是否有变化？",
            answer="地址电话都没变。",
            resolution="{customer}您好，因仓库库存数据不同步导致订单未及时拣货，现已加急发出，运单号已短信通知您，"
            "并补偿了一张代金券。",
            note="华东仓库存同步任务失败 2 天未告警，已提工单给 IT。",
        ),
        en=Lines(
            title="Order placed 10 days ago still not shipped",
            description='Order {order_number} ({product}) was placed 10 days ago and still says "awaiting shipment"; '
            "I cannot get through on the phone either. {desired_resolution}",
            question="Hi {customer}, sorry for the wait. Are your delivery address and phone number unchanged?",
            answer="Both are unchanged.",
            resolution="Hi {customer}, a stock-sync problem at the warehouse kept your order from being picked. It has "
            "now shipped by express (tracking number sent by SMS) and we added a voucher to your account.",
            note="The East China stock-sync job failed for two days without alerting; ticket raised with IT.",
        ),
    ),
)
