from collections import Counter
from dataclasses import replace
from typing import NamedTuple

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from indicators.access import requires
from indicators.tables import configure_paged

from .exports import actions_csv, actions_xlsx
from .forms import (
    ActionCloseForm,
    ActionFilterForm,
    ActionReassignForm,
    ActionReopenForm,
    ActionUpdateForm,
    AgendaItemForm,
    MeetingForm,
    MinutesForm,
    ProposedActionFormSet,
    ProposedCorrectionForm,
    ProposedCorrectionFormSet,
    ProposedResolutionCorrectionFormSet,
    ProposedResolutionFormSet,
    owner_and_due,
    user_choices,
)
from .minutes import find_actions, find_resolutions, line_key
from .models import Action, AgendaItem, Committee, Meeting
from .pages import MeetingPage, filter_actions
from .tables import ActionTable
from .workflows import (
    ActionRefused,
    add_update,
    complete_action,
    confirm_action,
    confirm_resolution,
    correct_resolution,
    drop_action,
    keep_action_as_it_is,
    keep_resolution_as_it_is,
    propose_from_minutes,
    reassign_action,
    record_minutes,
    reopen_action,
    reword_action,
)

CHANGE_ACTION = "meetings.change_action"  # clerks: an action as the panel gave it
CHANGE_RESOLUTION = "meetings.change_resolution"  # clerks: a resolution as the panel gave it
ADD_RESOLUTION = "meetings.add_resolution"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Who confirmed a draft before the page was sent: someone else, or, when the page confirmed
# nothing, perhaps the same page sent twice (a double click, or Back and send again).
MEANWHILE = "by someone else while this page was open"
EARLIER = "already, by someone else while this page was open or by this page sent before"


@requires("meetings.view_meeting")
@require_safe
def meeting_list(request):
    meetings = Meeting.objects.select_related("committee")
    now = timezone.now()
    return render(
        request,
        "meetings/meeting_list.html",
        {"upcoming": meetings.upcoming(now), "past": meetings.past(now)},
    )


@requires("meetings.add_meeting")
@require_http_methods(["GET", "POST"])
def meeting_new(request):
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = form.save()
        messages.success(request, "Meeting set up. Now add its agenda.")
        return redirect(meeting)
    no_committee = not Committee.objects.exists()
    return render(
        request, "meetings/meeting_form.html", {"form": form, "no_committee": no_committee}
    )


@requires("meetings.change_meeting")
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Meeting saved.")
        return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


