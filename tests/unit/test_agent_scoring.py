"""Scores and the weighted round-robin of crm_agent_scoring/lib/scoring.py (F24, F25)."""

import random

import pytest

from odoo.addons.crm_agent_scoring.lib.scoring import (
    BEST,
    SCALE,
    TARGET,
    Parameter,
    WeightedRoundRobin,
    normalise,
    ranks,
    score_agents,
    weights_from_scores,
)


def test_normalise_each_way():
    calls = Parameter(1, 1, BEST)
    assert normalise(calls, 30, best=40) == 0.75
    assert normalise(calls, 0, best=0) == 0.0  # nobody did any: nobody earns it
    overdue = Parameter(2, 1, BEST, higher_is_better=False)
    assert normalise(overdue, 4, best=2) == 0.5
    assert normalise(overdue, 0, best=0) == 1.0
    assert normalise(overdue, 3, best=0) == 0.0
    minutes = Parameter(3, 1, TARGET, target=600)
    assert normalise(minutes, 300) == 0.5
    assert normalise(minutes, 900) == 1.0  # above the target earns the whole part, no more
    late = Parameter(4, 1, TARGET, higher_is_better=False, target=2)
    assert (normalise(late, 1), normalise(late, 4)) == (1.0, 0.5)
    behaviour = Parameter(5, 1, SCALE, scale_low=2, scale_high=10)
    assert (normalise(behaviour, 6), normalise(behaviour, 1), normalise(behaviour, 12)) == (0.5, 0.0, 1.0)
    assert normalise(Parameter(6, 1, SCALE, higher_is_better=False, scale_low=0, scale_high=10), 2) == 0.8
    assert normalise(behaviour, None) == 0.0  # not rated


def test_score_parts_by_weight_and_team_best():
    calls = Parameter(1, 3, BEST)
    minutes = Parameter(2, 1, TARGET, target=100)
    judged = {10: [calls, minutes], 11: [calls, minutes], 20: [calls]}
    values = {1: {10: 40, 11: 10, 20: 5}, 2: {10: 50, 11: 100}}
    result = score_agents(judged, values, {10: "a", 11: "a", 20: "b"})
    total, parts = result[10]
    assert [(p.share, p.ratio, p.points) for p in parts] == [(0.75, 1.0, 75.0), (0.25, 0.5, 12.5)]
    assert total == 87.5
    assert result[11][0] == pytest.approx(75 * 10 / 40 + 25)
    # Team B's best is its only agent's 5 calls: the whole 100.
    assert result[20][0] == 100.0
    assert result[20][1][0].best == 5


def test_ranks_share_ties():
    assert ranks({"a": 50, "b": 80, "c": 50, "d": 10}) == {"b": 1, "a": 2, "c": 2, "d": 4}


def test_weights_zero_scores():
    assert weights_from_scores({1: 80, 2: 0, 3: 20}) == {1: 80, 3: 20}
    assert weights_from_scores({1: 0, 2: 0}) == {1: 1.0, 2: 1.0}  # nobody scored yet: even


def test_round_robin_spreads_picks():
    robin = WeightedRoundRobin({"a": 5, "b": 1, "c": 1})
    assert "".join(robin.pick() for _ in range(7)) == "aabacaa"


def test_round_robin_ties_in_given_order():
    robin = WeightedRoundRobin({"x": 1, "y": 1, "z": 1})
    assert [robin.pick() for _ in range(6)] == ["x", "y", "z", "x", "y", "z"]


def test_round_robin_shares_follow_weights():
    """Property: over any number of picks, each key's count stays within 3 of its weighted
    share, whatever the weights and the credits kept from an earlier run (300 random cases)."""
    for seed in range(300):
        rng = random.Random(seed)
        keys = range(rng.randint(1, 15))
        weights = {key: rng.choice([rng.uniform(0.5, 100), float(rng.randint(1, 5))]) for key in keys}
        credits = {key: rng.uniform(-200, 200) for key in keys}
        robin = WeightedRoundRobin(weights, credits)
        counts = dict.fromkeys(keys, 0)
        total = sum(weights.values())
        for picks in range(1, rng.randint(50, 1000)):
            counts[robin.pick()] += 1
            worst = max(abs(counts[key] - picks * weights[key] / total) for key in keys)
            assert worst <= 3, f"seed {seed}, after {picks} picks: {counts} for {weights}"


def test_round_robin_memory_between_runs():
    """Two runs with the credits carried over pick exactly as one long run."""
    weights = {"a": 3, "b": 2, "c": 1}
    one = WeightedRoundRobin(weights)
    long_run = [one.pick() for _ in range(12)]
    first = WeightedRoundRobin(weights)
    picks = [first.pick() for _ in range(5)]
    second = WeightedRoundRobin(weights, first.credits)
    assert picks + [second.pick() for _ in range(7)] == long_run


def test_round_robin_candidates_and_nobody():
    robin = WeightedRoundRobin({"a": 10, "b": 1, "zero": 0})
    assert robin.pick(["b"]) == "b"  # a lead only b's domain matches
    assert robin.pick(["zero"]) is None  # a weight of 0 never gets any
    assert robin.pick([]) is None
