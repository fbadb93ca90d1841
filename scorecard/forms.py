from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from indicators.forms import KEEP_DRAFT, ParagraphsField
from indicators.periods import month_label

from .admin_site import may_use_admin


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


COMMENTARY_LIMIT = 5000


class CommentaryForm(forms.Form):
    # No maxlength on the box: a browser cuts pasted text short without a word, so the server
    # says how long it is instead, and keeps what was typed.
    text = ParagraphsField(
        label="Commentary",
        widget=forms.Textarea(attrs={"rows": 8, **KEEP_DRAFT}),
        help_text="What happened, why, what is being done, by whom and by when. "
        f"At most {COMMENTARY_LIMIT:,} characters.",
        error_messages={"required": "Enter the commentary."},
    )

    def clean_text(self):
        text = self.cleaned_data["text"]
        if len(text) > COMMENTARY_LIMIT:
            raise forms.ValidationError(
                f"Commentary can be at most {COMMENTARY_LIMIT:,} characters; this is {len(text):,}."
            )
        return text


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with messages that say what to do rather than what is wrong."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "The username or password is not right. Both are case-sensitive.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username."
        self.fields["password"].error_messages["required"] = "Enter your password."
        refuse_usernames_longer_than_any(self)


class AdminSignInForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": "The username or password is not right, or this account may not use the "
        "administration pages. Both are case-sensitive.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        refuse_usernames_longer_than_any(self)

    def confirm_login_allowed(self, user):
        """Who may sign in here is who the admin lets in, not staff alone (Django's rule)."""
        AuthenticationForm.confirm_login_allowed(self, user)
        if not may_use_admin(user):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


def refuse_usernames_longer_than_any(form):
    """Django sets the username field's max_length too late to check it, and the login throttle
    would record the failure of a longer name in a column of 255 characters: a 500."""
    field = form.fields["username"]
    wrong = form.error_messages["invalid_login"] % {"username": form.username_field.verbose_name}
    field.validators.append(MaxLengthValidator(field.max_length, wrong))