@requires("meetings.view_meeting")
@require_safe
def meeting_detail(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    return render(request, "meetings/meeting_detail.html", {"page": MeetingPage(meeting)})


@requires("meetings.view_meeting")
@require_safe
def meeting_pack(request, pk):
    from scorecard.presenters import PrintPack

    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    page = MeetingPage(meeting)
    month = meeting.scorecard_month
    pack = PrintPack(month, scope="headline") if month else None
    return render(request, "meetings/meeting_pack.html", {"page": page, "pack": pack})


@requires("meetings.add_agendaitem")
@require_http_methods(["GET", "POST"])
def item_new(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    next_order = (meeting.items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    form = AgendaItemForm(request.POST or None, meeting=meeting, initial={"order": next_order})
    if request.method == "POST" and form.is_valid():
        form.instance.meeting = meeting
        form.save()
        messages.success(request, "Agenda item added.")
        return redirect(meeting)
    return render(request, "meetings/item_form.html", {"form": form, "meeting": meeting})


@requires("meetings.change_agendaitem")
@require_http_methods(["GET", "POST"])
def item_edit(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    form = AgendaItemForm(request.POST or None, instance=item, meeting=item.meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Agenda item saved.")
        return redirect(item.meeting)
    return render(
        request, "meetings/item_form.html", {"form": form, "meeting": item.meeting, "item": item}
    )


@requires("meetings.change_agendaitem")
@require_http_methods(["GET", "POST"])
def minutes_edit(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__committee"), pk=pk)
    form = MinutesForm(request.POST or None, initial={"minutes": item.minutes})
    if request.method == "POST" and form.is_valid():
        proposals = record_minutes(item, form.cleaned_data["minutes"])
        offered = (proposals.actions, proposals.resolutions, proposals.corrections,
                   proposals.resolution_corrections)  # fmt: skip
        if any(offered):
            messages.success(request, "Minutes saved. Check the draft actions and resolutions.")
            return redirect("meetings:proposals", pk=item.pk)
        # The meeting page shows every item, so the message says whose minutes these are.
        saved = f"Minutes saved for item {item.order}, {item.title}."
        messages.success(request, saved + lines_gone_words(proposals))
        return redirect(item.meeting)  # not to the item: the message at the top must be seen
    return render(request, "meetings/minutes_form.html", {"form": form, "item": item})


def lines_gone_words(proposals):
    """ " The line of action CPP/2024/03 is no longer in the minutes; it stays as it is." and
    likewise for resolutions, named by their number."""
    actions = [action.reference for action in proposals.lines_gone]
    resolutions = [str(resolution.order) for resolution in proposals.resolutions_gone]
    return gone_words("action", actions) + gone_words("resolution", resolutions)


def gone_words(noun, names):
    if not names:
        return ""
    if len(names) == 1:
        return f" The line of {noun} {names[0]} is no longer in the minutes; it stays as it is."
    return (
        f" The lines of {noun}s {', '.join(names)} are no longer in the minutes; "
        "they stay as they are."
    )


class ProposalForms(NamedTuple):
    actions: ProposedActionFormSet
    resolutions: ProposedResolutionFormSet
    corrections: ProposedCorrectionFormSet
    resolution_corrections: ProposedResolutionCorrectionFormSet


@requires("meetings.add_action")
@require_http_methods(["GET", "POST"])
def proposals(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__committee"), pk=pk)
    drafts = propose_from_minutes(item)
    if not request.user.has_perm(ADD_RESOLUTION):  # they confirm actions; resolutions wait
        drafts = replace(drafts, resolutions=[], resolution_corrections=[])
    if request.method == "POST" and not request.user.has_perms(changes_needed(drafts)):
        raise PermissionDenied
    data, meanwhile = without_confirmed_meanwhile(request, item)
    forms = proposal_forms(data, drafts)
    if request.method == "POST" and all(formset.is_valid() for formset in forms):
        done = confirm_all(item, request.user, *forms)
        say_what_was_done(request, done, drafts)
        by = MEANWHILE if done else EARLIER
        say_confirmed_meanwhile(request, meanwhile, "so it was not confirmed again", by)
        return redirect(item.meeting)  # not to the item: the message at the top must be seen
    if request.method == "POST":
        say_confirmed_meanwhile(request, meanwhile, "so it is not offered here again")
        forms = changed_lines_as_they_are_now(request, forms, drafts)
    # Paired in order for the page; what is sent back is checked again, by what and line.
    corrections = zip(forms.corrections, drafts.corrections, strict=True)
    resolution_corrections = zip(
        forms.resolution_corrections, drafts.resolution_corrections, strict=True
    )
    return render(
        request,
        "meetings/proposals.html",
        {"item": item, "action_forms": forms.actions, "resolution_forms": forms.resolutions,
         "correction_forms": forms.corrections, "corrections": list(corrections),
         "resolution_correction_forms": forms.resolution_corrections,
         "resolution_corrections": list(resolution_corrections), "drafts": drafts,
         "may_record_resolutions": request.user.has_perm(ADD_RESOLUTION), "forms_sent": forms},
    )  # fmt: skip


def changes_needed(drafts):
    """Leaving, correcting or adding to confirmed actions and resolutions: only for those who
    may change them."""
    pending = {CHANGE_ACTION: drafts.corrections, CHANGE_RESOLUTION: drafts.resolution_corrections}
    return [permission for permission, lines in pending.items() if lines]


def proposal_forms(data, drafts):
    action_forms = ProposedActionFormSet(
        data, prefix="action",
        form_kwargs={"owner_choices": user_choices(who_can_update=True)}, initial=[
            {"description": a.text, "source_text": a.text, "codes": " ".join(a.codes)}
            for a in drafts.actions
        ],
    )  # fmt: skip
    resolution_forms = ProposedResolutionFormSet(
        data, prefix="resolution",
        initial=[{"text": r.text, "source_text": r.text} for r in drafts.resolutions],
    )  # fmt: skip
    return ProposalForms(
        action_forms,
        resolution_forms,
        correction_formset(corrections_sent(data, "correction"), drafts),
        resolution_correction_formset(corrections_sent(data, "rcorrection"), drafts),
    )


def without_confirmed_meanwhile(request, item):
    """(what was sent, less the drafts confirmed since the page was shown; those confirmed).
    Another clerk confirmed them while this page was open: they are named, neither checked nor
    offered again, and the drafts left are numbered as the page sent back shows them."""
    if request.method != "POST" or not request.POST:
        return None, []
    actions = {a.source_text: a for a in item.actions.exclude(source_text="")}
    resolutions = {line_key(r.source_text): r for r in item.resolutions.exclude(source_text="")}
    data, confirmed = drafts_left(request.POST, "action", "description", actions.get)
    data, more = drafts_left(
        data, "resolution", "text", lambda line: resolutions.get(line_key(line))
    )
    return data, confirmed + more


def drafts_left(data, prefix, wording, confirmed_from):
    """The formset's data less the drafts whose line `confirmed_from` finds confirmed, the rest
    numbered from 0 again; and what those were confirmed as."""
    left, confirmed = [], []
    for index in range(sent_count(data, prefix)):
        line = data.get(f"{prefix}-{index}-source_text") or data.get(f"{prefix}-{index}-{wording}")
        if line and (found := confirmed_from(line)):
            confirmed.append(found)
        else:
            left.append(index)
    if not confirmed:
        return data, []
    data = data.copy()
    sent = {key: data.pop(key) for key in list(data) if key.startswith(f"{prefix}-")}
    for new, old in enumerate(left):
        start = f"{prefix}-{old}-"
        for key, values in sent.items():
            if key.startswith(start):
                data.setlist(f"{prefix}-{new}-{key.removeprefix(start)}", values)
    for key in ("TOTAL_FORMS", "INITIAL_FORMS"):
        data[f"{prefix}-{key}"] = str(len(left))
    return data, confirmed


def sent_count(data, prefix, most=ProposedActionFormSet.absolute_max):
    """How many forms the page says it sent, if it says so in a number the formset takes."""
    total = data.get(f"{prefix}-TOTAL_FORMS", "")
    return min(int(total), most) if total.isdecimal() else 0


def say_confirmed_meanwhile(request, confirmed, so_what, by=MEANWHILE):
    for done in confirmed:
        name = (
            f"Action {done.reference}" if isinstance(done, Action) else f"Resolution {done.order}"
        )
        messages.warning(request, f"{name} was confirmed {by}, {so_what}.")


def correction_formset(data, drafts):
    owners = [c.action.owner_id for c in drafts.corrections]
    return ProposedCorrectionFormSet(
        data, prefix="correction",
        form_kwargs={"owner_choices": user_choices(who_can_update=True, also=owners)}, initial=[
            {"action": c.action.pk, "description": c.found.text, "source_text": c.found.text,
             "codes": " ".join(c.found.codes), **ProposedCorrectionForm.initial_for(c.action)}
            for c in drafts.corrections
        ],
    )  # fmt: skip


def resolution_correction_formset(data, drafts):
    return ProposedResolutionCorrectionFormSet(
        data, prefix="rcorrection", initial=[
            {"resolution": c.resolution.pk, "source_text": c.found.text, "text": c.found.text}
            for c in drafts.resolution_corrections
        ],
    )  # fmt: skip


def changed_lines_as_they_are_now(request, forms, drafts):
    """A page sent back refused after another clerk dealt with a changed line, or the minutes
    changed, while it was open: its choices would be shown against other lines, so the lines are
    shown as they are now, to choose again."""
    actions_now = sent_as_shown(
        forms.corrections, [(c.action, c.found) for c in drafts.corrections]
    )
    resolutions_now = sent_as_shown(
        forms.resolution_corrections,
        [(c.resolution, c.found) for c in drafts.resolution_corrections],
    )
    if actions_now and resolutions_now:
        return forms
    messages.error(
        request,
        "The changed lines are not as they were when this page was "
        "opened, so here they are as they are now: choose again for each.",
    )
    if not actions_now:
        forms = forms._replace(corrections=correction_formset(None, drafts))
    if not resolutions_now:
        forms = forms._replace(resolution_corrections=resolution_correction_formset(None, drafts))
    return forms


def sent_as_shown(forms, pending):
    """Whether the changed lines sent back are those pending now, in the same order. `pending`:
    (the confirmed action or resolution, the line found) for each."""
    sent = [(form.sent(form.confirmed), form.sent("source_text")) for form in forms]
    return sent == [(str(confirmed.pk), found.text) for confirmed, found in pending]


def corrections_sent(data, prefix):
    """The choices sent for lines changed since what they record was confirmed. A page sent
    with none on it (shown before a line was changed) changes nothing confirmed."""
    if data is not None and f"{prefix}-TOTAL_FORMS" not in data:
        return {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


def say_what_was_done(request, done, drafts):
    offered = (drafts.actions, drafts.resolutions, drafts.corrections,
               drafts.resolution_corrections)  # fmt: skip
    if not (done or any(offered)):
        messages.info(request, "Nothing new was confirmed: those were confirmed already.")
        return
    actions, resolutions = (
        done["actions"] + done["new"],
        done["resolutions"] + done["new_resolution"],
    )
    said = [
        f"Confirmed {actions} action{pluralize(actions)} and "
        f"{resolutions} resolution{pluralize(resolutions)}."
    ]
    if done["update"]:
        said.append(f"Updated {done['update']} action{pluralize(done['update'])} from the minutes.")
    if done["keep"]:
        said.append(f"Left {done['keep']} action{pluralize(done['keep'])} unchanged.")
    said += left_out_words("action", done["action_not_in_minutes"])
    said += resolution_changes_words(done)
    messages.success(request, " ".join(said))


def resolution_changes_words(done):
    said = []
    if corrected := done["correct_resolution"]:
        said.append(f"Corrected {corrected} resolution{pluralize(corrected)} from the minutes.")
    if kept := done["keep_resolution"]:
        said.append(f"Left {kept} resolution{pluralize(kept)} unchanged.")
    return said + left_out_words("resolution", done["resolution_not_in_minutes"])


def left_out_words(noun, count):
    """Drafts sent back with a line not in the minutes now (taken out since, or made up)."""
    if not count:
        return []
    lines = pluralize(count, "line is,lines are")
    return [f"Left out {count} {noun}{pluralize(count)} whose {lines} no longer in the minutes."]


@transaction.atomic
def confirm_all(item, user, action_forms, resolution_forms, correction_forms,
                resolution_correction_forms):  # fmt: skip
    """Confirm the proposals ticked, less any confirmed already: the form sent twice (a double
    click, or Back and send again) or by two clerks at once confirms each of them once."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    pending = propose_from_minutes(item)  # under the lock, as the choices are made
    done = apply_corrections(item, user, correction_forms, pending.corrections)
    done += confirm_actions(item, action_forms)
    if not user.has_perm(ADD_RESOLUTION):  # whatever a crafted page sends
        return done
    done += apply_resolution_corrections(
        item, resolution_correction_forms, pending.resolution_corrections
    )
    return done + confirm_resolutions(item, resolution_forms)


def confirm_actions(item, action_forms):
    """The drafts ticked, each once. The line each came from is sent back by the page, so one
    not in the minutes now (taken out since, or made up) confirms nothing."""
    lines = {found.text for found in find_actions(item.minutes)}
    confirmed = set(item.actions.values_list("source_text", flat=True))
    done = Counter()
    for form in action_forms:
        data = form.cleaned_data
        if not data.get("include"):
            continue
        line = data.get("source_text") or data.get("description")
        if line in confirmed:
            continue
        if line not in lines:
            done["action_not_in_minutes"] += 1
            continue
        confirm_draft(item, form, line)
        confirmed.add(line)
        done["actions"] += 1
    return done


def confirm_resolutions(item, resolution_forms):
    """The drafts ticked, each once, as `confirm_actions`. Lines are compared as `line_key` reads
    them, so a part whose full stop went when a part was added after it, meanwhile, is still
    confirmed, with its line as the minutes have it now."""
    lines = {line_key(found.text): found.text for found in find_resolutions(item.minutes)}
    confirmed = {line_key(line) for line in item.resolutions.values_list("source_text", flat=True)}
    done = Counter()
    for form in resolution_forms:
        data = form.cleaned_data
        if not data.get("include"):
            continue
        key = line_key(data.get("source_text") or data.get("text"))
        if key in confirmed:
            continue
        if key not in lines:
            done["resolution_not_in_minutes"] += 1
            continue
        confirm_resolution(item, data["text"], lines[key])
        confirmed.add(key)
        done["resolutions"] += 1
    return done


def apply_corrections(item, user, correction_forms, pending):
    """Each changed line as the clerk chose. A line no longer pending for that action (the form
    sent twice, or the minutes changed again since the page was shown) is left alone."""
    pending = {(c.action.pk, c.found.text): c for c in pending}
    done = Counter()
    for form in correction_forms:
        data = form.cleaned_data
        correction = pending.pop((data.get("action"), data.get("source_text")), None)
        if correction is None:
            continue
        line, action = correction.found.text, correction.action
        if data["choice"] == "update":
            codes = correction.found.codes
            reword_action(action, data["description"], line, codes, user, **form.owner_and_due())
        elif data["choice"] == "new":
            confirm_draft(item, form, line)
        else:
            keep_action_as_it_is(action, line, user)
        done[data["choice"]] += 1
    return done


def apply_resolution_corrections(item, correction_forms, pending):
    """Each changed RESOLVED line as the clerk chose, if it is still pending for that
    resolution (its line read as `line_key` reads it); the line is the one found in the minutes,
    never one sent back."""
    pending = {(c.resolution.pk, line_key(c.found.text)): c for c in pending}
    done = Counter()
    for form in correction_forms:
        data = form.cleaned_data
        sent = (data.get("resolution"), line_key(data.get("source_text") or ""))
        correction = pending.pop(sent, None)
        if correction is None:
            continue
        line, resolution = correction.found.text, correction.resolution
        if data["choice"] == "correct":
            correct_resolution(resolution, data["text"], line)
        elif data["choice"] == "new":
            confirm_resolution(item, data["text"], line)
        else:
            keep_resolution_as_it_is(resolution, line)
        done[f"{data['choice']}_resolution"] += 1
    return done


def confirm_draft(item, form, source_text):
    data = form.cleaned_data
    codes = data["codes"].split()
    return confirm_action(item, data["description"], source_text, codes, **form.owner_and_due())


@requires("meetings.view_action")
@require_safe
def action_log(request):
    form = ActionFilterForm(request.GET or None)
    actions = filter_actions(form, request.user, timezone.localdate())
    table = ActionTable(actions, today=timezone.localdate())
    configure_paged(table, request, per_page=50)
    query = request.GET.urlencode()
    return render(
        request, "meetings/action_log.html", {"form": form, "table": table, "query": query}
    )


@requires("meetings.view_action")
@require_safe
def action_export(request, kind):
    form = ActionFilterForm(request.GET or None)
    actions = filter_actions(form, request.user, timezone.localdate())
    if kind == "xlsx":
        response = HttpResponse(actions_xlsx(actions, timezone.localdate()), content_type=XLSX)
    else:
        response = HttpResponse(actions_csv(actions, timezone.localdate()), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="actions.{kind}"'
    return response


@requires("meetings.view_action")
@require_safe
def action_detail(request, pk):
    return action_page(request, pk)


def action_page(request, pk, update_form=None, close_form=None, reopen_form=None,
                reassign_form=None):  # fmt: skip
    """The action with its timeline and, for its owner or a clerk, the forms: as sent, with
    their errors, when one was refused."""
    action = get_object_or_404(
        Action.objects.with_due()
        .select_related("owner", "closed_by", "agenda_item__meeting__committee")
        .prefetch_related("indicators", Prefetch("updates", to_attr="timeline")),
        pk=pk,
    )
    can_reassign = request.user.has_perm(CHANGE_ACTION)
    return render(
        request,
        "meetings/action_detail.html",
        {
            "action": action,
            "overdue": action.is_overdue(timezone.localdate()),
            "can_update": action.can_be_updated_by(request.user),
            "can_reassign": can_reassign,
            "reassign_form": reassign_form or (can_reassign and reassign_form_for(action)),
            "update_form": update_form or ActionUpdateForm(),
            "close_form": close_form or ActionCloseForm(),
            "reopen_form": reopen_form or ActionReopenForm(),
        },
    )


def reassign_form_for(action, data=None):
    initial = ActionReassignForm.initial_for(action)
    owners = user_choices(who_can_update=True, also=[action.owner_id])
    return ActionReassignForm(data, initial=initial, owner_choices=owners)


def get_action_for_update(request, pk, permission=None):
    """The action, if this user may change it: by default its owner (an officer) or a clerk."""
    action = get_object_or_404(Action, pk=pk)
    if permission:
        allowed = request.user.has_perm(permission)
    else:
        allowed = action.can_be_updated_by(request.user)
    if not allowed:
        raise PermissionDenied
    return action


def change_action(request, pk, form_class, form_name, change, done, permission=None,
                  form_for=None):  # fmt: skip
    """What the action's forms share: who may send them, a refused form back on the page with
    its errors and text, the change, and what to say after. Opened as a page (a refused form
    left its address in the browser, and signing in leads back there), it shows the action."""
    if request.method != "POST":
        return redirect("meetings:action", pk=pk)
    action = get_action_for_update(request, pk, permission)
    form = form_for(action, request.POST) if form_for else form_class(request.POST)
    if not form.is_valid():
        return action_page(request, pk, **{form_name: form})
    try:
        change(action, form.cleaned_data)
        messages.success(request, done.format(reference=action.reference))
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    return redirect(action)


@require_http_methods(["GET", "HEAD", "POST"])
def action_update(request, pk):
    def update(action, data):
        add_update(action, request.user, data["text"], data["status"])

    return change_action(request, pk, ActionUpdateForm, "update_form", update, "Update added.")


@require_http_methods(["GET", "HEAD", "POST"])
def action_reassign(request, pk):
    def reassign(action, data):
        reassign_action(action, request.user, reason=data["reason"], **owner_and_due(data))

    return change_action(
        request, pk, ActionReassignForm, "reassign_form", reassign,
        "Action {reference}: the new owner and due date are saved.",
        permission=CHANGE_ACTION, form_for=reassign_form_for,
    )  # fmt: skip


@require_http_methods(["GET", "HEAD", "POST"])
def action_close(request, pk):
    def close(action, data):
        closing = complete_action if data["outcome"] == "completed" else drop_action
        closing(action, request.user, data["note"])

    return change_action(
        request, pk, ActionCloseForm, "close_form", close, "Action {reference} closed."
    )


@require_http_methods(["GET", "HEAD", "POST"])
def action_reopen(request, pk):
    def reopen(action, data):
        reopen_action(action, request.user, data["reason"])

    return change_action(
        request, pk, ActionReopenForm, "reopen_form", reopen, "Action {reference} reopened."
    )
