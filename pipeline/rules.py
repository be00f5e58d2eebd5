"""Parsing rules as data: a rule is a name and a regex whose named groups become fields; a rule
set is a tuple of rules tried in order by :func:`first_match`."""

from __future__ import annotations

import re
from collections.abc import Callable
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


class RuleMatch:
    """Which rule matched, its named groups (those that took part in the match), where the
    match stands and where each of those groups starts. Read from the ``re`` match when asked
    (most matches are only tested, or asked for one group)."""

    __slots__ = ("_fields", "_match", "rule")

    def __init__(self, rule: str, match: re.Match[str]) -> None:
        self.rule = rule
        self._match = match
        self._fields: dict[str, str] | None = None

    @property
    def fields(self) -> dict[str, str]:
        if self._fields is None:
            groups = self._match.groupdict()
            self._fields = {k: v for k, v in groups.items() if v is not None}
        return self._fields

    @property
    def span(self) -> tuple[int, int]:
        return self._match.span()

    @property
    def starts(self) -> dict[str, int]:
        return {k: self._match.start(k) for k in self.fields}

    def __repr__(self) -> str:
        return f"RuleMatch({self.rule!r}, {self.fields!r}, {self.span!r})"


def first_match(rules: tuple[Rule, ...], text: str, *, whole: bool = False) -> RuleMatch | None:
    """The first rule of ``rules`` that matches ``text`` (anywhere, or the whole text)."""
    for rule in rules:
        if rule.hinted is not None and rule.hinted.search(text) is None:
            continue  # rule.may_match, inline: this loop runs for every line of a referat
        m = rule.regex.fullmatch(text) if whole else rule.regex.search(text)
        if m:
            return RuleMatch(rule.name, m)
    return None


def all_matches(rules: tuple[Rule, ...], text: str) -> list[RuleMatch]:
    """Every match of every rule in ``text``, in rule order then position."""
    return [
        RuleMatch(rule.name, m)
        for rule in rules
        if rule.may_match(text)
        for m in rule.regex.finditer(text)
    ]


def any_match(rules: tuple[Rule, ...]) -> Callable[[str], bool]:
    """A test of whether some rule of ``rules`` matches a text (``first_match(rules, text) is
    not None``) in as few searches as it can: the rules without a hint that can match only at
    the text's start are tried together, as one alternation matched there (``re`` tries it at
    the one position, where it would try each rule's search one by one); the others as
    :func:`first_match` tries them."""
    together = tuple(r for r in rules if r.hint is None and _anchored(r) and _scopable(r))
    try:
        joined = re.compile("|".join(map(_scoped, together))) if len(together) > 1 else None
    except re.error:  # two rules naming one group, a flag inside a pattern: tried one by one
        joined = None
    alone = tuple(r for r in rules if joined is None or r not in together)

    def matches(text: str) -> bool:
        if joined is not None and joined.match(text) is not None:
            return True
        return first_match(alone, text) is not None

    return matches


def _anchored(rule: Rule) -> bool:
    """Whether ``rule`` can match only at the start of a text: its pattern begins with ``^``
    outside any alternation (not in MULTILINE mode, where ``^`` starts every line)."""
    parsed = re._parser.parse(rule.pattern, rule.flags)  # the parser ``re.compile`` uses
    first = parsed.data[0] if parsed.data else None
    starts = first == (re._constants.AT, re._constants.AT_BEGINNING)
    return starts and not parsed.state.flags & re.MULTILINE


_FLAG_LETTERS = ((re.IGNORECASE, "i"), (re.DOTALL, "s"), (re.VERBOSE, "x"))


def _scopable(rule: Rule) -> bool:
    return rule.flags & ~(re.IGNORECASE | re.DOTALL | re.VERBOSE) == 0


def _scoped(rule: Rule) -> str:
    """``rule``'s pattern as a group keeping its flags to itself."""
    letters = "".join(letter for flag, letter in _FLAG_LETTERS if rule.flags & flag)
    return f"(?{letters}:{rule.pattern})" if letters else f"(?:{rule.pattern})"
