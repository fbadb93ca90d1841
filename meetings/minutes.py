"""Finding ACTION items and resolutions in minutes as clerks write them. Pure functions.

Recognised, in any case, at the start of a line or paragraph (after list bullets, numbering,
quote marks or bold markers):

- ``ACTION – text``, ``ACTION - text``, ``ACTION: text``, ``ACTION text``, ``Action point: text``
  (and ``Actions`` / ``Action points``); the text runs on over following lines until a blank
  line, a list item or another marker. A marker with nothing after it introduces a list: each
  item below it is one action.
- ``RESOLVED`` / ``RESOLVED that …`` / ``It was RESOLVED that …`` / ``Agreed: …`` likewise. A
  resolution that lists numbered parts (``i)``, ``(ii)``, ``a)``, ``1.``), on its own lines or
  inline, gives one resolution per part, each read with the words that introduce the list.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

BULLET = r"(?:[-*•+>]\s+|\d{1,2}[.)]\s+|\(?[ivx]{1,5}\)\s+|\(?[a-h]\)\s+)?"
EMPHASIS = r"(?:\*\*|__)?"
SEPARATOR = r"(?P<separator>\s*[–—:\-]\s*|\s+|$)"
ACTION_MARKER = re.compile(
    rf"^\s*{BULLET}{EMPHASIS}(?P<word>action\s+points?|actions?)\b{EMPHASIS}{SEPARATOR}"
    rf"{EMPHASIS}",
    re.IGNORECASE,
)
RESOLUTION_MARKER = re.compile(
    rf"^\s*{BULLET}{EMPHASIS}(?P<word>(?:it\s+was\s+)?(?:resolved|agreed))\b{EMPHASIS}"
    rf"{SEPARATOR}{EMPHASIS}",
    re.IGNORECASE,
)
LIST_ITEM = re.compile(r"^\s*(?:[-*•+]\s+|\(?(?:[ivx]{1,5}|[a-h]|\d{1,2})[.)]\s+)", re.IGNORECASE)
INLINE_PARTS = re.compile(r"\(\s*(?:[ivx]{1,5}|[a-h])\s*\)\s*|(?<=[\s;:])(?:[ivx]{1,5}|[a-h])\)\s+")
CODE = re.compile(r"(?<![A-Za-z0-9])([A-Z]{1,4}[0-9]{1,3})(?![A-Za-z0-9])")
# How alike (difflib's ratio, on normalised text) a line must be to a confirmed action's line to
# read as that line edited: a typo, a new owner's name or a new date leaves 0.8 or more. Lines
# naming other indicators are never paired, but two different actions in a council's stock
# wording ("Chair to write to the DfE ...", "... to the Home Office ...") can pass, so the clerk
# is always asked what a paired line is.
EDITED_AT = 0.8


@dataclass(frozen=True)
class Found:
    """An action or resolution found in the minutes, with the line it starts on (from 1)."""

    text: str
    line: int
    codes: tuple[str, ...] = ()


def find_actions(minutes, known_codes=()):
    return [
        Found(text, line, codes_in(text, known_codes))
        for text, line in _blocks(minutes or "", ACTION_MARKER)
    ]


def find_resolutions(minutes):
    found = []
    for text, line in _blocks(minutes or "", RESOLUTION_MARKER):
        found += [Found(part, line) for part in _split_parts(text)]
    return found


def codes_in(text, known_codes):
    """Catalogue codes mentioned in the text (CLA7, AD7, [F4], (CL6)), in order, once each."""
    known = set(known_codes)
    return tuple(dict.fromkeys(c for c in CODE.findall(text) if c in known))


def pair_edited(lines, confirmed, known_codes=()):
    """{line index: confirmed index} for lines that read as edited versions of confirmed lines
    naming the same indicators: the most alike pair first, each line and each confirmed line in
    one pair at most."""
    scored = sorted(
        ((_likeness(line, wording), i, j) for i, line in enumerate(lines)
         for j, wording in enumerate(confirmed)
         if set(codes_in(line, known_codes)) == set(codes_in(wording, known_codes))),
        key=lambda pair: (-pair[0], pair[1], pair[2]),
    )  # fmt: skip
    pairs = {}
    for likeness, i, j in scored:
        if likeness >= EDITED_AT and i not in pairs and j not in pairs.values():
            pairs[i] = j
    return pairs


def word_changes(before, after):
    """Each wording as runs of (words, changed): the words one has where the other has others
    or none, so a clerk can see what was corrected between a line and the line it replaced."""
    old, new = before.split(), after.split()
    was, now = [], []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        _add_run(was, old[i1:i2], tag != "equal")
        _add_run(now, new[j1:j2], tag != "equal")
    return was, now


def _add_run(runs, words, changed):
    if not words:
        return
    if runs and runs[-1][1] == changed:  # words added elsewhere split what reads as one run
        runs[-1] = (f"{runs[-1][0]} {' '.join(words)}", changed)
    else:
        runs.append((" ".join(words), changed))


def _likeness(a, b):
    matcher = SequenceMatcher(None, _normalised(a), _normalised(b), autojunk=False)
    # The cheap upper bounds first: most pairs are plainly different, and minutes can be long.
    if matcher.real_quick_ratio() < EDITED_AT or matcher.quick_ratio() < EDITED_AT:
        return 0.0
    return matcher.ratio()


def line_key(text):
    """What a line and its reading in a later version of the minutes share. A part of a
    numbered resolution loses its full stop, or gains or loses its "and", when a part is added
    after it or taken away."""
    return re.sub(r" (?:and|or)$", "", _normalised(text))


def _normalised(text):
    """Case, punctuation and spacing are not what makes two actions different."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def _blocks(minutes, marker):
    """(text, line) for each block introduced by the marker; list markers introduce several."""
    lines = minutes.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks, index = [], 0
    while index < len(lines):
        match = _marker(lines, index, marker)
        if not match:
            index += 1
            continue
        start, rest = index, _tidy(lines[index][match.end() :])
        index += 1
        if rest and not rest.endswith(":"):
            rest, index = _continue(lines, index, rest)
            blocks.append((rest, start + 1))
            continue
        items, index = _list_below(lines, index)
        lead = rest.rstrip(":").strip()
        if items:
            blocks.extend((f"{lead} {item}".strip(), start + 1) for item in items)
        elif lead:
            blocks.append((lead, start + 1))
    return blocks


