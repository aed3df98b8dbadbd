"""The five built-in ticket types of DESIGN §4, seeded once and editable afterwards.

Seeding is idempotent and never overwrites what an admin changed: an existing type keeps its names,
hints and extractors; only fields (by name) and categories (by stable key) that are missing are
added, and the extension table is brought up to date.

Site photos: the image files are ordinary ticket attachments (content-addressed, size-limited, shown
in the conversation). The ``site_photos`` field is of kind ``json`` and holds the list of the ids of
those attachments that are photos of the site, so the photos live once, with the ticket, and the
field only marks which ones they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from ticketwise.tickets.types import repository
from ticketwise.tickets.types.kinds import FieldKind
from ticketwise.tickets.types.models import Category, TicketField, TicketType
from ticketwise.tickets.types.schema import ensure_table


def _t(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def _field(
    name: str, kind: FieldKind, zh: str, en: str, help_zh: str = "", help_en: str = "", **extra: Any
) -> dict[str, Any]:
    """A field definition as ``TicketField`` keyword arguments (labels and help in zh and en)."""
    help_text = _t(help_zh, help_en) if help_zh else {}
    return {"name": name, "kind": kind.value, "labels": _t(zh, en), "help": help_text, **extra}


def _options(*options: tuple[str, str, str]) -> list[dict[str, Any]]:
    """``(value, zh, en)`` triples as field options."""
    return [{"value": value, "labels": _t(zh, en)} for value, zh, en in options]


@dataclass(frozen=True)
class CategoryDef:
    key: str
    names: dict[str, str]
    children: tuple[CategoryDef, ...] = ()


def _cat(key: str, zh: str, en: str, *children: CategoryDef) -> CategoryDef:
    return CategoryDef(key, _t(zh, en), children)


@dataclass(frozen=True)
class TypeDef:
    slug: str
    names: dict[str, str]
    descriptions: dict[str, str]
    icon: str
    default_priority: str
    fields: tuple[dict[str, Any], ...]
    categories: tuple[CategoryDef, ...]
    ai_hints: dict[str, list[str]]
    extractors: tuple[dict[str, str], ...]


def _extract(field: str, *patterns: str) -> tuple[dict[str, str], ...]:
    return tuple({"field": field, "pattern": pattern} for pattern in patterns)


# A code right after a label: letters, digits, "_" and "-" (stops before Chinese punctuation).
_CODE = r"(?P<value>[A-Za-z0-9][A-Za-z0-9_-]*)"
_IPV4_PART = r"(?:25[0-5]|2[0-4]\d|1?\d?\d)"
_ISO_DATE = r"(?P<value>\d{4}-\d{2}-\d{2})"

# The definitions are tables: kept aligned by hand rather than one argument per line.
# fmt: off
IT_SUPPORT = TypeDef(
    slug="it_support",
    names=_t("IT 支持", "IT support"),
    descriptions=_t("电脑、软件、网络、账号与权限等 IT 问题。", "Computers, software, network, accounts and access."),
    icon="bi-pc-display",
    default_priority="P2",
    fields=(
        _field("asset_number", FieldKind.REFERENCE, "资产编号", "Asset number",
               "设备标签上的编号，例如 IT-000123。", "The number on the device's label, e.g. IT-000123.", indexed=True),
        _field("os_version", FieldKind.TEXT, "操作系统版本", "OS version", "例如 Windows 11 23H2。", "E.g. Windows 11 23H2."),
        _field("software", FieldKind.TEXT, "相关软件", "Software", "出问题的软件及版本。", "The program and version concerned."),
        _field("error_code", FieldKind.TEXT, "错误代码", "Error code",
               "错误提示中的代码或原文。", "The code or text of the error message."),
        _field("remote_address", FieldKind.TEXT, "远程地址", "Remote address",
               "IP 地址或远程协助 ID，便于远程处理。", "IP address or remote-assistance ID, for remote help."),
        _field("affected_users", FieldKind.INTEGER, "受影响人数", "Affected users",
               "有多少人遇到同样的问题。", "How many people have the same problem.", validation={"min": 1, "max": 100000}),
    ),
    categories=(
        _cat("hardware", "硬件", "Hardware",
             _cat("hardware.computer", "台式机/笔记本", "Desktop / laptop"),
             _cat("hardware.printer", "打印机", "Printer"),
             _cat("hardware.peripheral", "外设", "Peripherals")),
        _cat("software", "软件", "Software",
             _cat("software.office", "办公软件", "Office software"),
             _cat("software.business", "业务系统", "Business systems")),
        _cat("network", "网络", "Network",
             _cat("network.wifi", "无线网络", "Wi-Fi"),
             _cat("network.vpn", "VPN", "VPN")),
        _cat("account", "账号与权限", "Accounts & access",
             _cat("account.password", "密码重置", "Password reset"),
             _cat("account.permission", "权限申请", "Permissions")),
        _cat("email", "邮箱", "Email"),
    ),
    ai_hints={
        "keywords": ["电脑", "蓝屏", "死机", "打印机", "网络", "断网", "密码", "账号", "邮箱", "软件", "VPN",
                     "computer", "laptop", "printer", "network", "password", "account", "email", "software", "crash"],
        "examples": ["我的电脑开机蓝屏，错误代码 0x0000007B", "Cannot connect to the VPN from home since this morning",
                     "打印机无法打印，显示脱机", "Please reset my password, I am locked out"],
    },
    extractors=(
        *_extract("asset_number", r"\b(?P<value>IT-\d{6})\b", r"资产编号[:：]?\s*" + _CODE,
                  r"(?i)\basset\s*(?:no\.?|number|tag|#)\s*[:：#]?\s*" + _CODE),
        *_extract("error_code", r"(?i)\b(?P<value>0x[0-9a-f]{8})\b", r"错误(?:代码|码)[:：]?\s*" + _CODE,
                  r"(?i)\berror\s*code\s*[:：#]?\s*" + _CODE),
        *_extract("os_version",
                  r"(?i)\b(?P<value>(?:Windows|Win)\s?(?:7|8\.1|10|11)|macOS\s?\d+(?:\.\d+)*|Ubuntu\s?\d+\.\d+)\b"),
        *_extract("remote_address", rf"\b(?P<value>(?:{_IPV4_PART}\.){{3}}{_IPV4_PART})\b"),
        *_extract("affected_users", r"(?P<value>\d+)\s*(?:人|名同事|个用户|位用户)(?:都)?受(?:到)?影响",
                  r"影响(?:了)?\s*(?P<value>\d+)\s*(?:人|名|个用户|位)",
                  r"(?i)\b(?P<value>\d+)\s+(?:users|people|colleagues)\s+(?:are\s+)?affected"),
    ),
)

EQUIPMENT_REPAIR = TypeDef(
    slug="equipment_repair",
    names=_t("设备报修", "Equipment repair"),
    descriptions=_t("生产、办公与楼宇设备的故障报修和维护。",
                    "Faults and maintenance of production, office and building equipment."),
    icon="bi-tools",
    default_priority="P2",
    fields=(
        _field("equipment_model", FieldKind.TEXT, "设备型号", "Equipment model", "铭牌上的型号。", "The model on the rating plate."),
        _field("serial_number", FieldKind.REFERENCE, "序列号", "Serial number",
               "铭牌上的序列号（S/N）。", "The serial number (S/N) on the rating plate.", indexed=True),
        _field("fault_code", FieldKind.TEXT, "故障代码", "Fault code",
               "设备显示的故障或报警代码。", "The fault or alarm code the equipment shows."),
        _field("location", FieldKind.TEXT, "设备位置", "Location",
               "楼栋、楼层、房间或产线。", "Building, floor, room or line.", required=True),
        _field("maintenance_type", FieldKind.SELECT, "维修类型", "Maintenance type", default="corrective",
               options=_options(("corrective", "故障维修", "Corrective"), ("preventive", "预防性维护", "Preventive"),
                                ("installation", "安装调试", "Installation"), ("inspection", "巡检", "Inspection"))),
        _field("spare_parts", FieldKind.LONG_TEXT, "所需备件", "Spare parts",
               "更换或需要订购的备件及数量。", "Parts replaced or to order, with quantities.", customer_visible=False),
        _field("site_photos", FieldKind.JSON, "现场照片", "Site photos",
               "工单附件中属于现场照片的附件编号。", "Ids of the ticket's attachments that are site photos.",
               customer_visible=False),
    ),
    categories=(
        _cat("electrical", "电气", "Electrical"),
        _cat("mechanical", "机械", "Mechanical"),
        _cat("hvac", "暖通空调", "HVAC"),
        _cat("office_equipment", "办公设备", "Office equipment"),
    ),
    ai_hints={
        "keywords": ["设备", "故障", "维修", "报修", "保养", "报警", "停机", "漏水", "空调",
                     "equipment", "machine", "repair", "fault", "breakdown", "maintenance", "alarm", "leak"],
        "examples": ["3 号产线贴片机报警 E102，无法启动", "The air conditioner in meeting room 5 is leaking water",
                     "复印机卡纸，序列号：CN12345678", "Please schedule the quarterly inspection of the generator"],
    },
    extractors=(
        *_extract("serial_number", r"序列号[:：]?\s*" + _CODE, r"(?i)\b(?:S/N|SN)\s*[:：#]\s*" + _CODE,
                  r"(?i)\bserial\s*(?:no\.?|number)\s*[:：#]?\s*" + _CODE),
        *_extract("fault_code", r"(?:故障|报警)(?:代码|码)[:：]?\s*" + _CODE,
                  r"(?i)\b(?:fault|alarm|error)\s*code\s*[:：#]?\s*" + _CODE),
        *_extract("equipment_model", r"型号[:：]?\s*(?P<value>[A-Za-z0-9][A-Za-z0-9._/-]*)",
                  r"(?i)\bmodel\s*(?:no\.?|number)?\s*[:：#]\s*(?P<value>[A-Za-z0-9][A-Za-z0-9._/-]*)"),
    ),
)

COMPLAINT_SUGGESTION = TypeDef(
    slug="complaint_suggestion",
    names=_t("投诉与建议", "Complaint & suggestion"),
    descriptions=_t("对产品或服务的投诉、意见和建议。", "Complaints, feedback and suggestions about products or service."),
    icon="bi-megaphone",
    default_priority="P2",
    fields=(
        _field("order_number", FieldKind.REFERENCE, "订单号", "Order number", indexed=True),
        _field("product", FieldKind.TEXT, "产品", "Product"),
        _field("complaint_level", FieldKind.SELECT, "投诉等级", "Complaint level",
               "严重投诉会立即升级给主管。", "Serious complaints are escalated to a supervisor at once.",
               options=_options(("minor", "一般", "Minor"), ("major", "严重", "Major"), ("critical", "重大", "Critical")),
               customer_visible=False),
        _field("desired_resolution", FieldKind.LONG_TEXT, "期望的解决方式", "Desired resolution"),
        _field("compensation_type", FieldKind.SELECT, "补偿方式", "Compensation type", customer_visible=False,
               options=_options(("none", "无", "None"), ("refund", "退款", "Refund"), ("replacement", "换货", "Replacement"),
                                ("repair", "免费维修", "Free repair"), ("voucher", "代金券", "Voucher"),
                                ("apology", "致歉", "Apology"))),
        _field("compensation_amount", FieldKind.DECIMAL, "补偿金额", "Compensation amount", "单位：元。", "In CNY.",
               validation={"min": 0}, customer_visible=False),
        _field("root_cause", FieldKind.LONG_TEXT, "根本原因", "Root cause",
               "内部分析，客户不可见。", "Internal analysis, not shown to the customer.", customer_visible=False),
    ),
    categories=(
        _cat("complaint", "投诉", "Complaint",
             _cat("complaint.quality", "产品质量", "Product quality"),
             _cat("complaint.service", "服务态度", "Service attitude"),
             _cat("complaint.delivery", "物流配送", "Delivery"),
             _cat("complaint.billing", "收费问题", "Billing")),
        _cat("suggestion", "建议", "Suggestion",
             _cat("suggestion.product", "产品建议", "Product"),
             _cat("suggestion.service", "服务建议", "Service")),
    ),
    ai_hints={
        "keywords": ["投诉", "不满意", "差评", "退款", "赔偿", "建议", "态度", "质量问题",
                     "complaint", "unhappy", "refund", "compensation", "suggestion", "rude", "quality", "disappointed"],
        "examples": ["订单号 20240501123 的商品收到时已经损坏，要求退款", "Your delivery driver was very rude to me",
                     "建议 App 增加夜间模式", "I was charged twice for order #A1234567"],
    },
    extractors=_extract("order_number", r"订单(?:号|编号)?[:：#]?\s*(?P<value>[A-Za-z0-9][A-Za-z0-9-]{5,})",
                        r"(?i)\border\s*(?:no\.?|number|id|#)\s*[:：#]?\s*(?P<value>[A-Za-z0-9][A-Za-z0-9-]{5,})"),
)

INTERNAL_ADMIN = TypeDef(
    slug="internal_admin",
    names=_t("内部行政", "Internal admin"),
    descriptions=_t("办公用品、设施、会议室、门禁、差旅等内部事务。",
                    "Office supplies, facilities, rooms, access cards, travel and other internal requests."),
    icon="bi-building",
    default_priority="P3",
    fields=(
        _field("department", FieldKind.SELECT, "部门", "Department", required=True,
               options=_options(("administration", "行政部", "Administration"), ("finance", "财务部", "Finance"),
                                ("hr", "人力资源部", "Human resources"), ("it", "信息技术部", "IT"),
                                ("sales", "销售部", "Sales"), ("operations", "运营部", "Operations"),
                                ("rnd", "研发部", "R&D"), ("other", "其他", "Other"))),
        _field("request_category", FieldKind.SELECT, "申请类别", "Request category",
               options=_options(("office_supplies", "办公用品", "Office supplies"), ("facilities", "设施维修", "Facilities"),
                                ("meeting_room", "会议室", "Meeting room"), ("access_card", "门禁卡", "Access card"),
                                ("travel", "差旅", "Travel"), ("reimbursement", "报销", "Reimbursement"),
                                ("other", "其他", "Other"))),
        _field("location", FieldKind.TEXT, "地点", "Location", "办公室、楼层或工位号。", "Office, floor or desk."),
        _field("needed_by", FieldKind.DATE, "需要日期", "Needed by", "最晚何时需要。", "The latest date it is needed."),
    ),
    categories=(
        _cat("facilities", "设施", "Facilities"),
        _cat("supplies", "办公用品", "Office supplies"),
        _cat("hr", "人事", "HR"),
        _cat("finance", "财务", "Finance"),
    ),
    ai_hints={
        "keywords": ["申请", "行政", "办公用品", "会议室", "门禁", "报销", "差旅", "工位",
                     "request", "office supplies", "meeting room", "access card", "reimbursement", "travel", "desk"],
        "examples": ["申请领用两盒 A4 打印纸", "Please book meeting room 3 for Friday afternoon",
                     "新员工需要办理门禁卡", "My access card stopped working"],
    },
    extractors=_extract("needed_by", _ISO_DATE + r"\s*(?:之前|以前|前)", r"(?i)\b(?:by|before|until)\s+" + _ISO_DATE + r"\b"),
)

GENERAL_INQUIRY = TypeDef(
    slug="general_inquiry",
    names=_t("一般咨询", "General inquiry"),
    descriptions=_t("其他问题与咨询。", "Any other question."),
    icon="bi-question-circle",
    default_priority="P3",
    fields=(),
    categories=(
        _cat("product", "产品信息", "Product information"),
        _cat("pricing", "价格", "Pricing"),
        _cat("other", "其他", "Other"),
    ),
    ai_hints={
        "keywords": ["咨询", "请问", "了解", "价格", "怎么", "question", "inquiry", "information", "price", "how"],
        "examples": ["请问你们的营业时间是几点？", "How much does the premium plan cost?"],
    },
    extractors=(),
)
# fmt: on

BUILTIN_TYPES: tuple[TypeDef, ...] = (
    IT_SUPPORT,
    EQUIPMENT_REPAIR,
    COMPLAINT_SUGGESTION,
    INTERNAL_ADMIN,
    GENERAL_INQUIRY,
)


def _new_type(definition: TypeDef, position: int) -> TicketType:
    return TicketType(
        slug=definition.slug,
        names=definition.names,
        descriptions=definition.descriptions,
        icon=definition.icon,
        default_priority=definition.default_priority,
        ai_hints=definition.ai_hints,
        extractors=list(definition.extractors),
        position=position,
        is_active=True,
        public_form=True,
        builtin=True,
    )


def _add_missing_fields(ticket_type: TicketType, definition: TypeDef) -> None:
    existing = {field.name for field in ticket_type.fields}
    position = max((field.position for field in ticket_type.fields), default=-1) + 1
    for values in definition.fields:
        if values["name"] in existing:
            continue
        ticket_type.fields.append(
            TicketField(**{"hidden": False, "customer_visible": True, **values}, position=position)
        )
        position += 1


def _add_missing_categories(
    session: Session, ticket_type: TicketType, definitions: tuple[CategoryDef, ...], parent: Category | None
) -> None:
    by_key = {category.key: category for category in ticket_type.categories if category.key}
    for position, definition in enumerate(definitions):
        category = by_key.get(definition.key)
        if category is None:
            category = Category(
                key=definition.key,
                names=definition.names,
                parent_id=None if parent is None else parent.id,
                position=position,
                is_active=True,
            )
            ticket_type.categories.append(category)
            if definition.children:
                session.flush()  # children need the parent's id
        _add_missing_categories(session, ticket_type, definition.children, category)


def seed_builtin_types(session: Session) -> list[TicketType]:
    """Create the built-in types, or complete them with missing fields, categories and columns.

    Returns them in definition order. Needs no actor: it runs at ``ticketwise init`` and upgrades.
    """
    seeded = []
    for position, definition in enumerate(BUILTIN_TYPES):
        ticket_type = repository.find_type_by_slug(session, definition.slug)
        if ticket_type is None:
            ticket_type = _new_type(definition, position)
            session.add(ticket_type)
            session.flush()
        _add_missing_fields(ticket_type, definition)
        _add_missing_categories(session, ticket_type, definition.categories, None)
        session.flush()
        ensure_table(session, ticket_type)
        seeded.append(ticket_type)
    return seeded
