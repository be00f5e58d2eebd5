"""The validate stage: Great Expectations suites (``expectations.py``, with the suites kept as
JSON in ``expectations/``) and cross-table checks, each giving
:class:`pipeline.models.ValidationResultRow` rows.
"""

from pipeline.lazy import defer

UNUSED_BY_THE_SUITES = ("scipy.stats", "altair")
"""Modules Great Expectations imports as it starts, for one expectation
(``expect_column_kl_divergence_to_be_less_than``: its divergence and its chart) that the suites
do not have: about 0.6 s of the 1.8 s that importing the suites takes (in the validation
process, while the workers read the referater on the same cores) and 70 MB. They are
deferred (``pipeline.lazy.defer``) before GX is first imported: a suite that does use them
still works, only later. ``scipy.stats`` brings ``scipy.spatial`` and ``scipy.optimize``;
``altair`` brings ``jsonschema`` and ``narwhals``."""

defer(UNUSED_BY_THE_SUITES)
