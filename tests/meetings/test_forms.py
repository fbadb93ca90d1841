import pytest

from meetings.forms import ActionCloseForm, ActionReopenForm, ActionUpdateForm, MinutesForm
from meetings.rendering import render_minutes
from scorecard.forms import CommentaryForm

LONGEST_UPDATE = "\r\n".join(["x" * 99] * 50)  # 4,999 characters as the browser counts them


@pytest.mark.parametrize("text", ["\u200b", "\ufeff\u00ad", " \u2800 "])
def test_an_action_update_of_characters_no_one_can_see_is_refused_as_blank(text):
    form = ActionUpdateForm({"text": text})
    assert not form.is_valid() and "text" in form.errors


def test_line_breaks_count_once_in_an_update_a_completion_note_and_the_minutes():
    update = ActionUpdateForm({"text": LONGEST_UPDATE})
    close = ActionCloseForm({"outcome": "completed", "note": LONGEST_UPDATE})
    minutes = MinutesForm({"minutes": "ACTION: Review CLA9.\r\nRESOLVED: Noted."})
    assert update.is_valid() and close.is_valid() and minutes.is_valid()
    assert "\r" not in update.cleaned_data["text"] + close.cleaned_data["note"]
    assert minutes.cleaned_data["minutes"] == "ACTION: Review CLA9.\nRESOLVED: Noted."


@pytest.mark.parametrize(
    ("form", "field"),
    [
        (MinutesForm, "minutes"),
        (ActionUpdateForm, "text"),
        (ActionCloseForm, "note"),
        (ActionReopenForm, "reason"),
        (CommentaryForm, "text"),
    ],
)
def test_every_long_text_box_is_marked_to_keep_what_is_sent_across_a_sign_in(form, field):
    assert "data-keep-draft" in str(form()[field])


def test_the_minutes_box_tells_a_clerk_the_formatting_that_works_in_plain_words():
    advice = str(MinutesForm().fields["minutes"].help_text)
    assert "Markdown" not in advice
    assert "ACTION:" in advice and "RESOLVED:" in advice
    assert "For a list, leave a blank line, then start each item's line with -." in advice
    shown = render_minutes("The panel noted:\n\n- first\n- second\n\nput **two stars** round it")
    assert "<li>first</li>" in shown and "<strong>two stars</strong>" in shown
