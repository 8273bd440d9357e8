"""The demo database's calls: a demo PBX and three weeks of the demo agents' calls up to the
day the demo is loaded, a few with recordings a new user can play from the journal."""

import datetime
import os
import random

import pytz

from odoo import Command, fields, models
from odoo.tools import config

from odoo.addons.crm_sales_base.lib.phone import to_e164

from ..lib.wav import tones_wav

DAYS = 21
RECORDINGS = 8
AGENTS = [f"crm_sales_base.user_agent_{n}" for n in range(1, 7)]
DID = "02191000000"
# (weight, direction, disposition, answered, anonymous)
KINDS = [
    (45, "incoming", "answered", True, False),
    (14, "incoming", "no_answer", False, False),
    (5, "incoming", "busy", False, False),
    (4, "incoming", "answered", True, True),
    (4, "incoming", "voicemail", False, False),
    (21, "outgoing", "answered", True, False),
    (7, "outgoing", "no_answer", False, False),
]
DESCRIPTIONS = [
    "درخواست پیش‌فاکتور برای سفارش ماه آینده",
    "پیگیری پرداخت فاکتور قبلی",
    "مشتری قیمت را بالا دانست؛ تخفیف حجمی پیشنهاد شد",
    "قرار جلسه حضوری هفته بعد",
    "سؤال درباره زمان تحویل",
    False, False, False,
]


