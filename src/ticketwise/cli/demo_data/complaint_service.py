"""Complaints and suggestions of the demo about service and billing: double charges, rude
couriers, wrong invoices, missed visits, and ideas for the app and the hotline."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from random import Random
from typing import Any

from ticketwise.cli.demo_data.model import Lines, Scenario
from ticketwise.cli.demo_data.values import localized, money, order_number, product


def _double_charge(rng: Random, day: date, language: str) -> dict[str, Any]:
    name, price = product(rng, language)
    return {
        "order_number": order_number(rng, day),
        "product": name,
        "desired_resolution": localized(language, "退还多扣的款项。", "Refund the duplicate charge."),
        "complaint_level": "major",
        "compensation_type": "refund",
        "compensation_amount": Decimal(price).quantize(Decimal("0.01")),
        "root_cause": localized(
            language,
            "支付网关回调超时后订单系统重复发起扣款。",
            "The order system retried the charge after a payment-gateway callback timed out.",
        ),
        "price": price,
    }


def _rude(rng: Random, day: date, language: str) -> dict[str, Any]:
    name, _price = product(rng, language)
    return {
        "order_number": order_number(rng, day),
        "product": name,
        "desired_resolution": localized(
            language,
            "希望公司重视服务态度，给个说法。",
            "I expect an apology and better training for your staff.",
        ),
        "complaint_level": rng.choice(("minor", "major")),
        "compensation_type": "voucher",
        "compensation_amount": money(rng, 50, 100, 50),
        "root_cause": localized(
            language,
            "外包配送员未按服务规范送货上楼。",
            "The contracted courier ignored the delivery-to-door standard.",
        ),
    }


def _wrong_invoice(rng: Random, day: date, language: str) -> dict[str, Any]:
    name, _price = product(rng, language)
    return {
        "order_number": order_number(rng, day),
        "product": name,
        "desired_resolution": localized(
            language, "作废原发票并重新开具。", "Cancel the invoice and issue a correct one."
        ),
        "complaint_level": "minor",
        "compensation_type": "none",
        "root_cause": localized(
            language, "开票时调用了旧的抬头信息。", "The invoicing step used an outdated company title."
        ),
    }


def _no_show(rng: Random, day: date, language: str) -> dict[str, Any]:
    name, _price = product(rng, language)
    return {
        "order_number": order_number(rng, day),
        "product": name,
        "desired_resolution": localized(
            language, "重新约时间上门，并给个解释。", "Book a new visit and explain what happened."
        ),
        "complaint_level": "major",
        "compensation_type": "voucher",
        "compensation_amount": money(rng, 100, 200, 50),
        "root_cause": localized(
            language,
            "派单系统把工单分给了已请假的师傅。",
            "Dispatch assigned the job to a technician who was on leave.",
        ),
    }


def _suggest_app(rng: Random, _day: date, language: str) -> dict[str, Any]:
    return {
        "product": localized(language, "Ticketwise 客户端 App", "Ticketwise customer app"),
        "desired_resolution": localized(
            language,
            "希望增加深色模式和工单进度推送。",
            "Add a dark mode and push notifications for ticket progress.",
        ),
        "compensation_type": "none",
    }


def _suggest_hours(rng: Random, _day: date, language: str) -> dict[str, Any]:
    return {
        "product": localized(language, "售后服务热线", "After-sales hotline"),
        "desired_resolution": localized(
            language, "希望周六也提供电话支持。", "Offer phone support on Saturdays too."
        ),
        "compensation_type": "none",
    }


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        key="cs.double_charge",
        type="complaint_suggestion",
        category="complaint.billing",
        team="care",
        skill="billing",
        tags=("billing", "refund"),
        priorities=(0, 5, 5, 0),
        values=_double_charge,
        zh=Lines(
            title="订单 {order_number} 被重复扣款",
            description="购买{product}，订单号 {order_number}，银行卡被扣了两次 {price} 元，请核实并退还多扣的款项。",
            question="{customer}您好，请提供两笔扣款的银行流水截图（隐去卡号中间位），我们马上和财务核对。",
            answer="截图已上传，两笔扣款时间只差 1 分钟。",
            resolution="{customer}您好，已核实重复扣款，{price} 元已原路退回，预计 1–3 个工作日到账。给您添麻烦了。",
            note="支付网关回调超时引发重复扣款，研发已修复幂等校验（见变更单 CHG-2231）。",
        ),
        en=Lines(
            title="Charged twice for order {order_number}",
            description="I bought a {product} (order {order_number}) and my card was charged {price} CNY twice. Please "
            "check and refund the duplicate.",
            question="Hi {customer}, please send a screenshot of both charges on your statement (mask the card number) "
            "and we will check with Finance right away.",
            answer="Screenshot attached; the two charges are one minute apart.",
            resolution="Hi {customer}, we confirmed the duplicate charge and refunded {price} CNY to your card; it "
            "should arrive within 1–3 working days. Sorry for the trouble.",
            note="A payment-gateway callback timeout caused the retry; engineering fixed the idempotency check (CHG-2231).",
        ),
    ),
    Scenario(
        key="cs.rude",
        type="complaint_suggestion",
        category="complaint.service",
        team="care",
        skill="complaints",
        tags=("service-attitude", "courier"),
        priorities=(0, 2, 6, 2),
        values=_rude,
        zh=Lines(
            title="送货员态度恶劣，拒绝送货上楼",
            description="订单 {order_number}（{product}），送货员打电话让我自己下楼搬，我说家里没人他就挂电话，"
            "最后把货放在小区门口。{desired_resolution}",
            question="{customer}您好，非常抱歉。请问送货时间大约是几点？我们需要调取配送记录核实。",
            answer="昨天下午四点左右。",
            resolution="{customer}您好，经核实送货员确实违反了送货上门规范，已对其处理并重新培训。为表歉意，已向您的账户发放代金券，"
            "感谢您的监督。",
            note="外包配送商本月第二次类似投诉，已启动供应商考核。",
        ),
        en=Lines(
            title="Rude courier refused to deliver to my door",
            description="Order {order_number} ({product}): the courier called and told me to come down and carry it "
            "myself, hung up when I said nobody was home, and left it at the estate gate. {desired_resolution}",
            question="Hi {customer}, we are very sorry. Roughly what time was the delivery? We need to pull the "
            "delivery record.",
            answer="Around 4 pm yesterday.",
            resolution="Hi {customer}, we confirmed the courier broke our delivery-to-door rule; he has been dealt with "
            "and retrained. As an apology we have added a voucher to your account. Thank you for telling us.",
            note="Second similar complaint about this contractor this month; supplier review started.",
        ),
    ),
    Scenario(
        key="cs.invoice",
        type="complaint_suggestion",
        category="complaint.billing",
        team="care",
        skill="billing",
        tags=("invoice",),
        priorities=(0, 0, 6, 4),
        values=_wrong_invoice,
        zh=Lines(
            title="发票抬头开错了，需要重开",
            description="订单 {order_number} 的增值税专用发票抬头开成了我们公司的旧名称，财务无法入账。{desired_resolution}",
            question="{customer}您好，请提供正确的公司名称、税号、开户行及账号。",
            answer="已按要求把开票信息发在附件里。",
            resolution="{customer}您好，原发票已作废，新发票已开具并通过电子邮件发送，纸质版随后快递给您。",
            note="客户主数据里的抬头已同步更新。",
        ),
        en=Lines(
            title="Wrong company name on the invoice",
            description="The VAT invoice for order {order_number} shows our old company name, so Finance cannot book it. "
            "{desired_resolution}",
            question="Hi {customer}, please send the correct company name, tax ID, bank and account number.",
            answer="The invoicing details are in the attachment.",
            resolution="Hi {customer}, the old invoice is cancelled and the new one has been e-mailed; the paper copy "
            "follows by courier.",
            note="Customer master data updated with the new company title.",
        ),
    ),
    Scenario(
        key="cs.no_show",
        type="complaint_suggestion",
        category="complaint.service",
        team="care",
        skill="complaints",
        tags=("installation", "no-show"),
        priorities=(0, 3, 6, 1),
        values=_no_show,
        zh=Lines(
            title="预约的安装师傅没有上门",
            description="订单 {order_number} 的{product}约好今天上午 9–12 点上门安装，我请了半天假，结果一直没人来，电话也没人接。{desired_resolution}",
            question="{customer}您好，非常抱歉！请问您明天或后天哪个时间段方便？我们优先安排。",
            answer="明天下午 2 点以后都可以。",
            resolution="{customer}您好，师傅已于约定时间完成安装。对于爽约给您造成的损失，我们已发放代金券作为补偿，再次致歉。",
            note="派单系统未同步师傅请假状态，已反馈给调度。",
        ),
        en=Lines(
            title="The installer never showed up",
            description="Installation of my {product} (order {order_number}) was booked for 9–12 this morning. I took "
            "time off work and nobody came or answered the phone. {desired_resolution}",
            question="Hi {customer}, we are very sorry! Which time tomorrow or the day after suits you? We will give "
            "you priority.",
            answer="Any time after 2 pm tomorrow.",
            resolution="Hi {customer}, the installation was completed at the agreed time. We added a voucher to make up "
            "for the missed visit; our apologies again.",
            note="Dispatch did not know the technician was on leave; raised with scheduling.",
        ),
    ),
    Scenario(
        key="cs.suggest_app",
        type="complaint_suggestion",
        category="suggestion.product",
        team="care",
        skill="complaints",
        tags=("suggestion", "app"),
        priorities=(0, 0, 3, 7),
        values=_suggest_app,
        zh=Lines(
            title="建议：App 增加深色模式和进度推送",
            description="用了你们的 App 一段时间，整体不错。{desired_resolution}晚上看屏幕太亮了，而且每次都要手动刷新才知道工单进展。",
            question="{customer}您好，感谢建议！请问您使用的是 iOS 还是安卓？系统版本是多少？",
            answer="iPhone，iOS 17.5。",
            resolution="{customer}您好，您的建议已提交产品团队，深色模式已排入下个版本，推送功能在评估中。感谢您的反馈！",
            note="已录入需求池 PRD-318，同类建议累计 23 条。",
        ),
        en=Lines(
            title="Suggestion: dark mode and progress notifications in the app",
            description="I have used your app for a while and like it. {desired_resolution} The screen is too bright at "
            "night and I have to refresh to see any progress.",
            question="Hi {customer}, thanks for the idea! Are you on iOS or Android, and which version?",
            answer="iPhone, iOS 17.5.",
            resolution="Hi {customer}, your suggestion went to the product team: dark mode is planned for the next "
            "release and notifications are being evaluated. Thank you for the feedback!",
            note="Logged as PRD-318; 23 similar requests so far.",
        ),
    ),
    Scenario(
        key="cs.suggest_hours",
        type="complaint_suggestion",
        category="suggestion.service",
        team="care",
        skill="complaints",
        tags=("suggestion", "hotline"),
        priorities=(0, 0, 3, 7),
        values=_suggest_hours,
        zh=Lines(
            title="建议周末也开放客服热线",
            description="工作日上班没时间打电话，周末热线又不开。{desired_resolution}",
            question="{customer}您好，感谢您的建议。请问您一般希望在什么时间段联系我们？",
            answer="周六上午最方便。",
            resolution="{customer}您好，从下月起周六 9:00–13:00 将开放热线，您也可以随时通过在线门户提交工单。感谢您的建议！",
            note="运营已批准周六半天排班试点三个月。",
        ),
        en=Lines(
            title="Please open the hotline at weekends",
            description="I cannot call during working hours and the hotline is closed at weekends. {desired_resolution}",
            question="Hi {customer}, thank you. When would you usually like to reach us?",
            answer="Saturday morning is best.",
            resolution="Hi {customer}, from next month the hotline opens on Saturdays 9:00–13:00, and you can always "
            "submit tickets through the portal. Thanks for the suggestion!",
            note="Operations approved a three-month Saturday-morning pilot.",
        ),
    ),
)
