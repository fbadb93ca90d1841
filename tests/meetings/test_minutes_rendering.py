"""A table in the minutes scrolls sideways in its own box, named and reachable by keyboard."""

from meetings.rendering import render_minutes

TABLE = "| Team | Visits on time |\n|---|---|\n| Eastfield | 91% |\n"


def test_a_table_in_the_minutes_sits_in_a_named_box_the_keyboard_can_reach():
    html = render_minutes(f"Visits were discussed.\n\n{TABLE}", "the minutes of item 4")
    assert (
        '<div class="table-wide" tabindex="0" role="region" '
        'aria-label="Table 1 in the minutes of item 4"><table class="table">'
    ) in html
    assert html.rstrip().endswith("</table></div>")


def test_each_table_in_the_minutes_has_a_name_of_its_own():
    html = render_minutes(f"{TABLE}\nThen:\n\n{TABLE}", "the minutes of item 2")
    assert "Table 1 in the minutes of item 2" in html and "Table 2 in the minutes of item 2" in html


def test_a_pasted_table_gets_the_box_but_keeps_none_of_its_own_attributes():
    html = render_minutes(
        '<table onclick="alert(1)" style="width:9000px"><tr><td>x</td></tr></table>'
    )
    assert 'role="region"' in html and "onclick" not in html and "9000px" not in html
