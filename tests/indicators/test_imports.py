from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from indicators.imports import (
    UploadRefused,
    changed_rows,
    commit_upload,
    discard_preview,
    import_extract,
    preview_extract,
    revert_upload,
    save_preview,
)
from indicators.models import Figure, FigureRevision, Indicator, Upload
from tests.workbooks import DEC, LONG_HEADER, NOV, long_workbook, wide_workbook, workbook_bytes

TODAY = date(2025, 1, 15)
pytestmark = pytest.mark.usefixtures("catalogue", "media")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def held(code, month=DEC, breakdown="", category=""):
    figure = Figure.objects.filter(
        indicator__code=code, month=month, breakdown=breakdown, category=category
    ).first()
    return None if figure is None else (figure.value, figure.numerator, figure.denominator)


def run(data, name="extract.xlsx", **kwargs):
    preview, upload = import_extract(data, name, today=TODAY, **kwargs)
    assert preview.ok, [e.message for e in preview.errors]
    return upload


def test_an_import_writes_its_figures_and_records_the_upload():
    data = long_workbook(("CLA9", "2024-12", 77, 154, 200), ("AD7", "Dec-24", 455.5, 8199, 18))
    upload = run(data)
    assert held("CLA9") == (77, 154, 200)
    assert held("AD7") == (Decimal("455.5"), 8199, 18)
    assert (upload.created_count, upload.changed_count, upload.unchanged_count) == (2, 0, 0)
    assert len(upload.sha256) == 64 and upload.file_name == "extract.xlsx"
    assert upload.revisions.count() == 2 and upload.file.read() == data


def test_the_same_file_again_changes_nothing_and_records_no_revision():
    data = long_workbook(("CLA9", "2024-12", 77, 154, 200))
    run(data)
    again = run(data)
    assert (again.created_count, again.changed_count, again.unchanged_count) == (0, 0, 1)
    assert not again.revisions.exists()


def test_a_changed_figure_is_previewed_with_a_warning_and_keeps_its_history():
    run(long_workbook(("CLA9", "2024-12", 77, 154, 200)))
    data = long_workbook(("CLA9", "2024-12", 80, 160, 200))
    preview = preview_extract(data, "fix.xlsx", today=TODAY)
    assert [w.value for w in preview.warnings if w.kind == "revision"] == ["77.0% → 80.0%"]
    upload = run(data)
    revision = upload.revisions.get()
    assert (revision.value_before, revision.value) == (77, 80)
    assert held("CLA9") == (80, 160, 200)


def test_a_blank_long_value_records_no_figure_and_a_blank_wide_cell_supplies_nothing():
    run(long_workbook(("CLA9", "2024-11", 90, 180, 200), ("CLA9", "2024-12", 77, 154, 200)))
    run(long_workbook(("CLA9", "2024-12", None)))
    assert held("CLA9") == (None, None, None)
    run(wide_workbook([NOV, DEC], [("CLA9", "Care plans", None, "n/a")]))
    assert held("CLA9", NOV) == (90, 180, 200), "a blank wide cell leaves the figure alone"
    assert Figure.objects.get(indicator__code="CLA9", month=DEC).value is None


def test_a_file_with_errors_writes_nothing_at_all():
    data = long_workbook(("CLA9", "2024-12", 77, 154, 200), ("CLA9", "2024-11", "lots"))
    preview, upload = import_extract(data, "bad.xlsx", today=TODAY)
    assert upload is None and not preview.ok
    assert not Figure.objects.exists() and not Upload.objects.exists()


def test_an_unavailable_status_with_a_value_is_an_error():
    header = ["indicator", "period", "value", "status", "commentary"]
    data = long_workbook(("CLA9", "2024-12", 77, "unavailable", "System down"), header=header)
    preview = preview_extract(data, "x.xlsx", today=TODAY)
    assert [e.kind for e in preview.errors] == ["value_with_unavailable_status"]


