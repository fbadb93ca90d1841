"""The scorecard page, with each row's HTML kept until something it shows changes.

Rendering a row costs far more than looking up whether it changed, so a row is rendered once
and kept in the "scorecard" cache. Its key holds everything the row depends on: the data
version (renewed by the database on any change to indicators, thresholds, benchmarks or
figures), the month, the indicator, its current commentary and its number of open actions.
The print pack, exports and exception report build the full `Scorecard` each time.
"""

from dataclasses import dataclass
from itertools import groupby

from django.core.cache import caches
from django.template import engines
from django.utils.safestring import mark_safe

from indicators.models import Commentary, DataVersion, Figure, Indicator
from indicators.periods import month_label
from meetings.pages import open_action_counts

from .presenters import Scorecard

ROW_TEMPLATE = "scorecard/_row.html"  # templates/jinja2/


@dataclass(frozen=True)
class ShownRow:
    service_area: str
    is_exception: bool
    html: str


@dataclass
class ShownGroup:
    service_area: str
    rows: list[ShownRow]

    @property
    def html(self):
        return mark_safe("".join(row.html for row in self.rows))


class ScorecardPage:
    """The scorecard for a month. `scope` is "headline" or "all"; `exceptions` keeps amber/red."""

    def __init__(self, month=None, scope="headline", exceptions=False):
        self.cache = caches["scorecard"]
        self.version = DataVersion.current()
        self.months_available = self._kept(("months",), lambda: list(Figure.objects.months_held()))
        self.month = month or (self.months_available[0] if self.months_available else None)
        self.scope = scope
        self.exceptions = exceptions
        self.rows, self.highlights = self._load() if self.month else ([], [])

    @property
    def label(self):
        return month_label(self.month) if self.month else ""

    @property
    def groups(self):
        rows = [r for r in self.rows if r.is_exception] if self.exceptions else self.rows
        return [
            ShownGroup(area, list(members))
            for area, members in groupby(rows, key=lambda r: r.service_area)
        ]

    def _key(self, *parts):
        return ":".join(str(part) for part in ("scorecard", self.version, *parts))

    def _kept(self, parts, build):
        if self.version is None:
            return build()
        key = self._key(*parts)
        found = self.cache.get(key)
        if found is None:
            found = build()
            self._keep({key: found})
        return found

    def _keep(self, entries):
        # Kept only if the data did not change while it was read, so an entry always matches
        # its version.
        if self.version is not None and DataVersion.current() == self.version:
            self.cache.set_many(entries)

    def _load(self):
        in_scope = self._indicators()
        listed = list(in_scope.values_list("id", "code", "service_area"))
        # Subqueries rather than lists of ids: 400 parameters cost more than the join.
        commentary = dict(
            Commentary.objects.current()
            .for_month(self.month)
            .filter(indicator__in=in_scope.values("id"))
            .values_list("indicator_id", "id")
        )
        actions = open_action_counts(in_scope.values("id"))
        keys = {i: self._row_key(i, commentary.get(i), actions.get(i, 0)) for i, _, _ in listed}
        highlights_key = self._key("highlights", f"{self.month:%Y-%m}", self.scope)
        kept = self.cache.get_many([highlights_key, *keys.values()]) if self.version else {}
        missing = [code for i, code, _ in listed if keys[i] not in kept]
        if missing or highlights_key not in kept:
            built, built_keys = self._build(missing, highlights_key, highlights_key not in kept)
            kept.update(built)
            keys.update(built_keys)
        rows = [ShownRow(area, *kept[keys[i]]) for i, _, area in listed if keys[i] in kept]
        return rows, kept[highlights_key]

    def _indicators(self):
        indicators = Indicator.objects.active().in_display_order()
        if self.scope != "all":
            indicators = indicators.headline()
        return indicators

    def _row_key(self, indicator_id, commentary_id, open_actions):
        month = f"{self.month:%Y-%m}"
        return self._key("row", month, indicator_id, commentary_id or "-", open_actions)

    def _build(self, codes, highlights_key, with_highlights):
        """Rows for `codes` (all in scope when the highlights are needed too), rendered and
        kept; and each row's key by indicator id."""
        card = Scorecard(self.month, self.scope, codes=None if with_highlights else codes)
        built, keys = {}, {}
        template = engines["jinja2"].get_template(ROW_TEMPLATE)
        month_param = f"{self.month:%Y-%m}"
        for row in card.rows:
            commentary_id = row.commentary.id if row.commentary else None
            key = self._row_key(row.indicator.id, commentary_id, row.open_actions)
            html = template.render({"row": row, "month_param": month_param})
            built[key] = (row.is_exception, html)
            keys[row.indicator.id] = key
        if with_highlights:
            built[highlights_key] = card.highlights
        self._keep(built)
        return built, keys
