from django.contrib.admin import AdminSite


class ScorecardAdminSite(AdminSite):
    """The admin opens to whoever may manage the catalogue, as well as to staff: an analyst's role
    is what lets them in, so nobody has to remember to tick "Staff status" as well."""

    def has_permission(self, request):
        user = request.user
        return user.is_active and (user.is_staff or user.has_perm("indicators.change_indicator"))