def test_indicators_without_thresholds_are_warned_about():
    preview = preview_extract(long_workbook(("CLA7", "2024-12", 22.5)), "x.xlsx", today=TODAY)
    assert any(w.kind == "no_thresholds" and "CLA7" in w.message for w in preview.warnings)


def test_revert_restores_exactly_what_was_there_including_no_figure():
    run(long_workbook(("CLA9", "2024-11", 90, 180, 200)))
    second = run(
        long_workbook(("CLA9", "2024-11", 85, 170, 200), ("CLA9", "2024-12", 77, 154, 200))
    )
    revert = revert_upload(second)
    assert held("CLA9", NOV) == (90, 180, 200)
    assert held("CLA9", DEC) is None, "a figure the upload created is gone again"
    assert revert.kind == "revert" and revert.reverts == second
    second.refresh_from_db()
    assert second.state == "reverted"
    with pytest.raises(UploadRefused, match="already been reverted"):
        revert_upload(second)
    with pytest.raises(UploadRefused, match="cannot itself be reverted"):
        revert_upload(revert)


def test_reverting_an_upload_that_a_later_one_overwrote_is_refused():
    first = run(long_workbook(("CLA9", "2024-12", 77, 154, 200)), name="first.xlsx")
    run(long_workbook(("CLA9", "2024-12", 80, 160, 200)), name="second.xlsx")
    with pytest.raises(UploadRefused, match="Later uploads changed some of the same figures"):
        revert_upload(first)
    assert held("CLA9") == (80, 160, 200)


def test_once_the_later_uploads_are_reverted_newest_first_the_earlier_one_can_be_too():
    before = run(long_workbook(("CLA9", "2024-12", 70, 140, 200)), name="before.xlsx")
    first = run(long_workbook(("CLA9", "2024-12", 77, 154, 200)), name="first.xlsx")
    second = run(long_workbook(("CLA9", "2024-12", 80, 160, 200)), name="second.xlsx")
    revert_upload(second)
    assert held("CLA9") == (77, 154, 200)

    revert_upload(first)

    assert held("CLA9") == (70, 140, 200)
    revert_upload(before)
    assert held("CLA9") is None


def test_a_later_upload_still_in_force_keeps_an_earlier_one_from_being_reverted():
    first = run(long_workbook(("CLA9", "2024-12", 77, 154, 200)), name="first.xlsx")
    second = run(long_workbook(("CLA9", "2024-12", 80, 160, 200)), name="second.xlsx")
    revert_upload(second)
    run(long_workbook(("CLA9", "2024-12", 81, 162, 200)), name="third.xlsx")

    with pytest.raises(UploadRefused, match=r"Later uploads.*third\.xlsx") as refusal:
        revert_upload(first)
    assert "second.xlsx" not in str(refusal.value)
    third = Upload.objects.get(file_name="third.xlsx")
    assert str(refusal.value) == (
        f"Later uploads changed some of the same figures: upload {third.pk} (third.xlsx, "
        "System). Revert those first, newest first, so that no one's figures are lost."
    )


def test_a_preview_commits_exactly_what_was_previewed():
    data = long_workbook(("CLA9", "2024-12", 77, 154, 200))
    upload = save_preview(preview_extract(data, "x.xlsx", today=TODAY), data, "x.xlsx", None)
    assert not Figure.objects.exists()
    commit_upload(upload)
    assert held("CLA9") == (77, 154, 200)
    with pytest.raises(UploadRefused, match="already been committed"):
        commit_upload(upload)


def test_a_stale_preview_is_refused_with_the_upload_that_changed_the_figures():
    data = long_workbook(("CLA9", "2024-12", 77, 154, 200))
    stale = save_preview(preview_extract(data, "x.xlsx", today=TODAY), data, "x.xlsx", None)
    run(long_workbook(("CLA9", "2024-12", 80, 160, 200)), name="meanwhile.xlsx")
    with pytest.raises(UploadRefused, match=r"meanwhile\.xlsx.*after this preview"):
        commit_upload(stale)
    assert held("CLA9") == (80, 160, 200)


