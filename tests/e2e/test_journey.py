"""The main journey in a real browser, in Chinese (issue #2, item 9):

1. a customer signs up and submits an IT-support ticket through the portal;
2. an agent finds it in the queue and replies, and the customer sees the reply;
3. an admin adds a field to equipment repair; it appears in the portal form and the value a customer
   enters lands in ``ext_equipment_repair``.
"""

from __future__ import annotations

import re
import sqlite3

import pytest

pytestmark = pytest.mark.e2e

AGENT_EMAIL = "agent.e2e@example.com"
AGENT_PASSWORD = "e2e-agent-password"
CUSTOMER_PASSWORD = "e2e-customer-password"


def sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state("networkidle")


def fill_required_blanks(page, form_selector: str) -> None:
    """Give every still-empty required input of the form a plausible value."""
    for field in page.locator(f"{form_selector} [required]").all():
        tag = field.evaluate("e => e.tagName.toLowerCase()")
        kind = (field.get_attribute("type") or "").lower()
        if tag == "select":
            options = field.locator("option").all()
            values = [o.get_attribute("value") for o in options if o.get_attribute("value")]
            if values:
                field.select_option(values[0])
        elif kind in ("checkbox", "radio", "file", "hidden"):
            continue
        elif not field.input_value():
            sample = {
                "number": "3",
                "date": "2027-06-30",
                "email": "x@example.com",
                "url": "https://example.com",
                "datetime-local": "2027-06-30T10:00",
            }.get(kind, "E2E-123")
            field.fill(sample)


def test_customer_agent_admin_journey_in_chinese(live_server, new_context):
    base = live_server.url
    live_server.cli(
        "user",
        "create",
        "--email",
        AGENT_EMAIL,
        "--name",
        "李工程师",
        "--role",
        "agent",
        "--password",
        AGENT_PASSWORD,
    )

    # 1. The customer signs up and submits an IT-support request in Chinese.
    customer = new_context("zh-CN").new_page()
    customer.goto(f"{base}/signup")
    assert "创建" in customer.content() or "注册" in customer.content()
    customer.fill("input[name=name]", "王小明")
    customer.fill("input[name=email]", "xiaoming@example.cn")
    customer.fill("input[name=password]", CUSTOMER_PASSWORD)
    customer.fill("input[name=password_confirm]", CUSTOMER_PASSWORD)
    customer.click("form[action='/signup'] button[type=submit]")
    customer.wait_for_url(re.compile(r"/portal"))

    customer.goto(f"{base}/portal/new/it_support")
    form = "form[action='/portal/new/it_support']"
    customer.fill(f"{form} input[name=title]", "办公室打印机无法连接网络")
    customer.fill(
        f"{form} textarea[name=description]",
        "三楼的打印机从今天早上开始无法打印，提示脱机。资产编号：IT-100234",
    )
    fill_required_blanks(customer, form)
    customer.click(f"{form} button[type=submit]")
    customer.wait_for_url(re.compile(r"/portal/tickets/TW-\d{8}-\d{4}"))
    number = re.search(r"TW-\d{8}-\d{4}", customer.url).group(0)
    assert "办公室打印机无法连接网络" in customer.content()

    # 2. The agent finds it in the queue and replies; the customer sees the reply.
    agent = new_context("zh-CN").new_page()
    sign_in(agent, base, AGENT_EMAIL, AGENT_PASSWORD)
    agent.goto(f"{base}/agent/queue?view=all")
    agent.click(f"a[href='/agent/tickets/{number}'] >> nth=-1")
    agent.wait_for_url(re.compile(number))
    reply = "您好，请重启打印机并确认网线已插好，我们已远程重置了打印服务。"
    agent.fill("#reply textarea[name=body]", reply)
    agent.click("#reply button[type=submit]")
    agent.wait_for_load_state("networkidle")
    assert reply in agent.content()

    customer.goto(f"{base}/portal/tickets/{number}")
    assert reply in customer.content()

    # 3. The admin adds a field to equipment repair; the portal form shows it; the value is stored.
    admin = new_context("zh-CN").new_page()
    sign_in(admin, base, "admin@example.com", "e2e-admin-password")
    admin.goto(f"{base}/admin/types/equipment_repair/fields/new")
    field_form = "main form:has(input[name=label_zh])"
    admin.fill(f"{field_form} input[name=name]", "warranty_until")
    admin.select_option(f"{field_form} select[name=kind]", "date")
    admin.fill(f"{field_form} input[name=label_zh]", "保修截止日期")
    admin.fill(f"{field_form} input[name=label_en]", "Warranty until")
    admin.click(f"{field_form} button[type=submit]")
    admin.wait_for_load_state("networkidle")
    assert "warranty_until" in admin.content()

    customer.goto(f"{base}/portal/new/equipment_repair")
    assert "保修截止日期" in customer.content()
    form = "form[action='/portal/new/equipment_repair']"
    customer.fill(f"{form} input[name=title]", "二号车间空压机异响")
    customer.fill(f"{form} textarea[name=description]", "空压机运行时有明显异响，需要安排检修。")
    customer.fill(f"{form} input[name=f_warranty_until]", "2027-06-30")
    fill_required_blanks(customer, form)
    customer.click(f"{form} button[type=submit]")
    customer.wait_for_url(re.compile(r"/portal/tickets/TW-\d{8}-\d{4}"))
    repair_number = re.search(r"TW-\d{8}-\d{4}", customer.url).group(0)

    with sqlite3.connect(live_server.database_path) as db:
        row = db.execute(
            "SELECT e.warranty_until FROM ext_equipment_repair e JOIN tickets t ON t.id = e.ticket_id "
            "WHERE t.number = ?",
            (repair_number,),
        ).fetchone()
    assert row is not None and str(row[0]).startswith("2027-06-30")
