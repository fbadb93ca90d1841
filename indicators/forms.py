from django import forms

from .models import Indicator


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
