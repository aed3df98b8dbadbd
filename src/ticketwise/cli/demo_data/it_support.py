"""IT support requests of the demo about devices and software: crashes, e-mail, Office, printers,
docking stations and new starters."""

from __future__ import annotations

from datetime import date
from random import Random
from typing import Any

from ticketwise.cli.demo_data.model import Lines, Scenario
from ticketwise.cli.demo_data.values import (
    MACOS,
    WINDOWS,
    asset_number,
    office_site,
    pick,
)


def _outlook(rng: Random, _day: date, _language: str) -> dict[str, Any]:
    return {
        "asset_number": asset_number(rng),
        "os_version": rng.choice(WINDOWS),
        "software": pick(rng, "Outlook (Microsoft 365 Apps 2405)", "Outlook 2021", "Foxmail 7.2"),
        "error_code": pick(rng, "0x800CCC0E", "0x8004010F", "0x80040115"),
        "affected_users": 1,
    }


def _bluescreen(rng: Random, _day: date, _language: str) -> dict[str, Any]:
    return {
        "asset_number": asset_number(rng),
        "os_version": rng.choice(WINDOWS),
        "software": "",
        "error_code": pick(rng, "0x0000007E", "0x000000EF", "0x00000133", "0x0000007B"),
        "affected_users": 1,
    }


def _printer(rng: Random, _day: date, language: str) -> dict[str, Any]:
    return {
        "asset_number": asset_number(rng),
        "os_version": rng.choice(WINDOWS),
        "software": pick(rng, "HP Universal Print Driver 7.1", "Konica Minolta PCL6 driver"),
        "error_code": "0x00000709",
        "affected_users": rng.randint(1, 15),
        "site": office_site(rng, language),
    }


def _excel(rng: Random, _day: date, _language: str) -> dict[str, Any]:
    return {
        "asset_number": asset_number(rng),
        "os_version": rng.choice(WINDOWS + MACOS),
        "software": pick(rng, "Excel (Microsoft 365 Apps 2405)", "WPS Office 12.1"),
        "error_code": pick(rng, "0xc0000005", "Event 1000 EXCEL.EXE"),
        "affected_users": 1,
    }


def _new_hire(rng: Random, day: date, language: str) -> dict[str, Any]:
    return {
        "os_version": rng.choice(WINDOWS[:2]),
        "affected_users": rng.randint(1, 4),
        "site": office_site(rng, language),
    }


