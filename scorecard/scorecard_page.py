"""The scorecard page, with each row's HTML kept until something it shows changes.

Rendering a row costs far more than looking up whether it changed, so a row is rendered once
and kept in the "scorecard" cache. Its key holds everything the row depends on: the data
version (renewed by the database on any change to indicators, thresholds, benchmarks or
figures), the month, the indicator, its current commentary, its number of open actions, and
whether the reader may write commentary (a row that needs commentary links to the form only
for those who may write it). Whether the month is the latest, which words the open actions,
follows from the data version. A row is the same whichever scope it is shown in, so the
headline view of amber and red can read every indicator's row to count the exceptions it
leaves out. The print pack, exports and exception report build the full `Scorecard` each time.
"""

from dataclasses import dataclass
from itertools import groupby

from django.core.cache import caches
from django.template import engines
from django.utils.safestring import mark_safe

from indicators.choices import Rag
from indicators.models import Commentary, DataVersion, Figure, Indicator
from indicators.periods import month_label
from meetings.pages import open_action_counts

from .presenters import Scorecard

ROW_TEMPLATE = "scorecard/_row.html"  # templates/jinja2/


@dataclass(frozen=True)
class ShownRow:
    service_area: str
    is_headline: bool
    rating: str  # a Rag value
    html: str

    @property
    def is_exception(self):
        return self.rating in (Rag.AMBER, Rag.RED)


@dataclass
class ShownGroup:
    service_area: str
    rows: list[ShownRow]

    @property
    def html(self):
        return mark_safe("".join(row.html for row in self.rows))


class ScorecardPage:
    """The scorecard for a month. `scope` is "headline" or "all"; `exceptions` keeps amber/red;
    `may_write_commentary` links "Commentary needed" to the form."""

    def __init__(self, month=None, scope="headline", exceptions=False, may_write_commentary=False):
        self.cache = caches["scorecard"]
        self.version = DataVersion.current()
        self.months_available = self._kept(("months",), lambda: list(Figure.objects.months_held()))
        self.month = month or (self.months_available[0] if self.months_available else None)
        self.scope = scope
        self.exceptions = exceptions
        self.may_write_commentary = may_write_commentary
        read, self.highlights = self._load() if self.month else ([], [])
        left_out = [] if scope == "all" else [r for r in read if not r.is_headline]
        self.rows = [r for r in read if r.is_headline or scope == "all"]
        # The headline view of amber and red says how many it leaves out, and how many are red.
        self.exceptions_not_shown = sum(r.is_exception for r in left_out)
        self.reds_not_shown = sum(r.rating == Rag.RED for r in left_out)

    @property
    def label(self):
        return month_label(self.month) if self.month else ""

    @property
    def is_latest_month(self):
        """Open actions are counted as they are now: on an earlier month the page says so."""
        return bool(self.months_available) and self.month == self.months_available[0]

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
        listed = list(in_scope.values_list("id", "code", "service_area", "is_headline"))
        # Subqueries rather than lists of ids: 400 parameters cost more than the join.
        commentary = dict(
            Commentary.objects.current()
            .for_month(self.month)
            .filter(indicator__in=in_scope.values("id"))
            .values_list("indicator_id", "id")
        )
        actions = open_action_counts(in_scope.values("id"))
        keys = {i: self._row_key(i, commentary.get(i), actions.get(i, 0)) for i, *_ in listed}
        highlights_key = self._key("highlights", f"{self.month:%Y-%m}", self.scope)
        kept = self.cache.get_many([highlights_key, *keys.values()]) if self.version else {}
        missing = [code for i, code, *_ in listed if keys[i] not in kept]
        if missing or highlights_key not in kept:
            built, built_keys = self._build(missing, highlights_key, highlights_key not in kept)
            kept.update(built)
            keys.update(built_keys)
        rows = [
            ShownRow(area, is_headline, *kept[keys[i]])
            for i, _, area, is_headline in listed
            if keys[i] in kept
        ]
        return rows, kept[highlights_key]

    @property
    def _read_scope(self):
        # Amber and red in the headline view reads every row, to count those it leaves out.
        return "all" if self.exceptions else self.scope

    def _indicators(self):
        indicators = Indicator.objects.active().in_display_order()
        if self._read_scope != "all":
            indicators = indicators.headline()
        return indicators

    def _row_key(self, indicator_id, commentary_id, open_actions):
        month = f"{self.month:%Y-%m}"
        reader = "writer" if self.may_write_commentary else "reader"
        return self._key("row", month, indicator_id, commentary_id or "-", open_actions, reader)

    def _build(self, codes, highlights_key, with_highlights):
        """Rows for `codes` (all in scope when the highlights are needed too), rendered and
        kept; and each row's key by indicator id."""
        card = Scorecard(self.month, self._read_scope, codes=None if with_highlights else codes)
        built, keys = {}, {}
        template = engines["jinja2"].get_template(ROW_TEMPLATE)
        shared = {
            "month_param": f"{self.month:%Y-%m}",
            "may_write_commentary": self.may_write_commentary,
            "actions_now": not self.is_latest_month,
        }
        for row in card.rows:
            commentary_id = row.commentary.id if row.commentary else None
            key = self._row_key(row.indicator.id, commentary_id, row.open_actions)
            built[key] = (row.rag.rating.value, template.render({"row": row, **shared}))
            keys[row.indicator.id] = key
        if with_highlights:
            built[highlights_key] = card.narrowed_to(self.scope).highlights
        self._keep(built)
        return built, keys
