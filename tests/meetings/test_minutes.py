from meetings.minutes import codes_in, find_actions, find_resolutions, pair_edited, word_changes

CODES = {"CLA7", "CLA8", "CLA9", "CLA14", "AD7", "F4", "CL6", "H2"}

MINUTES = """\
5. PERFORMANCE SCORECARD

The Head of Service presented the scorecard for March. Members asked why adolescents entering
care had risen, and agreed to return to it in the autumn.

ACTION – An update on the timeliness of care and pathway plans to come to the next meeting.

ACTION: Officers to explain the movement in CLA7 and CLA8 during March.

Action point: the Head of Fostering to report on visits to foster carers (F4) and the
recruitment campaign [AD7 is unaffected].

RESOLVED: That the report be noted.
"""


def texts(found):
    return [f.text for f in found]


def test_each_action_line_becomes_one_action_in_order():
    assert texts(find_actions(MINUTES, CODES)) == [
        "An update on the timeliness of care and pathway plans to come to the next meeting.",
        "Officers to explain the movement in CLA7 and CLA8 during March.",
        "the Head of Fostering to report on visits to foster carers (F4) and the recruitment "
        "campaign [AD7 is unaffected].",
    ]


def test_codes_are_linked_including_those_inside_brackets():
    actions = find_actions(MINUTES, CODES)
    assert [a.codes for a in actions] == [(), ("CLA7", "CLA8"), ("F4", "AD7")]


def test_actions_remember_the_line_they_start_on():
    assert [a.line for a in find_actions(MINUTES, CODES)] == [6, 8, 10]


def test_minutes_without_actions_give_none_even_when_the_word_appears_in_prose():
    prose = (
        "Members noted the actions taken by the service.\n\n"
        "Actions taken since the last meeting were reported.\n"
        "The transaction log was reviewed and the Panel\nagreed that it was satisfied.\n"
    )
    assert find_actions(prose, CODES) == []
    assert find_resolutions(prose) == []


def test_an_action_may_span_two_lines():
    minutes = (
        "ACTION: The Head of Service to provide a breakdown of\n"
        "placement moves (CLA14) by age band.\n"
    )
    [action] = find_actions(minutes, CODES)
    assert (
        action.text
        == "The Head of Service to provide a breakdown of placement moves (CLA14) by age band."
    )
    assert action.codes == ("CLA14",)


def test_markers_in_any_case_with_any_separator():
    minutes = "action - one\nAction: two\nACTION three\naction – four\nAction Point 5: five\n"
    assert texts(find_actions(minutes, CODES)) == ["one", "two", "three", "four", "5: five"]


def test_a_bare_actions_heading_introduces_a_list_of_actions():
    minutes = "Actions:\n- Officers to review CL6 by team\n- Clerk to circulate the H2 report\n"
    actions = find_actions(minutes, CODES)
    assert texts(actions) == ["Officers to review CL6 by team", "Clerk to circulate the H2 report"]
    assert [a.codes for a in actions] == [("CL6",), ("H2",)]


def test_bold_and_bulleted_markers_are_recognised():
    minutes = "- **ACTION:** Officers to circulate the CLA9 team breakdown.\n"
    assert texts(find_actions(minutes, CODES)) == ["Officers to circulate the CLA9 team breakdown."]


def test_resolved_and_agreed_lines_become_resolutions():
    minutes = "RESOLVED: That the report be noted.\n\nAgreed: that the work plan be approved.\n"
    assert texts(find_resolutions(minutes)) == [
        "That the report be noted.",
        "that the work plan be approved.",
    ]


def test_numbered_resolutions_on_their_own_lines_give_one_resolution_each():
    minutes = (
        "RESOLVED – That:\ni) the report be noted;\n"
        "ii) an update on CL6 come to the next meeting; and\niii) the Panel thanks the team.\n"
    )
    assert texts(find_resolutions(minutes)) == [
        "That the report be noted",
        "That an update on CL6 come to the next meeting",
        "That the Panel thanks the team.",
    ]


def test_numbered_resolutions_inline_give_one_resolution_each():
    minutes = (
        "It was RESOLVED that the Panel: (i) notes the report; (ii) asks for a review of CLA9.\n"
    )
    assert texts(find_resolutions(minutes)) == [
        "that the Panel notes the report",
        "that the Panel asks for a review of CLA9.",
    ]


def test_an_action_runs_until_a_blank_line_or_the_next_marker():
    minutes = "ACTION: first part\ncontinues here\nACTION: second\n\nNot part of it.\n"
    assert texts(find_actions(minutes, CODES)) == ["first part continues here", "second"]


def test_unknown_codes_are_not_linked():
    assert codes_in("See CLA7, XYZ12 and cla8 (CLA9).", CODES) == ("CLA7", "CLA9")


def test_windows_line_endings_and_empty_minutes():
    assert texts(find_actions("ACTION: one\r\nmore\r\n", CODES)) == ["one more"]
    assert find_actions("", CODES) == [] and find_resolutions(None) == []


# Lines edited since their actions were confirmed --------------------------------------------


def test_a_corrected_typo_owner_or_date_reads_as_the_confirmed_line_edited():
    confirmed = ["Jane Smith to report on health assessments (H2) by 31 January."]
    for edited in (
        "Jane Smith to report on health assesments (H2) by 31 January.",
        "John Brown to report on health assessments (H2) by 31 January.",
        "Jane Smith to report on health assessments (H2) by 28 February.",
        "jane smith to report on health assessments, H2, by 31 January",
    ):
        assert pair_edited([edited], confirmed) == {0: 0}, edited


def test_different_actions_in_the_same_stock_wording_are_not_paired():
    confirmed = ["Officers to circulate the sufficiency strategy to members."]
    lines = [
        "Officers to circulate the health assessment audit to members.",
        "Officers to report on placement stability (CLA4) to the next meeting.",
        "The Designated Nurse to report on health assessments (H2).",
    ]
    assert pair_edited(lines, confirmed) == {}


def test_near_identical_confirmed_lines_pair_with_distinct_lines_most_alike_first():
    confirmed = ["Officers to review CLA7 by March.", "Officers to review CLA8 by March."]
    lines = ["Officers to review CLA8 by April.", "Officers to review CLA7 by April."]
    assert pair_edited(lines, confirmed) == {0: 1, 1: 0}


def test_a_confirmed_line_pairs_with_one_line_at_most():
    confirmed = ["Officers to review CLA7 by March."]
    lines = ["Officers to review CLA7 by April.", "Officers to review CLA7 by March 2025."]
    assert pair_edited(lines, confirmed) == {1: 0}


def test_word_changes_mark_the_words_each_wording_has_that_the_other_has_not():
    was, now = word_changes(
        "Jane Smith to report on health assessments by March.",
        "John Smith to report on health assessments by April.",
    )
    assert was == [("Jane", True), ("Smith to report on health assessments by", False),
                   ("March.", True)]  # fmt: skip
    assert now == [("John", True), ("Smith to report on health assessments by", False),
                   ("April.", True)]  # fmt: skip


def test_word_changes_of_words_added_leave_the_first_wording_unmarked():
    was, now = word_changes(
        "Officers to report to the panel", "Officers to report in writing to the panel"
    )
    assert was == [("Officers to report to the panel", False)]
    assert now == [("Officers to report", False), ("in writing", True), ("to the panel", False)]