def _marker(lines, index, marker):
    """A marker counts in capitals (ACTION, RESOLVED), before punctuation (Action: …), or,
    for resolutions and action points, where a paragraph starts; otherwise "Actions taken were
    noted" or a wrapped line beginning "agreed to…" would be mistaken for one."""
    match = marker.match(lines[index])
    if not match:
        return None
    word, separator = match.group("word"), match.group("separator").strip()
    paragraph_start = (
        index == 0 or not lines[index - 1].strip() or bool(LIST_ITEM.match(lines[index]))
    )
    if word.isupper() and not word.lower().startswith("actions "):
        return match
    if separator or "point" in word.lower():
        return match
    if paragraph_start and marker is RESOLUTION_MARKER:
        return match
    return None


def _continue(lines, index, text):
    """A block runs on over wrapped lines until a blank line, a list item or another marker."""
    while index < len(lines) and _is_continuation(lines[index]):
        text = f"{text} {_tidy(lines[index])}"
        index += 1
    return text, index


def _is_continuation(line):
    return bool(line.strip()) and not LIST_ITEM.match(line) and not _strong(line)


def _strong(line):
    """A line that starts a new action or resolution even without a blank line before it."""
    for marker in (ACTION_MARKER, RESOLUTION_MARKER):
        match = marker.match(line)
        word = match.group("word") if match else ""
        if match and (word.isupper() or match.group("separator").strip() or "oint" in word):
            return True
    return False


def _list_below(lines, index):
    """The list items under a marker line ending in ':' (blank lines before the list allowed)."""
    while index < len(lines) and not lines[index].strip():
        index += 1
    items = []
    while index < len(lines) and LIST_ITEM.match(lines[index]):
        item = _tidy(LIST_ITEM.sub("", lines[index], count=1))
        index += 1
        item, index = _continue(lines, index, item)
        items.append(re.sub(r"\s*;?\s*(?:and|or)$", "", item).strip(" ;,"))
    return items, index


def _split_parts(text):
    """ "That the Panel: (i) notes the report; (ii) asks for…" -> one text per numbered part."""
    if ")" not in text:
        return [text]
    pieces = [p.strip(" ;,") for p in INLINE_PARTS.split(text)]
    lead, parts = pieces[0], [p for p in pieces[1:] if p]
    # One part after a colon is still a part (the others were taken out); without the colon,
    # "(a)" may be part of the wording ("option (a) of the report").
    if len(parts) < 2 and not (parts and lead.endswith(":")):
        return [text]
    lead = lead.rstrip(":").strip()
    parts = [re.sub(r"\s*(?:;\s*)?(?:and|or)$", "", p).strip(" ;,") for p in parts]
    return [f"{lead} {p}".strip() if lead else p for p in parts]


def _tidy(text):
    text = re.sub(r"(\*\*|__)", "", text)
    return " ".join(text.split())