def _dock(rng: Random, _day: date, _language: str) -> dict[str, Any]:
    return {
        "asset_number": asset_number(rng),
        "os_version": rng.choice(WINDOWS),
        "software": pick(rng, "Dell WD19S dock firmware 01.00.32", "Lenovo ThinkPad USB-C Dock Gen 2"),
        "affected_users": 1,
    }


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        key="it.outlook",
        type="it_support",
        category="email",
        team="it",
        skill="office",
        tags=("email", "outlook"),
        priorities=(0, 2, 6, 2),
        values=_outlook,
        zh=Lines(
            title="Outlook 收不到新邮件，发送报错 {error_code}",
            description="{software} 从昨天下午开始收不到新邮件，发邮件时提示错误 {error_code}。\n"
            "网页版邮箱可以正常收发。资产编号 {asset_number}，系统 {os_version}。",
            question="{customer}您好，请问最近是否修改过邮箱密码？另外麻烦截图一下 Outlook 左下角的连接状态。",
            answer="上周五按提示改过一次密码，左下角显示“需要密码”。",
            resolution="{customer}您好，原因是修改密码后 Outlook 里保存的旧凭据失效。我们已清除 Windows 凭据管理器中的旧密码"
            "并重新登录，目前收发正常，积压的邮件也已同步下来。",
            note="凭据缓存问题，本周第 3 例。建议下次改密提醒邮件里加上重新登录 Outlook 的说明。",
        ),
        en=Lines(
            title="Outlook stopped receiving mail, sending fails with {error_code}",
            description="Since yesterday afternoon {software} receives no new mail and sending fails with {error_code}.\n"
            "Webmail works normally. Asset {asset_number}, {os_version}.",
            question="Hi {customer}, did you change your mailbox password recently? Please also send a screenshot of the "
            "connection status in Outlook's status bar.",
            answer='Yes, I changed it last Friday when prompted. The status bar says "Need password".',
            resolution="Hi {customer}, Outlook kept the old password after the change. We removed it from Windows "
            "Credential Manager and signed you in again; mail flows normally and the backlog has synced.",
            note="Cached-credential issue, third one this week. Suggest adding an Outlook re-login hint to the "
            "password-expiry reminder.",
        ),
    ),
    Scenario(
        key="it.bsod",
        type="it_support",
        category="hardware.computer",
        team="it",
        skill="windows",
        tags=("bsod", "laptop"),
        priorities=(0, 3, 6, 1),
        values=_bluescreen,
        attachment="screenshot",
        zh=Lines(
            title="笔记本频繁蓝屏，错误代码 {error_code}",
            description="这两天笔记本一天蓝屏三四次，蓝屏上显示错误代码 {error_code}，重启后能用一会儿。\n"
            "资产编号：{asset_number}，系统 {os_version}。蓝屏截图见附件。",
            question="{customer}您好，蓝屏一般发生在什么操作时？最近有没有安装新软件或外接新设备？",
            answer="好像都是插上扩展坞、接第二个显示器的时候。上周 IT 推送过一次显卡驱动更新。",
            resolution="{customer}您好，经分析内存转储，蓝屏由上周推送的显卡驱动与扩展坞固件不兼容导致。"
            "已回退显卡驱动并升级扩展坞固件，连续测试两小时未再复现，请继续观察，如再出现请回复本工单。",
            note="dump 显示 igdkmd64.sys 异常。需要在驱动推送策略里把 31.0.101.4255 排除，已反馈给桌面管理组。",
        ),
        en=Lines(
            title="Laptop keeps crashing with a blue screen ({error_code})",
            description="My laptop has shown a blue screen three or four times a day for two days, with stop code "
            "{error_code}. It works for a while after a restart.\nAsset number: {asset_number}, {os_version}. "
            "A photo of the screen is attached.",
            question="Hi {customer}, what are you usually doing when it crashes? Did you install any new software or "
            "connect a new device recently?",
            answer="It seems to happen when I plug in the docking station with the second monitor. IT pushed a graphics "
            "driver update last week.",
            resolution="Hi {customer}, the memory dump points to last week's graphics driver, which does not get along "
            "with your dock's firmware. We rolled the driver back and updated the dock; two hours of testing showed "
            "no crash. Please keep an eye on it and reply here if it happens again.",
            note="Dump blames igdkmd64.sys. Driver 31.0.101.4255 should be excluded from the push policy; told the "
            "desktop team.",
        ),
    ),
    Scenario(
        key="it.printer",
        type="it_support",
        category="hardware.printer",
        team="it",
        skill="windows",
        tags=("printer",),
        priorities=(0, 1, 6, 3),
        values=_printer,
        zh=Lines(
            title="无法添加网络打印机，报错 {error_code}",
            description="{site} 打印区的打印机添加不了，Windows 提示“操作无法完成(错误 {error_code})”。"
            "资产编号 {asset_number}，驱动 {software}。大约 {affected_users} 个同事都打印不了。",
            question="{customer}您好，请问是本周装过系统更新之后才出现的吗？",
            answer="对，周二自动更新重启之后就不行了。",
            resolution="{customer}您好，这是近期 Windows 更新导致的已知问题，我们已通过组策略统一调整 RPC 打印设置，"
            "受影响的电脑重启后即可正常添加打印机。",
            note="与微软 KB5005565 相关，策略已下发到该楼层 OU，其他楼层观察中。",
        ),
        en=Lines(
            title="Cannot add the network printer, error {error_code}",
            description='The printer in the print area at {site} cannot be added; Windows says "Operation could not be '
            'completed (error {error_code})". Asset {asset_number}, driver {software}. About {affected_users} '
            "colleagues cannot print.",
            question="Hi {customer}, did this start after this week's system updates?",
            answer="Yes, right after the automatic update and restart on Tuesday.",
            resolution="Hi {customer}, this is a known issue after a recent Windows update. We changed the RPC printing "
            "setting by group policy; after a restart the affected computers can add the printer again.",
            note="Related to KB5005565. Policy applied to this floor's OU; watching the other floors.",
        ),
    ),
    Scenario(
        key="it.excel",
        type="it_support",
        category="software.office",
        team="it",
        skill="office",
        tags=("excel", "crash"),
        priorities=(0, 1, 6, 3),
        values=_excel,
        attachment="log",
        zh=Lines(
            title="{software} 打开大文件就崩溃",
            description="打开超过 50 MB 的报表文件时 {software} 直接闪退，事件日志里是 {error_code}。"
            "资产编号 {asset_number}，{os_version}。日志已附上。",
            question="{customer}您好，能否把出问题的文件放到共享盘发个路径给我们？另外请确认是否装了第三方插件。",
            answer="文件在 \\\\fs01\\finance\\report.xlsx，装了一个报表插件。",
            resolution="{customer}您好，是第三方报表插件与新版 Office 冲突。已禁用该插件并联系厂商获取新版，"
            "现在大文件可以正常打开。插件更新后我们会通知您。",
            note="插件厂商预计下周发布修复版本，届时统一升级。",
        ),
        en=Lines(
            title="{software} crashes when opening large files",
            description="{software} closes immediately when I open reports larger than 50 MB; the event log shows "
            "{error_code}. Asset {asset_number}, {os_version}. Log attached.",
            question="Hi {customer}, could you put the failing file on the share and send us the path? Also, do you use "
            "any third-party add-ins?",
            answer="The file is \\\\fs01\\finance\\report.xlsx and I use a reporting add-in.",
            resolution="Hi {customer}, the third-party reporting add-in conflicts with the new Office build. We disabled "
            "it and asked the vendor for an update; large files open fine now. We will tell you when the add-in is "
            "updated.",
            note="Vendor expects a fixed release next week; we will roll it out then.",
        ),
    ),
    Scenario(
        key="it.newhire",
        type="it_support",
        category="hardware.computer",
        team="it",
        skill="windows",
        tags=("onboarding",),
        priorities=(0, 0, 4, 6),
        values=_new_hire,
        zh=Lines(
            title="新员工入职电脑及账号准备（{affected_users} 人）",
            description="下周一有 {affected_users} 位新同事入职 {site}，请准备笔记本（{os_version}）、域账号、邮箱和 VPN 权限。",
            question="{customer}您好，请提供新同事的姓名、部门和岗位，以便确定软件清单。",
            answer="名单已通过 HR 系统提交，岗位均为销售代表。",
            resolution="{customer}您好，电脑已安装好并贴好资产标签，账号和邮箱已开通，初始密码将在入职当天由 IT 现场交付。",
            note="销售岗标准镜像 + CRM 客户端，已从库存出库。",
        ),
        en=Lines(
            title="New starters: laptops and accounts ({affected_users} people)",
            description="{affected_users} new colleagues start at {site} next Monday. Please prepare laptops "
            "({os_version}), domain accounts, mailboxes and VPN access.",
            question="Hi {customer}, please send the new starters' names, departments and roles so we know which "
            "software to install.",
            answer="The list was submitted through the HR system; they are all sales representatives.",
            resolution="Hi {customer}, the laptops are imaged and labelled, accounts and mailboxes are ready; IT hands "
            "over the initial passwords in person on the first day.",
            note="Standard sales image plus CRM client; units booked out of stock.",
        ),
    ),
    Scenario(
        key="it.dock",
        type="it_support",
        category="hardware.peripheral",
        team="it",
        skill="windows",
        tags=("monitor", "dock"),
        priorities=(0, 0, 5, 5),
        values=_dock,
        zh=Lines(
            title="扩展坞接第二台显示器没有信号",
            description="用 {software} 接两台显示器，只有一台亮，另一台提示无信号。资产编号 {asset_number}，{os_version}。",
            question="{customer}您好，请问两台显示器分别接在扩展坞的哪个接口上？线缆是 HDMI 还是 DP？",
            answer="一台 HDMI，一台 DP 转 HDMI 的转接头。",
            resolution="{customer}您好，该扩展坞的 DP 口不支持被动转接头，已为您更换为 DP 直连线，两台显示器均已正常显示。",
            note="被动转接头问题常见，建议采购时统一配 DP 线。",
        ),
        en=Lines(
            title="Second monitor on the docking station shows no signal",
            description='With {software} only one of my two monitors works; the other says "No signal". Asset '
            "{asset_number}, {os_version}.",
            question="Hi {customer}, which dock ports are the monitors connected to, and are the cables HDMI or "
            "DisplayPort?",
            answer="One HDMI, and one through a DisplayPort-to-HDMI adapter.",
            resolution="Hi {customer}, the dock's DisplayPort does not support passive adapters. We replaced it with a "
            "direct DisplayPort cable and both monitors work now.",
            note="Passive adapters are a common cause; suggest buying DP cables with every dock.",
        ),
    ),
)