def test_a_stale_preview_names_the_later_upload_as_a_sentence_would(settings):
    data = long_workbook(("CLA9", "2024-12", 77, 154, 200))
    stale = save_preview(preview_extract(data, "x.xlsx", today=TODAY), data, "x.xlsx", None)
    meanwhile = run(long_workbook(("CLA9", "2024-12", 80, 160, 200)), name="meanwhile.xlsx")
    local = ZoneInfo(settings.TIME_ZONE)
    Upload.objects.filter(pk=meanwhile.pk).update(
        committed_at=datetime(2026, 12, 6, 9, 5, tzinfo=local)
    )
    with pytest.raises(UploadRefused) as refusal:
        commit_upload(stale)
    assert str(refusal.value) == (
        f"Figures in this file were changed by upload {meanwhile.pk} (meanwhile.xlsx, System), "
        "committed 6 December 2026 at 09:05, after this preview was made. Upload the file again "
        "to see a fresh preview before committing."
    )


def test_a_preview_is_not_stale_for_other_figures_of_the_same_indicators_and_months():
    data = long_workbook(("CLA9", "2024-12", 77, 154, 200), ("AD7", "2024-11", 450, 900, 2))
    preview = save_preview(preview_extract(data, "x.xlsx", today=TODAY), data, "x.xlsx", None)
    meanwhile = long_workbook(
        ("CLA9", "2024-12", 70, 7, 10, "team", "North"),  # a team's figure, not the headline
        ("CLA9", "2024-11", 80, 160, 200),  # CLA9 and November each in the file, not together
    )
    run(meanwhile, name="meanwhile.xlsx")
    commit_upload(preview)
    assert held("CLA9") == (77, 154, 200)
    assert held("CLA9", breakdown="team", category="North") == (70, 7, 10)


def test_a_preview_with_errors_cannot_be_committed():
    data = long_workbook(("CLA9", "2024-12", "lots"))
    upload = save_preview(preview_extract(data, "x.xlsx", today=TODAY), data, "x.xlsx", None)
    with pytest.raises(UploadRefused, match="has errors"):
        commit_upload(upload)


def test_every_revision_is_kept_in_order_for_a_figure():
    for value in (70, 75, 77):
        run(long_workbook(("CLA9", "2024-12", value, value * 2, 200)))
    history = FigureRevision.objects.filter(indicator__code="CLA9").order_by("id")
    assert [(r.value_before, r.value) for r in history] == [(None, 70), (70, 75), (75, 77)]


def test_changing_a_month_already_presented_to_the_panel_is_warned_about():
    from datetime import datetime

    from django.utils import timezone

    from meetings.models import AgendaItem, Committee, Meeting

    run(long_workbook(("CLA9", "2024-12", 77, 154, 200)))
    committee = Committee.objects.create(name="Corporate Parenting Panel", code="CPP")
    meeting = Meeting.objects.create(
        committee=committee, starts_at=timezone.make_aware(datetime(2025, 1, 10, 14))
    )
    AgendaItem.objects.create(meeting=meeting, order=1, title="Scorecard", scorecard_month=DEC)
    preview = preview_extract(
        long_workbook(("CLA9", "2024-12", 80, 160, 200)), "x.xlsx", today=TODAY
    )
    [warning] = [w for w in preview.warnings if w.kind == "presented_month_changed"]
    assert "December 2024 was presented to Corporate Parenting Panel, 10 January 2025" in (
        warning.message
    )
    unchanged = preview_extract(
        long_workbook(("CLA9", "2024-12", 77, 154, 200)), "x.xlsx", today=TODAY
    )
    assert not [w for w in unchanged.warnings if w.kind == "presented_month_changed"]
    added = preview_extract(
        long_workbook(("CLA9", "2024-12", 70, 7, 10, "team", "North")), "x.xlsx", today=TODAY
    )
    [warning] = [w for w in added.warnings if w.kind == "presented_month_changed"]
    assert warning.message.endswith("adds figures for a month the panel has already seen.")


