"""Equipment repair requests of the demo on production lines and power: SMT, CNC, UPS, generators
and forklifts."""

from __future__ import annotations

from datetime import date
from random import Random
from typing import Any

from ticketwise.cli.demo_data.model import Lines, Scenario
from ticketwise.cli.demo_data.values import localized, pick, place, serial_number


def _smt(rng: Random, _day: date, language: str) -> dict[str, Any]:
    line = rng.randint(1, 6)
    return {
        "equipment_model": pick(rng, "Yamaha YSM20R", "Panasonic NPM-W2", "Fuji NXT III"),
        "serial_number": serial_number(rng, "YS", 9),
        "fault_code": pick(rng, "E102", "E215", "E330"),
        "location": f"苏州工厂 {line} 号 SMT 产线" if language == "zh" else f"Suzhou plant, SMT line {line}",
        "maintenance_type": "corrective",
        "spare_parts": localized(
            language, "吸嘴 ×4（Nozzle 301A），真空过滤器 ×1", "Nozzle 301A ×4, vacuum filter ×1"
        ),
        "line": line,
    }


def _cnc(rng: Random, _day: date, language: str) -> dict[str, Any]:
    return {
        "equipment_model": pick(rng, "DMG MORI NLX 2500 (FANUC 0i-TF)", "Mazak QTN-200", "Haas VF-2"),
        "serial_number": serial_number(rng, "NLX", 7),
        "fault_code": pick(rng, "SP9031", "ALM 749", "SV0436"),
        "location": place(
            rng,
            language,
            ("苏州工厂 机加工车间 C 区", "昆山工厂 2 号车间"),
            ("Suzhou plant machining hall, zone C", "Kunshan plant, hall 2"),
        ),
        "maintenance_type": "corrective",
        "spare_parts": localized(
            language, "主轴轴承 ×2（NSK 7014），润滑脂 1 支", "Spindle bearing NSK 7014 ×2, grease ×1"
        ),
    }


def _ups(rng: Random, _day: date, language: str) -> dict[str, Any]:
    return {
        "equipment_model": pick(
            rng, "APC Smart-UPS SRT 10kVA", "Schneider Galaxy VS 20kVA", "Eaton 9PX 6kVA"
        ),
        "serial_number": serial_number(rng, "AS", 10),
        "fault_code": pick(rng, "F07", "BATT-LOW", "W-21"),
        "location": place(
            rng,
            language,
            ("上海总部 B1 机房", "苏州工厂 配电室"),
            ("Shanghai HQ B1 server room", "Suzhou plant switch room"),
        ),
        "maintenance_type": "corrective",
        "spare_parts": localized(language, "12V 9Ah 蓄电池 ×16", "12 V 9 Ah battery ×16"),
    }


def _generator(rng: Random, _day: date, language: str) -> dict[str, Any]:
    return {
        "equipment_model": pick(rng, "Cummins C150D5", "Caterpillar DE165E0"),
        "serial_number": serial_number(rng, "C", 10),
        "location": place(
            rng,
            language,
            ("苏州工厂 发电机房", "上海总部 B2 发电机房"),
            ("Suzhou plant generator room", "Shanghai HQ B2 generator room"),
        ),
        "maintenance_type": "preventive",
        "spare_parts": localized(
            language, "机油滤芯 ×1，空气滤芯 ×1，机油 18 L", "Oil filter ×1, air filter ×1, engine oil 18 L"
        ),
    }


