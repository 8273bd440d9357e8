"""Agent scores and their share of new leads, without the ORM (F24, F25).

A score is out of 100: each parameter the agent is judged on gets a share of the 100 in
proportion to its weight, and earns that share times how well the agent did on it (a ratio
between 0 and 1, from the normalisation the manager chose). Leads are then handed out by a
smooth weighted round-robin whose credits are kept between runs, so that over many leads
each agent's share follows their score, without chance and without starting over at each
run.
"""

import dataclasses

BEST = "best"  # against the best of the agent's team
TARGET = "target"  # against a target value
SCALE = "scale"  # on a fixed scale from a low to a high value
NORMALISATIONS = (BEST, TARGET, SCALE)


@dataclasses.dataclass(frozen=True)
class Parameter:
    """What a parameter needs for the maths."""

    id: int
    weight: float
    normalisation: str = BEST
    higher_is_better: bool = True
    target: float = 0.0
    scale_low: float = 0.0
    scale_high: float = 10.0


@dataclasses.dataclass(frozen=True)
class Part:
    """One parameter's part of an agent's score."""

    parameter_id: int
    value: float | None  # the figure or rating; None: nothing to judge (a criterion not rated)
    ratio: float  # 0 … 1, how well the agent did
    share: float  # 0 … 1, the parameter's weight over the weights of the agent's parameters
    points: float  # share × ratio × 100
    best: float | None = None  # the team's best, for "best" parameters


def _clamp(ratio):
    return min(max(ratio, 0.0), 1.0)


def normalise(parameter, value, best=None):
    """Ratio (0 … 1) of ``value`` for ``parameter``; ``best`` is the team's best value (the
    highest, or the lowest when lower is better) for BEST parameters."""
    if value is None:
        return 0.0
    if parameter.normalisation == BEST:
        if best is None:
            return 0.0
        if parameter.higher_is_better:
            return _clamp(value / best) if best > 0 else 0.0
        # Lower is better (overdue tasks): the team's lowest over the agent's value.
        return 1.0 if value <= max(best, 0) else _clamp(best / value)
    if parameter.normalisation == TARGET:
        target = parameter.target
        if parameter.higher_is_better:
            return _clamp(value / target) if target > 0 else 0.0
        return 1.0 if value <= target else _clamp(target / value) if target > 0 else 0.0
    if parameter.normalisation == SCALE:
        span = parameter.scale_high - parameter.scale_low
        if not span:
            return 0.0
        ratio = (value - parameter.scale_low) / span
        return _clamp(ratio if parameter.higher_is_better else 1 - ratio)
    raise ValueError(parameter.normalisation)


def team_bests(parameters_by_user, values, team_of):
    """{(parameter id, team): best value} among the agents of each team judged on the
    parameter; agents without a value (not rated) are left out."""
    bests = {}
    for user, parameters in parameters_by_user.items():
        for parameter in parameters:
            if parameter.normalisation != BEST:
                continue
            value = values.get(parameter.id, {}).get(user)
            if value is None:
                continue
            key = (parameter.id, team_of.get(user))
            best = bests.get(key)
            if best is None or (value > best if parameter.higher_is_better else value < best):
                bests[key] = value
    return bests


def score_agents(parameters_by_user, values, team_of):
    """{user: (score out of 100, [Part, …])}.

    ``parameters_by_user``: {user: [Parameter]} the parameters each agent is judged on;
    ``values``: {parameter id: {user: value}} (a missing user counts 0 for figures; manual
    criteria give None when not rated, which earns nothing); ``team_of``: {user: team}, the
    group whose best the BEST parameters compare with."""
    bests = team_bests(parameters_by_user, values, team_of)
    result = {}
    for user, parameters in parameters_by_user.items():
        total_weight = sum(p.weight for p in parameters if p.weight > 0)
        parts = []
        for parameter in parameters:
            value = values.get(parameter.id, {}).get(user)
            best = bests.get((parameter.id, team_of.get(user))) if parameter.normalisation == BEST else None
            ratio = normalise(parameter, value, best)
            share = parameter.weight / total_weight if total_weight and parameter.weight > 0 else 0.0
            parts.append(Part(parameter.id, value, ratio, share, 100.0 * share * ratio, best))
        result[user] = (sum(part.points for part in parts), parts)
    return result


def ranks(scores):
    """{key: rank} from {key: score}, highest first; equal scores share their rank
    (1, 2, 2, 4)."""
    ordered = sorted(scores.values(), reverse=True)
    first = {}
    for index, score in enumerate(ordered, 1):
        first.setdefault(score, index)
    return {key: first[score] for key, score in scores.items()}


def weights_from_scores(scores):
    """Weights of the round-robin: the scores; an agent scoring 0 gets nothing while others
    score more, and when nobody has a score yet (a new team), everyone gets an equal share."""
    if any(score > 0 for score in scores.values()):
        return {key: score for key, score in scores.items() if score > 0}
    return dict.fromkeys(scores, 1.0)


class WeightedRoundRobin:
    """Smooth weighted round-robin (the one of nginx) with its credits kept between runs.

    At each pick, every candidate's credit grows by its weight, the highest credit wins and
    pays the sum of the candidates' weights. Over ``n`` picks among the same candidates,
    each one's count stays within three of ``n × weight / total`` whatever the credits kept
    (tests/unit/test_agent_scoring.py), and the picks are spread
    (weights 5, 1, 1 give a a b a c a a, not a a a a a b c).

    ``weights``: {key: weight > 0} in the order ties are broken (first wins);
    ``credits``: {key: credit} kept from the previous run (missing: 0), limited to ±the
    total weight so that a long-gone agent coming back does not take a burst of leads.
    """

    def __init__(self, weights, credits=None):
        self.weights = {key: float(weight) for key, weight in weights.items() if weight > 0}
        self.order = {key: index for index, key in enumerate(self.weights)}
        limit = sum(self.weights.values())
        credits = credits or {}
        kept = {key: min(max(float(credits.get(key) or 0.0), -limit), limit) for key in self.weights}
        # Credits of one set of agents add up to zero; after someone left or came back they
        # are centred again, which keeps every share within a few picks of its weight.
        mean = sum(kept.values()) / len(kept) if kept else 0.0
        self.credits = {key: credit - mean for key, credit in kept.items()}

    def pick(self, candidates=None):
        """The key to give the next item to, among ``candidates`` (default: all); None
        when no candidate has a weight."""
        keys = [key for key in (self.weights if candidates is None else candidates) if key in self.weights]
        if not keys:
            return None
        total = 0.0
        for key in keys:
            self.credits[key] += self.weights[key]
            total += self.weights[key]
        chosen = max(keys, key=lambda key: (self.credits[key], -self.order[key]))
        self.credits[chosen] -= total
        return chosen
