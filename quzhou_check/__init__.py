"""qzcheck: a fact checker for Chinese news copy.

The pipeline, one module a stage: ``reader`` (bytes to text, positions) -> ``normalize`` (full-width,
traditional to simplified) -> ``extract`` (numeric claims) -> ``match`` (claims to facts) -> ``rules``
(findings) -> ``report`` (text, JSON…). ``check_text`` and ``extract_claims`` are the library API.
"""

__version__ = "0.1.0"

from .engine import Checker, check_text, extract_claims  # noqa: E402

__all__ = ["Checker", "check_text", "extract_claims", "__version__"]
