"""The validate stage: Great Expectations suites (``expectations.py``, with the suites kept as
JSON in ``expectations/``) and cross-table checks, each giving
:class:`pipeline.models.ValidationResultRow` rows.
"""

from pipeline.validate.deferred import defer

defer()  # before Great Expectations is first imported (see pipeline.validate.deferred)
