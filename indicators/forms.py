import unicodedata

from django import forms
from django.conf import settings

from .models import Indicator

# Characters that leave no mark: controls, format characters (zero-width spaces and joiners, the
# soft hyphen, the byte order mark), spaces, and the letters that are drawn as blanks.
UNSEEN_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp"}
BLANK_LETTERS = set("\u115f\u1160\u2800\u3164\uffa0")


def is_blank(text):
    return all(unicodedata.category(c) in UNSEEN_CATEGORIES or c in BLANK_LETTERS for c in text)


# On a textarea: static/js/drafts.js keeps what is sent from its form across a sign-in.
KEEP_DRAFT = {"data-keep-draft": ""}


class ParagraphsField(forms.CharField):
    """A textarea's text. A line break counts as one character, as the browser counts it for
    maxlength, not the two it sends; and a text of nothing anyone can see is no text at all."""

    widget = forms.Textarea

    def to_python(self, value):
        text = super().to_python(value).replace("\r\n", "\n")
        return self.empty_value if is_blank(text) else text


class CatalogueFilterForm(forms.Form):
    service_area = forms.ChoiceField(required=False, label="Service area")
    scope = forms.ChoiceField(
        required=False,
        label="Show",
        choices=[("all", "All indicators"), ("headline", "Headline indicators only")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        areas = (
            Indicator.objects.active()
            .order_by("service_area")
            .values_list("service_area", flat=True)
        )
        self.fields["service_area"].choices = [("", "All service areas")] + [
            (area, area) for area in dict.fromkeys(areas)
        ]

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        if self.cleaned_data["service_area"]:
            queryset = queryset.filter(service_area=self.cleaned_data["service_area"])
        if self.cleaned_data["scope"] == "headline":
            queryset = queryset.headline()
        return queryset


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Extract file",
        help_text="An Excel workbook (.xlsx or .xlsm) or a CSV file in the long layout.",
        error_messages={"required": "Choose the extract file to upload."},
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        limit = settings.EXTRACT_MAX_FILE_BYTES
        if uploaded.size > limit:
            raise forms.ValidationError(
                f"The file is {uploaded.size / 1048576:.1f} MB; the limit is "
                f"{limit / 1048576:.0f} MB. Split it by year or remove unused sheets."
            )
        if uploaded.size == 0:
            raise forms.ValidationError("The file is empty.")
        return uploaded
