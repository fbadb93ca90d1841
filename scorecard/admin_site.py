from django.contrib.admin import AdminSite


def may_use_admin(user):
    """Staff, and whoever may manage the catalogue: an analyst's role is what lets them in, so
    nobody has to remember to tick "Staff status" as well."""
    return user.is_active and (user.is_staff or user.has_perm("indicators.change_indicator"))


class ScorecardAdminSite(AdminSite):
    site_header = site_title = "Scorecards administration"

    def has_permission(self, request):
        return may_use_admin(request.user)
