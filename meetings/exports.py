"""The action log as a workbook and as CSV, text always kept as text."""

import csv
import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from indicators.exports import append_text_safely, neutralise_for_csv

HEADERS = ["Reference", "Meeting raised", "Item", "Action", "Owner", "Due", "Status",
           "Indicators", "Latest update", "Date closed",
           "Completion note or why dropped"]  # fmt: skip


def action_row(action, today):
    updates = list(action.updates.all())
    return [
        action.reference,
        f"{action.agenda_item.meeting.date:%-d %B %Y}",
        action.agenda_item.title,
        action.description,
        action.owner_label,
        action.due_label() + (" (overdue)" if action.is_overdue(today) else ""),
        action.get_status_display(),
        ", ".join(i.code for i in action.indicators.all()),
        updates[-1].text if updates else "",
        f"{timezone.localtime(action.closed_at):%-d %B %Y}" if action.closed_at else "",
        action.completion_note,
    ]


def actions_csv(actions, today):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for action in actions.prefetch_related("updates").select_related("agenda_item"):
        writer.writerow([neutralise_for_csv(value) for value in action_row(action, today)])
    return buffer.getvalue()


def actions_xlsx(actions, today):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Action log"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for action in actions.prefetch_related("updates").select_related("agenda_item"):
        append_text_safely(sheet, action_row(action, today))
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["D"].width = 70
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
