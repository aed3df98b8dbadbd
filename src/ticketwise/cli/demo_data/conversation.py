"""Phrases every scenario shares: acknowledgements, nudges, confirmations, reopenings, cancellations.

Each entry maps a language (``zh``/``en``) to variants; ``{customer}``, ``{agent}`` and ``{team}`` are
filled in.
"""

from __future__ import annotations

ACKNOWLEDGE = {
    "zh": (
        "{customer}您好，已收到您的工单，由我（{agent}）负责跟进，正在排查，今天内给您答复。",
        "{customer}您好，问题已收到，我们正在处理中，有进展会第一时间在工单里更新。",
        "{customer}您好，感谢反馈。我已查看您提供的信息，正在和相关同事确认，请稍候。",
    ),
    "en": (
        "Hi {customer}, thanks for your ticket. I'm {agent} and I'll be looking after it; we are investigating and "
        "will get back to you today.",
        "Hi {customer}, we have your request and are working on it. We will post any progress here.",
        "Hi {customer}, thanks for the details. I am checking with the colleagues concerned and will update you shortly.",
    ),
}

SIGNATURE = {"zh": "\n\n{agent}\n{team}", "en": "\n\nBest regards,\n{agent}\n{team}"}

FOLLOW_UP = {
    "zh": (
        "请问大概什么时候能处理？这个比较着急。",
        "补充一下：今天早上又出现了一次，麻烦尽快看看。",
        "有进展吗？我们这边还在等。",
    ),
    "en": (
        "Any idea when someone can look at this? It is fairly urgent.",
        "One more detail: it happened again this morning. Please have a look soon.",
        "Any news? We are still waiting on this.",
    ),
}

CONFIRM = {
    "zh": ("确认已经好了，谢谢！", "测试过了没问题，可以关单，感谢。", "已解决，辛苦了！"),
    "en": (
        "Confirmed, it works now. Thank you!",
        "Tested and all fine, you can close this. Thanks.",
        "Solved, many thanks!",
    ),
}

REOPEN = {
    "zh": ("今天又出现同样的问题了，麻烦再看一下。", "不好意思，问题又复现了，和之前的现象一样。"),
    "en": (
        "The same problem is back today, could you take another look?",
        "Sorry, it happened again, same symptoms as before.",
    ),
}

SECOND_FIX = {
    "zh": ("{customer}您好，已再次处理，并做了进一步加固（更换了相关部件/配置），我们会持续观察一周。",),
    "en": (
        "Hi {customer}, we fixed it again and made the fix more robust (replaced the related part/setting); we will "
        "keep an eye on it for a week.",
    ),
}

CUSTOMER_CANCEL = {
    "zh": ("问题已经自己解决了，这个工单可以取消。", "不需要了，计划有变，取消吧。"),
    "en": (
        "I sorted it out myself, please cancel this ticket.",
        "No longer needed, our plans changed. Please cancel.",
    ),
}

STAFF_CANCEL_NOTE = {
    "zh": ("与客户电话确认为重复提交，已在原工单中跟进，本单取消。", "客户表示不再需要，电话确认后取消。"),
    "en": (
        "Duplicate submission confirmed by phone; followed up in the original ticket, cancelling this one.",
        "Customer no longer needs this (confirmed by phone); cancelling.",
    ),
}

PHONE_CLOSE_NOTE = {
    "zh": ("已电话回访客户，确认问题解决，关闭工单。",),
    "en": ("Called the customer back: confirmed solved, closing.",),
}

TRIAGE_NOTE = {
    "zh": ("VIP 客户，请优先处理，30 分钟内首次响应。", "影响面较大，已提升优先级，请 {agent} 跟进。"),
    "en": (
        "VIP customer: please prioritise, first response within 30 minutes.",
        "Wide impact, priority raised. {agent}, please take this.",
    ),
}
