"""QZ901–QZ903: problems with inline suppressions (reported by the engine, documented here)."""

from __future__ import annotations

from . import rule


@rule("QZ901", "unused-suppression", "warning")
def unused_suppression(ctx):
    """A suppression comment that suppressed nothing.

    ## What it does
    Reports a `<!-- qzcheck: ignore CODE reason -->` (or a disable…enable range) under which no
    finding of the named rules was raised.

    ## Why is this bad?
    A stale suppression hides the next real error on that line: the figure was corrected, or the
    comment moved away from the figure it was written for.

    ## Example
    <!-- qzcheck: ignore QZ101 quoted from the 2024 report -->
    衢州上市公司达到22家。

    ## Use instead
    衢州上市公司达到22家。 (the comment deleted)
    """
    return ()


@rule("QZ902", "suppression-without-reason", "warning")
def suppression_without_reason(ctx):
    """A suppression comment that gives no reason; it suppresses nothing.

    ## What it does
    Reports `<!-- qzcheck: ignore QZ101 -->` with no words after the codes.

    ## Why is this bad?
    The next editor cannot tell a deliberate exception from a silenced error.

    ## Example
    <!-- qzcheck: ignore QZ101 -->

    ## Use instead
    <!-- qzcheck: ignore QZ101 quoted from the 2024 annual report -->
    """
    return ()


@rule("QZ903", "suppression-unknown-code", "warning")
def suppression_unknown_code(ctx):
    """A suppression comment that names no rule, or a rule code that does not exist; it suppresses nothing.

    ## What it does
    Reports `<!-- qzcheck: ignore QZ109 reason -->` when no rule code starts with QZ109.

    ## Why is this bad?
    A typo in the code silences nothing while the writer believes the figure is covered.

    ## Example
    <!-- qzcheck: ignore QZ109 quoted from the report -->

    ## Use instead
    <!-- qzcheck: ignore QZ101 quoted from the report -->
    """
    return ()