class CrmCdrSource(models.Model):
    _inherit = "crm.cdr.source"

    def _sales_panel_load_demo(self):
        """Fill the demo source: its Master.csv and monitor directory under Odoo's data
        directory, and its calls through the ORM (the demo is loaded once, at install)."""
        self.ensure_one()
        if self.env["crm.call"].search_count([("source_id", "=", self.id)]):
            return
        root = os.path.join(config["data_dir"], "sales_panel_demo_pbx", self.env.cr.dbname)
        monitor = os.path.join(root, "monitor")
        os.makedirs(monitor, exist_ok=True)
        csv_path = os.path.join(root, "Master.csv")
        with open(csv_path, "a", encoding="utf-8"):
            pass  # an empty Master.csv: the demo PBX has written nothing since
        self.write({"csv_path": csv_path, "recording_mode": "directory", "recording_dir": monitor,
                    "last_success_date": fields.Datetime.now()})
        agents = [agent for agent in (self.env.ref(xmlid, raise_if_not_found=False) for xmlid in AGENTS)
                  if agent and agent.pbx_extension]
        calls = self.env["crm.call"].with_context(tracking_disable=True).create(
            self._sales_panel_demo_values(agents))
        recent = calls.filtered("is_answered").sorted("start_date", reverse=True)
        self._sales_panel_demo_recordings(recent[:RECORDINGS], monitor)

    def _sales_panel_demo_values(self, agents):
        rng = random.Random(14)
        zone = pytz.timezone(self.pbx_timezone or "Asia/Tehran")
        now = datetime.datetime.now(zone)
        dispositions = dict(self.env["crm.call"]._fields["disposition"].selection)
        kinds = [kind for kind in KINDS if kind[2] in dispositions]
        Partner = self.env["res.partner"]
        books = {agent: Partner.search([("user_id", "=", agent.id), "|", ("phone", "!=", False),
                                        ("mobile", "!=", False)]) for agent in agents}
        vals_list, serial = [], int(now.timestamp()) - DAYS * 86400
        for offset in range(DAYS, -1, -1):
            day = now.date() - datetime.timedelta(days=offset)
            if day.weekday() == 4:  # Friday: the office is closed
                continue
            for agent in agents:
                book = books[agent]
                for _n in range(rng.randint(2, 6)):
                    local = zone.localize(datetime.datetime.combine(day, datetime.time(9)) + datetime.timedelta(
                        minutes=rng.randint(0, 8 * 60), seconds=rng.randint(0, 59)))
                    if local > now:
                        continue
                    serial += 1
                    _weight, direction, disposition, answered, anonymous = rng.choices(
                        kinds, weights=[kind[0] for kind in kinds])[0]
                    partner = rng.choice(book) if book and rng.random() < 0.8 and not anonymous else Partner
                    number = partner and to_e164(partner.mobile or partner.phone)
                    if anonymous:
                        raw, number = "anonymous", False
                    elif number and number.startswith("+98"):
                        raw = "0" + number[3:]  # as an Iranian trunk writes it
                    else:
                        partner = Partner
                        raw = "0912" + "".join(rng.choice("0123456789") for _d in range(7))
                        number = to_e164(raw)
                    ring = rng.randint(3, 25)
                    talk = rng.choice([rng.randint(8, 29), rng.randint(30, 600)]) if answered else 0
                    # Voicemail: the PBX answers (its row says ANSWERED, for the message's
                    # length), no agent does.
                    voicemail = disposition == "voicemail"
                    message = rng.randint(8, 40) if voicemail else 0
                    start = local.astimezone(pytz.utc).replace(tzinfo=None)
                    end = start + datetime.timedelta(seconds=ring + talk + message)
                    incoming = direction == "incoming"
                    linkedid = f"{serial}.{len(vals_list)}"
                    vals_list.append({
                        "linkedid": linkedid, "source_id": self.id, "company_id": self.company_id.id,
                        "direction": direction, "disposition": disposition,
                        "start_date": start, "end_date": end,
                        "answer_date": start + datetime.timedelta(seconds=ring) if answered else False,
                        "ring_seconds": ring, "talk_seconds": talk,
                        "number_raw": raw, "number_e164": number, "did": DID if incoming else False,
                        "user_id": agent.id, "team_id": agent.sale_team_id.id,
                        "partner_id": partner.id,
                        "description": rng.choice(DESCRIPTIONS) if answered else False,
                        "leg_ids": [Command.create({
                            "source_id": self.id, "uniqueid": linkedid, "linkedid": linkedid,
                            "sequence": 1, "calldate": start,
                            "src": raw if incoming else agent.pbx_extension,
                            "dst": agent.pbx_extension if incoming else raw,
                            "clid": f'"" <{raw}>' if incoming else f'"{agent.name}" <{agent.pbx_extension}>',
                            "channel": f"PJSIP/trunk-{serial:08x}" if incoming
                            else f"PJSIP/{agent.pbx_extension}-{serial:08x}",
                            "dstchannel": "" if voicemail
                            else f"PJSIP/{agent.pbx_extension}-{serial + 1:08x}" if incoming
                            else f"PJSIP/trunk-{serial + 1:08x}",
                            "did": DID if incoming else False,
                            "lastapp": "VoiceMail" if voicemail else "Dial",
                            "duration": ring + talk + message, "billsec": talk + message,
                            "disposition": "answered" if voicemail else disposition,
                        })],
                    })
        return vals_list

    def _sales_panel_demo_recordings(self, calls, monitor):
        """FreePBX's names and layout: YYYY/MM/DD (PBX time) of the call, then the file."""
        zone = pytz.timezone(self.pbx_timezone or "Asia/Tehran")
        rng = random.Random(15)
        for call in calls:
            local = pytz.utc.localize(call.start_date).astimezone(zone)
            extension = call.user_id.pbx_extension
            name = (f"in-{call.number_raw}-{extension}" if call.direction == "incoming"
                    else f"out-{call.number_raw}-{extension}") + f"-{local:%Y%m%d-%H%M%S}-{call.linkedid}.wav"
            directory = os.path.join(monitor, f"{local:%Y}", f"{local:%m}", f"{local:%d}")
            os.makedirs(directory, exist_ok=True)
            # Two "voices" (a low and a high tone) taking turns, about two seconds.
            segments = []
            for turn in range(6):
                segments += [(rng.choice([330, 392] if turn % 2 else [440, 494]), 0.25), (0, 0.08)]
            with open(os.path.join(directory, name), "wb") as out:
                out.write(tones_wav(segments))
            call.recording_file = name
            call.leg_ids[:1].recordingfile = name
