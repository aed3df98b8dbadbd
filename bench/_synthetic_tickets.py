"""Synthetic zh/en help-desk tickets for the triage benchmarks: type, category and urgency labels,
built from templates with shared filler words so the classes overlap like real ones do."""

from __future__ import annotations

import random

# (type, category) -> subjects (zh and en)
SUBJECTS = {
    ("it_support", "printer"): ["打印机", "复印机", "printer", "the copier", "扫描仪", "scanner"],
    ("it_support", "vpn"): ["VPN", "远程连接", "the VPN client", "remote access", "堡垒机"],
    ("it_support", "password"): ["密码", "账号", "my password", "login", "域账号", "the account"],
    ("it_support", "email"): ["邮箱", "Outlook", "email", "the mailbox", "企业邮箱"],
    ("equipment_repair", "hvac"): ["空调", "the air conditioner", "暖气", "heating", "新风系统"],
    ("equipment_repair", "production"): ["贴片机", "生产线", "the CNC machine", "assembly line", "注塑机"],
    ("equipment_repair", "plumbing"): ["水管", "水龙头", "the pipe", "the toilet", "下水道"],
    ("complaint_suggestion", "delivery"): ["快递", "送货", "the delivery", "the courier", "物流"],
    ("complaint_suggestion", "quality"): ["商品", "产品质量", "the product", "the item I bought", "包装"],
    ("complaint_suggestion", "attitude"): ["客服态度", "服务人员", "your staff", "the agent on the phone"],
    ("internal_admin", "supplies"): ["办公用品", "A4 纸", "office supplies", "toner cartridges", "文具"],
    ("internal_admin", "rooms"): ["会议室", "the meeting room", "培训室", "a conference room"],
    ("internal_admin", "badge"): ["门禁卡", "工牌", "my badge", "access card", "停车证"],
    ("general_inquiry", "pricing"): ["价格", "报价", "the price", "the premium plan", "收费标准"],
    ("general_inquiry", "hours"): ["营业时间", "开放时间", "opening hours", "your office hours"],
}
PROBLEMS = {
    "it_support": ["无法使用", "报错 0x0000007B", "连不上", "一直提示错误", "does not work", "shows error 0x80070005",
                   "keeps crashing", "cannot connect", "登录失败", "is very slow"],
    "equipment_repair": ["坏了", "漏水", "报警 E102", "无法启动", "is broken", "is leaking", "makes a loud noise",
                         "stopped working", "需要维修", "needs maintenance"],
    "complaint_suggestion": ["太差了", "很不满意", "要求退款", "一直没有回复", "was terrible", "I want a refund",
                             "is unacceptable", "arrived damaged", "建议改进", "please improve"],
    "internal_admin": ["申请", "需要预订", "请帮忙办理", "丢了需要补办", "I need to book", "please order",
                       "request for", "I lost", "申请领用", "need a new one"],
    "general_inquiry": ["请问", "想了解一下", "是多少", "怎么收费", "what is", "could you tell me", "how much is",
                        "I would like to know", "咨询一下", "is there"],
}  # fmt: skip
FILLER = ["你好", "麻烦", "谢谢", "今天", "昨天开始", "同事也是", "hello", "please", "thanks", "since yesterday",
          "ASAP", "急", "三楼", "on the 3rd floor", "my colleague too", "again"]  # fmt: skip
URGENCY = {"high": ["紧急", "全部停工", "urgent", "everyone is blocked"], "medium": ["尽快", "soon"],
           "low": ["不急", "no rush", "有空再处理"]}  # fmt: skip


def tickets(n: int, seed: int = 7) -> list[tuple[str, str, str, str]]:
    """``n`` tickets as ``(text, type, category, urgency)``."""
    rng = random.Random(seed)
    keys = list(SUBJECTS)
    out = []
    for _ in range(n):
        type_slug, category = rng.choice(keys)
        urgency = rng.choice(list(URGENCY))
        parts = [rng.choice(SUBJECTS[(type_slug, category)]), rng.choice(PROBLEMS[type_slug])]
        parts += rng.sample(FILLER, rng.randint(0, 3))
        if rng.random() < 0.7:
            parts.append(rng.choice(URGENCY[urgency]))
        rng.shuffle(parts)
        title = " ".join(parts[:3])
        out.append((f"{title}\n{' '.join(parts)}", type_slug, f"{type_slug}.{category}", urgency))
    return out