def test_a_category_spelt_otherwise_than_held_or_elsewhere_in_the_file_is_warned_about_once():
    header = ["indicator", "period", "value", "breakdown", "category"]
    run(long_workbook(
        ("CLA9", "2024-11", 80, "locality", "Lancaster"),
        ("CLA9", "2024-10", 80, "locality", "Lancaster"),
        ("CLA9", "2024-09", 80, "locality", "LANCASTER"),  # held, but less often
        ("CLA9", "2024-11", 80, "locality", "Lancaster City"),
        header=header,
    ))  # fmt: skip
    data = long_workbook(
        ("CLA9", "2024-12", 81, "locality", "lancaster "),
        ("CLA10", "2024-12", 79, "locality", "lancaster"),
        ("CLA9", "2024-12", 70, "locality", "Morecambe"),
        ("CLA9", "2024-11", 71, "locality", "MORECAMBE"),
        ("CLA9", "2024-12", 60, "team", "lancaster"),  # another breakdown: not the same thing
        ("CLA9", "2024-12", 61, "locality", "Lancaster\u00a0City"),
        ("CLA9", "2024-12", 62, "locality", "LANCASTER"),  # held as it is: no warning
        header=header,
    )
    preview = preview_extract(data, "x.xlsx", today=TODAY)
    spelt = [w for w in preview.warnings if w.kind == "category_spelling"]
    assert [w.message for w in spelt] == [
        "Sheet 'Data', E2: locality 'lancaster' (CLA9, CLA10) differs only in capitals from "
        "'Lancaster'; as it is, it will be kept as a separate locality. Write it the same way if "
        "they are the same.",
        "Sheet 'Data', E5: locality 'MORECAMBE' (CLA9) differs only in capitals from 'Morecambe'; "
        "as it is, it will be kept as a separate locality. Write it the same way if they are the "
        "same.",
        "Sheet 'Data', E7: locality 'Lancaster[U+00A0]City' (CLA9) differs only in spaces from "
        "'Lancaster City'; as it is, it will be kept as a separate locality. Write it the same "
        "way if they are the same.",
    ]
    assert preview.ok


@pytest.mark.parametrize(
    ("held", "sent", "differs"),
    [
        ("Eastfield", "East field", "spaces"),
        ("North-East", "north east", "capitals and spaces or hyphens"),
        ("North East", "North\u2013East", "spaces or hyphens"),
        ("North-East Team", "North-EastTeam", "spaces"),
        ("NorthEast", "north-east", "capitals and hyphens"),
    ],
)
def test_a_category_split_or_joined_by_a_space_or_a_hyphen_is_warned_about(held, sent, differs):
    run(long_workbook(("CLA9", "2024-11", 80, None, None, "locality", held)))
    preview = preview_extract(
        long_workbook(("CLA9", "2024-12", 81, None, None, "locality", sent)), "x.xlsx", today=TODAY
    )
    [spelt] = [w for w in preview.warnings if w.kind == "category_spelling"]
    assert f"differs only in {differs} from '{held}'" in spelt.message


def test_age_bands_that_differ_by_a_hyphen_between_numbers_are_not_mistaken_for_each_other():
    run(long_workbook(("CLA9", "2024-11", 80, None, None, "age_band", "10-15")))
    preview = preview_extract(
        long_workbook(("CLA9", "2024-12", 81, None, None, "age_band", "1015")),
        "x.xlsx",
        today=TODAY,
    )
    assert not [w for w in preview.warnings if w.kind == "category_spelling"]