def _forklift(rng: Random, _day: date, language: str) -> dict[str, Any]:
    return {
        "equipment_model": pick(rng, "Linde E20", "Toyota 8FBE15", "Heli CPD25"),
        "serial_number": serial_number(rng, "H2X", 7),
        "fault_code": pick(rng, "E-52", "E-2301", "AL-14"),
        "location": place(
            rng,
            language,
            ("蓝峰物流 嘉定仓 2 号库", "苏州工厂 成品仓"),
            ("BluePeak Jiading warehouse 2", "Suzhou plant finished-goods store"),
        ),
        "maintenance_type": "corrective",
        "spare_parts": localized(
            language, "升降油缸密封件 1 套，液压油 10 L", "Lift cylinder seal kit ×1, hydraulic oil 10 L"
        ),
    }


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        key="eq.smt",
        type="equipment_repair",
        category="electrical",
        team="field",
        skill="production",
        tags=("production-line", "alarm"),
        priorities=(3, 5, 2, 0),
        values=_smt,
        attachment="photo",
        zh=Lines(
            title="{line} 号 SMT 贴片机报警 {fault_code}，产线停机",
            description="{location} 的贴片机（型号：{equipment_model}，序列号：{serial_number}）今早 8 点报警，"
            "故障代码：{fault_code}，复位后仍然无法启动，整条线停了。现场照片已上传。",
            question="{customer}您好，工程师正在安排。请确认最近一次换料和吸嘴保养是什么时候？",
            answer="昨晚夜班换过一批 0402 物料，吸嘴保养是上周做的。",
            resolution="{customer}您好，工程师已到场处理：吸嘴堵塞导致真空值异常，已更换吸嘴并清洁真空管路，"
            "试贴 200 片无异常，产线已恢复生产。",
            note="停线 2.5 小时。建议把吸嘴清洁周期从每周改为每 3 天，已同步生产主管。",
        ),
        en=Lines(
            title="SMT placement machine on line {line} stopped with alarm {fault_code}",
            description="The placement machine at {location} (model: {equipment_model}, S/N: {serial_number}) raised "
            "alarm code {fault_code} at 8 am and will not restart after a reset; the whole line is down. Photos "
            "attached.",
            question="Hi {customer}, an engineer is being scheduled. When were the last material change and nozzle "
            "maintenance?",
            answer="Night shift loaded a new batch of 0402 parts; nozzles were serviced last week.",
            resolution="Hi {customer}, our engineer found clogged nozzles causing a vacuum fault. Nozzles replaced and "
            "vacuum lines cleaned; a 200-board test run was clean and the line is producing again.",
            note="Line down for 2.5 h. Suggested cleaning nozzles every 3 days instead of weekly; production lead informed.",
        ),
    ),
    Scenario(
        key="eq.cnc",
        type="equipment_repair",
        category="mechanical",
        team="field",
        skill="production",
        tags=("cnc", "spindle"),
        priorities=(2, 5, 3, 0),
        values=_cnc,
        attachment="photo",
        zh=Lines(
            title="数控车床主轴过热报警 {fault_code}",
            description="{location} 的数控车床 {equipment_model}（S/N: {serial_number}）加工时主轴温度过高，报警 {fault_code}，"
            "并伴有异响。",
            question="{customer}您好，请记录一下报警时的主轴转速和连续运行时长，并拍一段异响的视频。",
            answer="转速 3500 rpm，连续运行大约 40 分钟就报警。视频已上传。",
            resolution="{customer}您好，检查发现主轴前轴承磨损，已更换轴承并重新加注润滑脂，空载与负载测试温升正常。",
            note="备件从上海仓调拨，轴承寿命已超 18000 小时，建议加入预防性更换计划。",
        ),
        en=Lines(
            title="CNC lathe spindle overheating, alarm {fault_code}",
            description="The CNC lathe {equipment_model} at {location} (S/N: {serial_number}) overheats at the spindle "
            "while cutting, raises alarm {fault_code} and makes a grinding noise.",
            question="Hi {customer}, please note the spindle speed and running time when the alarm appears, and record "
            "a short video of the noise.",
            answer="3500 rpm; the alarm comes after about 40 minutes of continuous running. Video uploaded.",
            resolution="Hi {customer}, the front spindle bearing was worn. We replaced the bearing and regreased the "
            "spindle; temperature rise is normal under load and without.",
            note="Bearing came from the Shanghai store. It had run over 18,000 h; add it to the preventive replacement plan.",
        ),
    ),
    Scenario(
        key="eq.ups",
        type="equipment_repair",
        category="electrical",
        team="field",
        skill="electrical",
        tags=("ups", "battery"),
        priorities=(1, 5, 3, 1),
        values=_ups,
        zh=Lines(
            title="{location} UPS 电池告警 {fault_code}",
            description="{location} 的 UPS（{equipment_model}，序列号 {serial_number}）持续告警 {fault_code}，"
            "面板显示电池剩余后备时间只有 3 分钟。",
            question="{customer}您好，请问电池组是哪一年安装的？近期有没有停电放电过？",
            answer="2021 年装的，上个月园区停电放过一次电。",
            resolution="{customer}您好，电池组已老化（内阻超标），已整组更换 16 节电池并完成放电测试，后备时间恢复到 25 分钟。",
            note="旧电池已按危废流程回收，回收单已归档。",
        ),
        en=Lines(
            title="UPS battery alarm {fault_code} in {location}",
            description="The UPS in {location} ({equipment_model}, serial no. {serial_number}) keeps raising "
            "{fault_code}; the panel shows only 3 minutes of runtime left.",
            question="Hi {customer}, when was the battery string installed, and has it discharged during a power cut "
            "recently?",
            answer="Installed in 2021; it discharged during the site power cut last month.",
            resolution="Hi {customer}, the batteries had aged (internal resistance out of range). We replaced all 16 "
            "and ran a discharge test; runtime is back to 25 minutes.",
            note="Old batteries returned through the hazardous-waste process; receipt filed.",
        ),
    ),
    Scenario(
        key="eq.generator",
        type="equipment_repair",
        category="electrical",
        team="field",
        skill="electrical",
        tags=("preventive-maintenance", "generator"),
        priorities=(0, 0, 4, 6),
        values=_generator,
        zh=Lines(
            title="柴油发电机季度保养（{equipment_model}）",
            description="请安排 {location} 柴油发电机（{equipment_model}，序列号 {serial_number}）的季度保养和带载测试。",
            question="{customer}您好，带载测试需要切换部分负载，请确认周六上午 9:00–11:00 是否可以。",
            answer="周六上午可以，已通知值班电工配合。",
            resolution="{customer}您好，季度保养已完成：更换机油和滤芯、检查冷却液和蓄电池，带载 30 分钟运行正常，保养报告已附在工单中。",
            note="冷却液冰点 -25℃，冬季前无需更换。",
        ),
        en=Lines(
            title="Quarterly service of the diesel generator ({equipment_model})",
            description="Please schedule the quarterly service and load test of the generator at {location} "
            "({equipment_model}, serial no. {serial_number}).",
            question="Hi {customer}, the load test needs part of the load switched over. Is Saturday 9:00–11:00 OK?",
            answer="Saturday morning works; the duty electrician will assist.",
            resolution="Hi {customer}, the quarterly service is done: oil and filters changed, coolant and batteries "
            "checked, 30 minutes under load without issue. The service report is attached to this ticket.",
            note="Coolant freeze point -25 °C; no change needed before winter.",
        ),
    ),
    Scenario(
        key="eq.forklift",
        type="equipment_repair",
        category="mechanical",
        team="field",
        skill="production",
        tags=("forklift", "hydraulic"),
        priorities=(0, 4, 5, 1),
        values=_forklift,
        attachment="photo",
        zh=Lines(
            title="电动叉车液压漏油，报 {fault_code}",
            description="{location} 的电动叉车（{equipment_model}，序列号 {serial_number}）升降时漏油，仪表报 {fault_code}，已停用。",
            question="{customer}您好，请拍一下漏油位置的照片，并确认叉车目前的工作小时数。",
            answer="照片已上传，工作小时数 6420 小时。",
            resolution="{customer}您好，升降油缸密封件老化导致漏油，已更换密封件并补充液压油，满载升降测试正常，可以恢复使用。",
            note="该叉车下次保养在 7000 小时，届时检查倾斜油缸。",
        ),
        en=Lines(
            title="Electric forklift leaking hydraulic oil, code {fault_code}",
            description="The forklift at {location} ({equipment_model}, serial no. {serial_number}) leaks oil when "
            "lifting and shows {fault_code}; it has been taken out of service.",
            question="Hi {customer}, please send a photo of where it leaks and the truck's hour-meter reading.",
            answer="Photo uploaded; the hour meter reads 6,420 h.",
            resolution="Hi {customer}, the lift cylinder seals had perished. Seals replaced and hydraulic oil topped "
            "up; a full-load lift test was fine, so the truck can go back into service.",
            note="Next service at 7,000 h: check the tilt cylinders then.",
        ),
    ),
)
