"""The 5-field cron parser: what it accepts, what each field matches, and why it refuses."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speclint import cron

FIELDS = "(minute hour day-of-month month day-of-week)"


@pytest.mark.parametrize(
    "expression",
    [
        "0 0 * * *",
        "*/15 * * * *",
        "30 6 * * MON-FRI",
        "*/20 8-20/2 * jan-mar,OCT Mon-sat",
        "0 0 1 1 *",
        "0 12 * * 7",
        "5/15 * * * *",
        "0 0 * * 1-5/2",
        "  0\t4 * * 1  ",
        "0 0 31 12 SUN",
    ],
)
def test_valid_expressions(expression: str) -> None:
    assert cron.problem(expression) is None


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("0 25 * * *", 'cron "0 25 * * *": hour "25" is out of range 0-23'),
        ("0 0 * *", f'cron "0 0 * *" has 4 fields; expected 5 {FIELDS}'),
        ("0 0 0 * * *", f'cron "0 0 0 * * *" has 6 fields; expected 5 {FIELDS}'),
        ("", f'cron "" is empty; expected 5 fields {FIELDS}'),
        (
            "@daily",
            'cron "@daily" is a shorthand; expected a 5-field expression such as '
            f'"0 0 * * *" {FIELDS}',
        ),
        ("60 * * * *", 'cron "60 * * * *": minute "60" is out of range 0-59'),
        ("0 0 0 * *", 'cron "0 0 0 * *": day-of-month "0" is out of range 1-31'),
        ("0 0 * 13 *", 'cron "0 0 * 13 *": month "13" is out of range 1-12'),
        ("0 0 * * 8", 'cron "0 0 * * 8": day-of-week "8" is out of range 0-7'),
        (
            "0 0 * JANUARY *",
            'cron "0 0 * JANUARY *": month "JANUARY" is not a number or a name; '
            "expected 1-12 or JAN-DEC",
        ),
        (
            "MON * * * *",
            'cron "MON * * * *": minute "MON" is not a number; expected 0-59',
        ),
        (
            "0 0 ? * *",
            'cron "0 0 ? * *": day-of-month "?" is not a number; expected 1-31; '
            'use "*" for any day',
        ),
        (
            "*/0 * * * *",
            'cron "*/0 * * * *": minute "*/0" has a step of 0; expected 1 or more',
        ),
        (
            "*/x * * * *",
            'cron "*/x * * * *": minute "*/x" has a step that is not a whole number',
        ),
        ("1,,2 * * * *", 'cron "1,,2 * * * *": minute "1,,2" has an empty list item'),
        (
            "0 22-2 * * *",
            'cron "0 22-2 * * *": hour "22-2" is a range that ends before it starts; '
            'a range cannot wrap around: write "22-23,0-2"',
        ),
        (
            "0 0 * * SAT-SUN",
            'cron "0 0 * * SAT-SUN": day-of-week "SAT-SUN" is a range that ends '
            'before it starts; a range cannot wrap around: write "6-7"',
        ),
        ("-1 * * * *", 'cron "-1 * * * *": minute "-1" is not a number; expected 0-59'),
    ],
)
def test_problems_name_the_field_and_the_reason(expression: str, message: str) -> None:
    assert cron.problem(expression) == message


def test_parse_gives_the_values_each_field_matches() -> None:
    minute, hour, day, month, weekday = cron.parse("*/20 9-17/4 1,15 nov-DEC 5-7")
    assert minute == {0, 20, 40}
    assert hour == {9, 13, 17}
    assert day == {1, 15}
    assert month == {11, 12}
    assert weekday == {5, 6, 0}  # 7 is Sunday, like 0


@given(st.text(alphabet="0123456789*/,- ?LW#@abcJANMONsunx\t", max_size=40))
def test_any_text_is_parsed_or_refused_with_a_reason(text: str) -> None:
    try:
        schedule = cron.parse(text)
    except cron.CronError as error:
        message = str(error)
        assert message.startswith("cron ") and "\n" not in message
    else:
        assert len(schedule) == 5
        for spec, values in zip(cron.FIELDS, schedule, strict=True):
            assert values and all(spec.low <= v <= spec.high for v in values)