@pytest.mark.parametrize(
    ("held_value", "new_value", "warned"),
    [
        # CLA9: green at 95, red below 90.
        (Decimal("94.96"), Decimal("95.04"), "94.96% → 95.04% (Amber → Green)"),
        (Decimal("89"), Decimal("96"), "89.0% → 96.0% (Red → Green)"),
        (Decimal("77"), Decimal("80"), "77.0% → 80.0%"),  # red either way
        (Decimal("95.01"), Decimal("95.04"), None),  # green either way, and shown alike
    ],
)
def test_a_revision_that_changes_the_rating_is_warned_of_with_both_figures_told_apart(
    held_value, new_value, warned
):
    run(long_workbook(("CLA9", "2024-12", held_value, None, None)))
    preview = preview_extract(
        long_workbook(("CLA9", "2024-12", new_value, None, None)), "fix.xlsx", today=TODAY
    )
    revisions = [w for w in preview.warnings if w.kind == "revision"]
    assert [w.value for w in revisions] == ([warned] if warned else [])
    if warned and "Amber" in warned:
        assert revisions[0].message == (
            "Sheet 'Data', C2: CLA9 December 2024: the figure held is 94.96%; this file "
            "changes it to 95.04%, which turns it from Amber to Green."
        )


def test_a_figure_only_marked_unreliable_is_no_revision():
    run(long_workbook(("CLA9", "2024-12", 94, None, None)))
    marked = long_workbook(
        ("CLA9", "2024-12", 94, None, None, None, None, "unreliable", "Audit found gaps"),
        header=[*LONG_HEADER, "status", "commentary"],
    )
    preview = preview_extract(marked, "fix.xlsx", today=TODAY)
    assert preview.ok and [c.after[3] for c in preview.changed] == ["unreliable"]
    assert not [w for w in preview.warnings if w.kind == "revision"]


def test_a_team_s_figure_revised_by_less_than_it_shows_is_not_warned_of():
    team = ("CLA9", "2024-12", Decimal("94.96"), None, None, "team", "North")
    run(long_workbook(team))
    assert held("CLA9", breakdown="team", category="North")[0] == Decimal("94.96")
    revised = long_workbook((*team[:2], Decimal("95.04"), *team[3:]))
    preview = preview_extract(revised, "fix.xlsx", today=TODAY)
    assert not [w for w in preview.warnings if w.kind == "revision"]


def test_the_preview_shows_a_small_change_to_the_places_that_tell_old_from_new():
    run(long_workbook(("CLA9", "2024-12", Decimal("94.96"), 2374, 2500)))
    preview = preview_extract(
        long_workbook(("CLA9", "2024-12", Decimal("95.04"), 2376, 2500)), "fix.xlsx", today=TODAY
    )
    [row] = changed_rows(preview.changed)
    assert (row["before"], row["after"]) == ("94.96% (2,374 of 2,500)", "95.04% (2,376 of 2,500)")


def test_a_category_spelling_warning_names_the_category_cell_of_its_row():
    run(long_workbook(("CLA9", "2024-11", 80, None, None, "team", "North")))
    rows = [
        ["Children in care: December"],
        ["category", "value", "period", "indicator", "breakdown"],
        ["South", 70, "2024-12", "CLA9", "team"],
        ["north", 81, "2024-12", "CLA9", "team"],
    ]
    preview = preview_extract(workbook_bytes(rows), "x.xlsx", today=TODAY)
    [spelt] = [w for w in preview.warnings if w.kind == "category_spelling"]
    assert (spelt.sheet, spelt.cell_or_row) == ("Data", "A4")
    assert spelt.message.startswith("Sheet 'Data', A4: team 'north' (CLA9)")


REASONED = [*LONG_HEADER, "status", "commentary"]


def test_a_status_reason_too_long_to_show_is_warned_of_at_its_cell_and_kept_as_commentary():
    reason = "The case system was migrated and " + "x" * 580
    data = long_workbook(
        ("CLA9", "2024-12", 94, None, None, "team", "North", "unreliable", reason),
        ("CLA9", "2024-11", 90, None, None, None, None, "provisional", "y" * 500),
        ("CLA9", "2024-10", 90, None, None, None, None, "ok", "z" * 900),
        header=REASONED,
    )
    preview = preview_extract(data, "x.xlsx", today=TODAY)
    [shortened] = [w for w in preview.warnings if w.kind == "reason_shortened"]
    assert (shortened.sheet, shortened.cell_or_row) == ("Data", "I2")
    assert shortened.message == (
        "Sheet 'Data', I2: the reason given for CLA9 December 2024 (team: North) (unreliable) "
        "has 613 characters; it will be shown shortened to its first 500 characters, and the "
        "full text is kept as the figure's commentary."
    )
    run(data)
    figure = Figure.objects.get(month=DEC)
    assert figure.status_reason == reason[:500] and figure.commentary == reason


