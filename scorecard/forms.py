from django import forms

from indicators.forms import KEEP_DRAFT, ParagraphsField
from indicators.periods import month_label


class ScorecardForm(forms.Form):
    month = forms.ChoiceField(label="Month", required=False)
    scope = forms.ChoiceField(
        label="Indicators",
        required=False,
        choices=[("headline", "Headline indicators"), ("all", "All indicators")],
    )
    exceptions = forms.BooleanField(label="Only amber and red", required=False)

    def __init__(self, data, months):
        super().__init__(data)
        self.fields["month"].choices = [(f"{m:%Y-%m}", month_label(m)) for m in months]


class CommentaryForm(forms.Form):
    text = ParagraphsField(
        label="Commentary",
        widget=forms.Textarea(attrs={"rows": 8, **KEEP_DRAFT}),
        max_length=5000,
        help_text="What happened, why, what is being done, by whom and by when.",
        error_messages={"required": "Enter the commentary."},
    )
