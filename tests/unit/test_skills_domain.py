"""Skills in the domain: the gate (DOMAIN rule 1), fragility, suggestions from evidence."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atelier import jsonable
from atelier.domain.catalogue import DEFAULT_EVIDENCE, EvidenceRule
from atelier.domain.errors import InvalidInput, RuleViolation
from atelier.domain.skills import (
    MatrixRow,
    SkillEvidence,
    WorkTally,
    build_matrix,
    check_gate,
    check_gates,
    check_level,
    clean_evidence,
    rule_met,
    suggest_level,
)

# --- the gate -------------------------------------------------------------------------

# (required, held, supervisor) -> True: supervised, False: autonomous, None: refused.
GATE_TABLE = [
    (2, 4, None, False),
    (2, 3, None, False),
    (2, 2, None, False),      # level L: allowed alone
    (2, 2, "Claire", False),  # a supervisor named at level L is not "learning"
    (2, 1, "Claire", True),   # L-1 with a named supervisor: learning under supervision
    (2, 1, None, None),       # L-1 alone: refused
    (2, 1, "", None),         # an empty name is no supervisor
    (2, 0, "Claire", None),   # L-2: refused even supervised
    (2, 0, None, None),
    (3, 1, "Claire", None),
    (4, 3, "Claire", True),
    (4, 2, "Claire", None),
    (1, 0, "Claire", True),   # never assessed: discovering under supervision
    (1, 0, None, None),
    (0, 0, None, False),      # an operation needing level 0 is open to everyone
]


@pytest.mark.parametrize(("required", "held", "supervisor", "expected"), GATE_TABLE)
def test_the_gate_table(required: int, held: int, supervisor: str | None,
                        expected: bool | None) -> None:
    if expected is None:
        with pytest.raises(RuleViolation) as err:
            check_gate("T-0042", "film_apply", required, held, supervisor)
        assert err.value.code == "skill_gate"
        assert err.value.kind == "rule"
        assert err.value.params == {"trainee": "T-0042", "skill": "film_apply",
                                    "required": required, "held": held}
    else:
        assert check_gate("T-0042", "film_apply", required, held, supervisor) is expected


def test_the_refusal_names_trainee_skill_required_and_held() -> None:
    with pytest.raises(RuleViolation) as err:
        check_gate("T-0042", "film_apply", 3, 1, "Claire")
    message = str(err.value)
    for part in ("T-0042", "film_apply", "level 3", "level 1"):
        assert part in message
    assert "refused even under supervision" in message
    with pytest.raises(RuleViolation) as err:
        check_gate("T-0042", "film_apply", 3, 2, None)
    assert "needs a named supervisor" in str(err.value)


def test_a_batch_is_gated_at_the_highest_level_it_needs_per_skill() -> None:
    levels = {"cleaning": 1, "film_apply": 3}
    # cleaning needed at 1 and 2 in the same batch: held 1 is L-1 of 2, so supervised.
    needs = [("cleaning", 1), ("cleaning", 2), ("film_apply", 2)]
    assert check_gates("T-0001", needs, levels, "Claire") == ("cleaning",)
    with pytest.raises(RuleViolation) as err:
        check_gates("T-0001", needs, levels, None)
    assert err.value.params["required"] == 2 and err.value.params["skill"] == "cleaning"
    assert check_gates("T-0001", [("film_apply", 3)], levels, None) == ()
    with pytest.raises(RuleViolation) as err:  # a skill never assessed is held at 0
        check_gates("T-0001", [("sewing", 2)], levels, "Claire")
    assert err.value.params["held"] == 0


@given(required=st.integers(0, 4), held=st.integers(0, 4),
       supervisor=st.sampled_from([None, "Claire"]))
def test_the_gate_allows_exactly_level_or_one_below_supervised(
        required: int, held: int, supervisor: str | None) -> None:
    allowed = held >= required or (held == required - 1 and supervisor is not None)
    try:
        supervised = check_gate("T-0001", "s", required, held, supervisor)
    except RuleViolation:
        assert not allowed
        assert held <= required - 1
    else:
        assert allowed
        assert supervised == (held < required)


# --- levels and notes ---------------------------------------------------------------


@pytest.mark.parametrize("level", [0, 1, 4])
def test_levels_of_the_scale_are_accepted(level: int) -> None:
    assert check_level(level) == level


@pytest.mark.parametrize("level", [-1, 5, True, 2.0, "3"])
def test_levels_off_the_scale_are_refused(level: object) -> None:
    with pytest.raises(InvalidInput) as err:
        check_level(level)  # type: ignore[arg-type]
    assert err.value.code == "level_invalid"


def test_a_target_starts_at_level_1() -> None:
    with pytest.raises(InvalidInput):
        check_level(0, lowest=1)


def test_evidence_notes_are_trimmed_and_bounded() -> None:
    assert clean_evidence("  20 couvrages sans défaut ") == "20 couvrages sans défaut"
    assert clean_evidence("   ") is None
    assert clean_evidence(None) is None
    with pytest.raises(InvalidInput) as err:
        clean_evidence("x" * 2001)
    assert err.value.code == "evidence_too_long"


# --- the matrix ---------------------------------------------------------------------------


def test_a_skill_held_at_3_by_fewer_than_two_people_is_fragile() -> None:
    rows = [
        MatrixRow("T-0002", "P2", {"cleaning": 3, "film_apply": 4, "sewing": 2}),
        MatrixRow("T-0001", "P1", {"cleaning": 4, "sewing": 2}),
        MatrixRow("T-0003", None, {"film_apply": 2, "sewing": 2}),
    ]
    matrix = build_matrix(["cleaning", "film_apply", "sewing", "casing"], rows)
    # cleaning: two holders; film_apply: one (the other is at 2); sewing: nobody at 3;
    # casing: nobody at all.
    assert matrix.fragile == ("film_apply", "sewing", "casing")
    assert matrix.holders["cleaning"] == ("T-0001", "T-0002")
    assert [r.trainee for r in matrix.rows] == ["T-0001", "T-0002", "T-0003"]
    data = jsonable(matrix)
    assert data["rows"][2]["levels"] == {"cleaning": 0, "film_apply": 2, "sewing": 2,
                                         "casing": 0}
    assert data["holders"]["film_apply"] == ["T-0002"]


def test_an_empty_workshop_is_fragile_everywhere() -> None:
    assert build_matrix(["a", "b"], []).fragile == ("a", "b")


# --- evidence and suggestions --------------------------------------------------------------


NO_WORK = WorkTally()


def _evidence(level: int, supervised: WorkTally = NO_WORK,
              autonomous: WorkTally = NO_WORK) -> SkillEvidence:
    return SkillEvidence(trainee="T-0001", skill="film_apply", supervised_work=supervised,
                         autonomous_work=autonomous, last_practised=dt.date(2026, 3, 2),
                         level=level)


def test_tallies_add_up_and_give_an_exact_pass_rate() -> None:
    total = WorkTally(10, 8, 2) + WorkTally(5, 1, 0)
    assert total == WorkTally(15, 9, 2)
    assert WorkTally(3).pass_rate is None
    ev = _evidence(1, WorkTally(10, 8, 2), WorkTally(5, 1, 0))
    assert (ev.items, ev.checks_passed, ev.checks_failed) == (15, 9, 2)
    assert ev.pass_rate == pytest.approx(9 / 11)
    assert jsonable(ev)["pass_rate"] == round(9 / 11, 4)
    assert jsonable(ev)["supervised"] == 10 and jsonable(ev)["autonomous"] == 5


def test_ten_supervised_items_at_80_percent_suggest_level_2() -> None:
    ev = _evidence(1, supervised=WorkTally(10, 8, 2))
    assert suggest_level(ev, DEFAULT_EVIDENCE) == 2
    assert suggest_level(_evidence(1, supervised=WorkTally(9, 8, 2)), DEFAULT_EVIDENCE) is None
    assert suggest_level(_evidence(1, supervised=WorkTally(10, 7, 3)), DEFAULT_EVIDENCE) is None


def test_level_3_needs_autonomous_work_only() -> None:
    # 100 items, all passed, but only 29 done without a supervisor: level 2 at most.
    ev = _evidence(1, supervised=WorkTally(71, 71, 0), autonomous=WorkTally(29, 29, 0))
    assert suggest_level(ev, DEFAULT_EVIDENCE) == 2
    ev = _evidence(2, supervised=WorkTally(71, 0, 50), autonomous=WorkTally(30, 19, 1))
    assert suggest_level(ev, DEFAULT_EVIDENCE) == 3  # 19/20 = 95 % exactly, supervised aside


def test_the_pass_rate_threshold_is_exact() -> None:
    rule = EvidenceRule(level=3, min_items=1, min_pass_rate=0.95, autonomous_only=True)
    assert rule_met(rule, WorkTally(), WorkTally(20, 19, 1))
    assert not rule_met(rule, WorkTally(), WorkTally(2000, 1899, 101))  # 94.95 %


def test_unchecked_work_shows_no_pass_rate_and_supports_no_rate_rule() -> None:
    ev = _evidence(0, autonomous=WorkTally(500, 0, 0))
    assert ev.pass_rate is None
    assert suggest_level(ev, DEFAULT_EVIDENCE) is None
    volume_only = (EvidenceRule(level=1, min_items=5, min_pass_rate=0.0),)
    assert suggest_level(ev, volume_only) == 1


def test_only_a_level_above_the_current_one_is_suggested() -> None:
    strong = WorkTally(150, 150, 0)
    assert suggest_level(_evidence(0, autonomous=strong), DEFAULT_EVIDENCE) == 4
    assert suggest_level(_evidence(4, autonomous=strong), DEFAULT_EVIDENCE) is None
    assert suggest_level(_evidence(1, autonomous=WorkTally(40, 40, 0)), DEFAULT_EVIDENCE) == 3
    assert suggest_level(_evidence(3, autonomous=WorkTally(40, 40, 0)), DEFAULT_EVIDENCE) is None
    assert suggest_level(_evidence(1, autonomous=strong), ()) is None