def test_a_preview_discarded_twice_is_simply_gone():
    upload = save_preview(
        preview_extract(long_workbook(("CLA9", "2024-12", 77)), "x.xlsx", today=TODAY),
        b"data", "x.xlsx", None,
    )  # fmt: skip
    discard_preview(upload)
    discard_preview(upload)  # as from a second tab: nothing left to do, and no error
    assert not Upload.objects.exists()


def test_a_commit_or_revert_of_a_preview_discarded_meanwhile_is_refused_saying_so():
    data = long_workbook(("CLA9", "2024-12", 77))
    upload = save_preview(preview_extract(data, "x.xlsx", today=TODAY), data, "x.xlsx", None)
    discard_preview(upload)
    gone = "That preview no longer exists: it was discarded, perhaps in another tab."
    with pytest.raises(UploadRefused, match=f"^{gone} Nothing was committed.$"):
        commit_upload(upload)
    with pytest.raises(UploadRefused, match=f"^{gone} Nothing was reverted.$"):
        revert_upload(upload)
    assert not Figure.objects.exists() and not Upload.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_command_line_import_reads_its_file_before_it_opens_its_transaction():
    in_transaction = []

    def progress(done, total):
        in_transaction.append(connection.in_atomic_block)

    data = long_workbook(("CLA9", "2024-12", 77, 154, 200))
    _preview, upload = import_extract(data, "x.xlsx", today=TODAY, progress=progress)
    assert upload is not None and held("CLA9") == (77, 154, 200)
    assert in_transaction and not any(in_transaction)


def test_a_figure_held_that_the_file_leaves_blank_or_not_available_is_warned_of():
    run(long_workbook(("CLA9", "2024-11", 90, 180, 200), ("CLA9", "2024-12", 77, 154, 200)))
    data = long_workbook(("CLA9", "2024-11", None), ("CLA9", "2024-12", "n/a"))
    preview = preview_extract(data, "gaps.xlsx", today=TODAY)
    revisions = [w for w in preview.warnings if w.kind == "revision"]
    assert [(w.cell_or_row, w.value) for w in revisions] == [
        ("C2", "90.0% → no figure"),
        ("C3", "77.0% → no figure"),
    ]
    assert revisions[1].message == (
        "Sheet 'Data', C3: CLA9 December 2024: the figure held is 77.0%; this file leaves no "
        "figure in its place."
    )


def test_a_figure_held_that_the_file_marks_unavailable_says_so_in_its_warning():
    run(long_workbook(("CLA9", "2024-12", 77, 154, 200)))
    header = ["indicator", "period", "value", "status", "commentary"]
    data = long_workbook(("CLA9", "2024-12", None, "unavailable", "System down"), header=header)
    preview = preview_extract(data, "down.xlsx", today=TODAY)
    assert "leaves no figure (unavailable) in its place" in " ".join(
        w.message for w in preview.warnings
    )


def test_a_preview_whose_indicator_code_was_changed_since_is_refused_in_words():
    data = long_workbook(("CLA9", "2024-12", 80, 160, 200))
    upload = save_preview(preview_extract(data, "dec.xlsx", today=TODAY), data, "dec.xlsx", None)
    Indicator.objects.filter(code="CLA9").update(code="CLA9A")
    with pytest.raises(UploadRefused, match="CLA9 is no longer in the indicator catalogue"):
        commit_upload(upload)
    assert not Figure.objects.exists()
