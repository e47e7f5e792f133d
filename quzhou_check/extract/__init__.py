"""Extract numeric claims from a normalised document.

Numbers are found by regular expressions on the normalised text (never from jieba tokens: jieba
splits full-width digits and glues scale to unit); jieba is run only on the sentences that hold a
candidate figure, to name the metric and to find unknown places. For each figure the extractor decides:

- value, scale and unit (``2.58万标箱`` → 2.58, 万, 标箱), and the qualifier around it (超, 近, 多, 左右…);
- whether it is a statistic at all: dates, meeting numbers (八届六次), codes in quotes (“5020”), names
  (十个“桥头堡”, 5A级, PM2.5) and counts of indicators in a ranking statement are not;
- its shape (from / to / change / avg_growth / share / rank / new / value);
- period (the nearest time expression before it in the sentence), entity (the place its clause names,
  else the sentence's, the paragraph's, the article's, else the fact base's home), and kind.

The package's modules name the questions asked of a figure:

- ``sentence``: the sentence read, with its text, tokens, times, mentions and figures;
- ``numbers``: finding the figures and deciding which are statistics;
- ``shapes``: from/to, change, share, rank, and the lists 分别 pairs figures with;
- ``when``: period and kind;
- ``where``: entity and subjects that are not places;
- ``metric``: the metric words;
- ``extractor``: the orchestration, sentence by sentence.
"""

from .extractor import Extractor
from .numbers import MAX_MAGNITUDE, NUM_RE

__all__ = ["Extractor", "MAX_MAGNITUDE", "NUM_RE"]
