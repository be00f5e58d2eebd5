"""Parsing rules as data: a rule is a name and a regex whose named groups become fields; a rule
set is a tuple of rules tried in order by :func:`first_match`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rule:
    """A named pattern. ``fields`` of a match are its named groups that matched. ``hint``, when
    given, is a cheap pattern that every text the rule matches also matches: a text without it
    is not searched with the (slower) rule."""

    name: str
    pattern: str
    flags: int = 0
    hint: str | None = None
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)
    hinted: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(self.pattern, self.flags))
        object.__setattr__(self, "hinted", re.compile(self.hint) if self.hint else None)

    def may_match(self, text: str) -> bool:
        """False when the rule cannot match ``text`` (its hint is not in it)."""
        return self.hinted is None or self.hinted.search(text) is not None


@dataclass(frozen=True)
class RuleMatch:
    """Which rule matched, its named groups (those that took part in the match), where the
    match stands and where each of those groups starts."""

    rule: str
    fields: dict[str, str]
    span: tuple[int, int]
    starts: dict[str, int] = field(default_factory=dict)


def first_match(rules: tuple[Rule, ...], text: str, *, whole: bool = False) -> RuleMatch | None:
    """The first rule of ``rules`` that matches ``text`` (anywhere, or the whole text)."""
    for rule in rules:
        if rule.hinted is not None and rule.hinted.search(text) is None:
            continue  # rule.may_match, inline: this loop runs for every line of a referat
        m = rule.regex.fullmatch(text) if whole else rule.regex.search(text)
        if m:
            return _rule_match(rule, m)
    return None


def all_matches(rules: tuple[Rule, ...], text: str) -> list[RuleMatch]:
    """Every match of every rule in ``text``, in rule order then position."""
    return [
        _rule_match(rule, m)
        for rule in rules
        if rule.may_match(text)
        for m in rule.regex.finditer(text)
    ]


def _rule_match(rule: Rule, m: re.Match[str]) -> RuleMatch:
    fields = {k: v for k, v in m.groupdict().items() if v is not None}
    return RuleMatch(rule.name, fields, m.span(), {k: m.start(k) for k in fields})
