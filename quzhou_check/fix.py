"""``--fix``: rewrite wrong figures in place, for QZ100 and QZ102 findings with one unambiguous fact.

The figure is rewritten in the article's own script (億/萬 stay traditional), digit width (３１９９
stays full-width) and encoding (GB18030, Big5, UTF-8 with or without BOM, CRLF kept). A file is
written only when every QZ100/QZ102 finding in it can be fixed; otherwise it is left untouched and
the reason is said.

What changes is the figure's bytes, or nothing (issue 16). A file named twice, under a hard link or
through a symbolic link is fixed once, in its target, the link kept. The fixed bytes are the file's
own bytes with only the edited spans re-encoded, and each kept stretch is checked to encode back to
exactly the bytes it came from (so UTF-16-BE stays BE, a BOM stays, and a Big5 pair that decodes to a
character encoded otherwise makes the file refused, not rewritten). An edit replaces exactly its
claim's span, and only when that span, invisible characters aside, is the figure read, with no digit
running on past it. Only a finite value is written. The file is read again right before it is
replaced: if it is no longer the bytes that were checked it is left alone. Writing is atomic (a
temporary file in the same folder with the file's owner, group, mode and extended attributes, synced,
then renamed over it); a file with several hard links is rewritten in place from its first changed
byte, so the links stay one file. A read-only file is refused.
"""

from __future__ import annotations

import codecs
import difflib
import errno
import math
import os
import stat
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Optional

from .errors import InputError
from .factbase import Fact, FactBase
from .models import FileResult, Finding, Report
from .reader import decode

FIXABLE = ("QZ100", "QZ102")
_CODECS = {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "gb18030": "gb18030", "big5": "cp950", "utf-16": "utf-16"}
_FULL = str.maketrans("0123456789.", "０１２３４５６７８９．")
_TRAD_SCALE = {"万": "萬", "亿": "億"}


@dataclass
class Edit:
    start: int
    end: int
    new: str
    finding: Finding


@dataclass
class FileFix:
    path: str
    old: str
    new: Optional[str]  # None: not fixed
    edits: list[Edit]
    reason: str = ""  # why not
    fatal: bool = False  # not fixed because the file could not be written as checked: the run fails (exit 2)
    target: str = ""  # the file written: the path with its symbolic links resolved
    data: bytes = b""  # the file's bytes, as checked
    new_data: bytes = b""  # the fixed bytes

    def diff(self) -> str:
        if self.new is None or self.new == self.old:
            return ""
        return "".join(difflib.unified_diff(self.old.splitlines(keepends=True), self.new.splitlines(keepends=True),
                                            fromfile=f"a/{self.path}", tofile=f"b/{self.path}"))


class NotFixed(Exception):
    """Why a planned fix was not written; ``fatal`` when the run is to fail for it (exit 2)."""

    def __init__(self, reason: str, fatal: bool = False):
        super().__init__(reason)
        self.fatal = fatal


def _number(value: float) -> str:
    """A figure as an article writes it: plain digits, at most six decimals unless the value needs
    more to keep its digits (0.0000004 is not 0); never an exponent, nan or inf (refused earlier)."""
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    if text in ("", "0", "-0") and value:
        from decimal import Decimal

        text = format(Decimal(repr(value)), "f")
    return "0" if text in ("", "-0") else text


def _invisible(ch: str) -> bool:
    """A character that shows nothing: zero-width spaces and joiners, direction marks, soft hyphens."""
    return unicodedata.category(ch) == "Cf"


def _visible(text: str) -> str:
    return "".join(ch for ch in text if not _invisible(ch))


_DIGIT_MARKS = ".,\uff0e"  # a decimal point or thousands comma, ASCII or full-width point


def _runs_on(text: str, i: int, step: int) -> bool:
    """Whether the figure goes on from offset i in direction step (-1 before a span, +1 after it),
    through invisible characters: a digit, or a decimal point or thousands comma and a digit."""
    seen: list[str] = []
    while 0 <= i < len(text) and len(seen) < 2:
        if not _invisible(text[i]):
            seen.append(text[i])
        i += step
    if not seen:
        return False
    if seen[0].isdecimal():
        return True
    return seen[0] in _DIGIT_MARKS and len(seen) > 1 and seen[1].isdecimal()


def span_problem(text: str, e: Edit) -> str:
    """Why the edit may not replace its span of the text ('' when it may): the span, invisible
    characters aside, must be the claim read, and the figure must not run on beyond it (1\u200b061亿元
    read as 061亿元 would become 1\u200b1061亿元)."""
    c = e.finding.claim
    if c is None:
        return "no figure read to replace"
    span = _visible(text[e.start:e.end])
    if not span or span != _visible(c.text):
        return f"{c.text}: the text there is not the figure read"
    if (span[0].isdecimal() and _runs_on(text, e.start - 1, -1)) or (span[-1].isdecimal() and _runs_on(text, e.end, 1)):
        return f"{c.text}: the figure runs on past what was read (an invisible character inside it?)"
    return ""


class Known:
    """The fact base as the fixer asks it, indexed once: a fact by its id, and how many facts
    (errata aside) give a value for one entity, metric, period and kind. Scanning every fact for
    every finding took 1.8 s for 600 articles with 100,000 facts."""

    def __init__(self, fb: FactBase):
        self.by_id: dict[str, Fact] = {}
        for x in fb.facts:
            self.by_id.setdefault(x.id, x)
        self.values = Counter(x.subject for x in fb.facts if x.status != "erratum")

    def the_fact(self, f: Finding) -> Optional[Fact]:
        """The finding's fact, when it is the only value known for its entity, metric, period and kind."""
        if not f.fact or "id" not in f.fact:
            return None
        fact = self.by_id.get(f.fact["id"])
        if fact is None or fact.status != "accepted" or fact.qualifier:
            return None
        return fact if self.values[fact.subject] == 1 else None


def edit_for(known: Known, f: Finding) -> tuple[Optional[Edit], str]:
    """The edit that fixes one finding, or (None, why not)."""
    c = f.claim
    fact = known.the_fact(f)
    if c is None or fact is None:
        return None, "no single accepted fact"
    if f.fact and f.fact.get("confidence", 1.0) < 0.85:
        return None, "the match is not sure enough"
    if not math.isfinite(fact.value):
        return None, f"{c.text}: the fact's value {fact.value!r} is not a finite number"
    # invisible characters in the figure (1\u200b061) are dropped with the rest of its span
    num = _visible(c.number_text)
    if not num or not (num[0].isdigit()):
        return None, f"{c.text}: a figure in Chinese numerals is not rewritten"
    if c.qualifier:
        return None, f"{c.text}: a qualified figure ({c.qualifier}) may be wrong in its qualifier too"
    span = _visible(c.text)
    at = span.find(num)
    if at < 0:
        return None, f"{c.text}: the number is not where expected"
    full_width = not num.isascii()
    traditional = any(ch in span for ch in "萬億")
    head, tail = span[:at], span[at + len(num):]
    if f.rule == "QZ102" and fact.dimension == c.dimension and fact.scale != c.scale:
        old_scale = c.unit[: len(c.unit) - len(c.base_unit)]
        new_scale = fact.scale_word
        if not old_scale or not new_scale:
            return None, f"{c.text}: no scale word to change"
        if traditional:
            old_scale = "".join(_TRAD_SCALE.get(ch, ch) for ch in old_scale)
            new_scale = "".join(_TRAD_SCALE.get(ch, ch) for ch in new_scale)
        if old_scale not in tail:
            return None, f"{c.text}: the scale word is not where expected"
        return Edit(c.start, c.end, head + num + tail.replace(old_scale, new_scale, 1), f), ""
    if f.rule == "QZ102":
        # a wrong unit (1.75% for the ratio 1.76): the fact's figure in the fact's unit
        new_num = _number(fact.value)
        unit = fact.unit
        if traditional:
            unit = "".join(_TRAD_SCALE.get(ch, ch) for ch in unit)
        new = head + (new_num.translate(_FULL) if full_width else new_num) + unit
        return Edit(c.start, c.end, new, f), ""
    if fact.dimension != c.dimension:
        return None, f"{c.text}: units differ"
    if (fact.value < 0) != (c.value < 0):
        return None, f"{c.text}: the fact goes the other way (增长 for 下降): the words must change, not the figure"
    if not math.isfinite(fact.magnitude / c.scale):
        return None, f"{c.text}: the fact's value in the article's unit is not a finite number"
    new_num = _number(abs(fact.magnitude) / c.scale)  # a fall is written as its size (下降8.3%)
    if "," in num:
        whole, _, frac = new_num.partition(".")
        new_num = f"{int(whole):,}" + (f".{frac}" if frac else "")
    if full_width:
        new_num = new_num.translate(_FULL)
    return Edit(c.start, c.end, head + new_num + tail, f), ""


def _identity(path: str) -> tuple:
    """What a file is, whatever it is named: its device and inode, else its real path."""
    try:
        st = os.stat(path)
        return (st.st_dev, st.st_ino)
    except OSError:
        return (os.path.realpath(path),)


def _codec(encoding: str, data: bytes) -> tuple[bytes, str]:
    """(BOM, codec) that write the file's text back as it was: UTF-16 in its own byte order."""
    if encoding == "utf-16":
        if data.startswith(codecs.BOM_UTF16_BE):
            return codecs.BOM_UTF16_BE, "utf-16-be"
        return codecs.BOM_UTF16_LE, "utf-16-le"
    if encoding == "utf-8-sig":
        return codecs.BOM_UTF8, "utf-8"
    return b"", _CODECS.get(encoding, "utf-8")


def splice(data: bytes, text: str, edits: list[Edit], encoding: str) -> bytes:
    """The file's bytes with each edit's span re-encoded, everything else kept as it is.

    Each stretch kept, and each span replaced, must encode back to exactly the bytes it was read
    from; a file where it does not (Big5's F9F9, which cp950 decodes to a character it encodes as
    A2A4) is refused: a rewrite would change more than the figure."""
    bom, codec = _codec(encoding, data)
    if not data.startswith(bom):
        raise NotFixed(f"its {encoding} byte order mark is not where it was read")
    out, at, pos = [bom], len(bom), 0

    def keep(piece: str, what: str) -> None:
        nonlocal at
        try:
            b = piece.encode(codec)
        except UnicodeEncodeError:
            b = None
        if b is None or data[at:at + len(b)] != b:
            raise NotFixed(f"its {encoding} encoding would not survive a rewrite "
                           f"({what} does not encode back to the bytes it was read from)")
        at += len(b)
        out.append(b)

    for e in sorted(edits, key=lambda e: e.start):
        if e.start < pos:
            raise NotFixed(f"two fixes overlap at {e.finding.line}:{e.finding.column}")
        keep(text[pos:e.start], f"the text before {e.finding.line}:{e.finding.column}")
        keep(text[e.start:e.end], f"the figure at {e.finding.line}:{e.finding.column}")
        out.pop()
        try:
            out.append(e.new.encode(codec))
        except UnicodeEncodeError:
            raise NotFixed(f"the fixed text cannot be written in {encoding}") from None
        pos = e.end
    keep(text[pos:], "the text after the last fix")
    if at != len(data):
        raise NotFixed(f"its {encoding} encoding would not survive a rewrite (bytes after the text)")
    return b"".join(out)


def _read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def _as_checked(target: str, text: str, encoding: str) -> bytes:
    """The file's bytes now, when they are still the text checked in the same encoding."""
    try:
        data = _read(target)
        now = decode(data, target)
    except (OSError, InputError):
        now = None
    if now != (text, encoding):
        raise NotFixed("the file changed since it was checked; check it again", fatal=True)
    return data


def _plan_file(rs: list[FileResult], mine: list[Finding], known: Known) -> FileFix:
    r = rs[0]
    assert r.document is not None, "plan() passes only the files that were read"
    old = r.document.text
    target = os.path.realpath(r.path)
    if any(x.document is None or x.document.text != old or x.encoding != r.encoding for x in rs[1:]):
        return FileFix(r.path, old, None, [], "read differently under its names "
                       f"({', '.join(x.path for x in rs)}): it changed while being checked", fatal=True)
    edits: list[Edit] = []
    seen: set[tuple[str, int, int]] = set()
    for f in mine:
        if f.claim is not None and (f.rule, f.claim.start, f.claim.end) in seen:
            continue  # the same figure found under a second name of the file
        e, reason = edit_for(known, f)  # (None, why not) or (the edit, "")
        if e is None or (reason := span_problem(old, e)):
            return FileFix(r.path, old, None, [], f"{f.line}:{f.column} {reason}")
        seen.add((f.rule, e.start, e.end))
        edits.append(e)
    try:
        data = _as_checked(target, old, r.encoding)
        new_data = splice(data, old, edits, r.encoding)
    except NotFixed as err:
        return FileFix(r.path, old, None, [], str(err), fatal=err.fatal)
    new = old
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        new = new[: e.start] + e.new + new[e.end:]
    return FileFix(r.path, old, new, edits, target=target, data=data, new_data=new_data)


def plan(report: Report, fb: FactBase) -> list[FileFix]:
    """One fix for each file with fixable findings, however many names it was checked under."""
    by_path: dict[str, list[Finding]] = {}
    for f in report.findings:
        if f.rule in FIXABLE:
            by_path.setdefault(f.path, []).append(f)
    if not by_path:
        return []
    known = Known(fb)
    files: dict[tuple, list[FileResult]] = {}
    for r in report.files:
        if r.document is None or r.path == "<stdin>":
            continue
        files.setdefault(_identity(r.path), []).append(r)
    fixes = []
    for rs in files.values():
        mine = [f for x in dict.fromkeys(x.path for x in rs) for f in by_path.get(x, ())]
        if mine:
            fixes.append(_plan_file(rs, mine, known))
    return fixes


def _check_writable(target: str, st: os.stat_result) -> None:
    if not st.st_mode & stat.S_IWUSR or (hasattr(os, "geteuid") and os.geteuid() != 0
                                          and not os.access(target, os.W_OK)):
        raise NotFixed("read-only (no write permission); make it writable to fix it", fatal=True)


def _copy_xattrs(src: str, dst: str) -> None:
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(src)
    except OSError as e:
        if e.errno in (errno.ENOTSUP, errno.EOPNOTSUPP):
            return
        raise
    for name in names:
        value = os.getxattr(src, name)
        try:
            if os.getxattr(dst, name) == value:
                continue
        except OSError:
            pass
        os.setxattr(dst, name, value)


def _replace(fix: FileFix, st: os.stat_result) -> None:
    """A temporary file beside the target with its owner, group, mode and extended attributes,
    synced, then renamed over it once the target is seen to be as checked."""
    target = fix.target
    folder = os.path.dirname(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".qzfix", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(fix.new_data)
            out.flush()
            os.fsync(out.fileno())
        try:
            if hasattr(os, "chown"):
                os.chown(tmp, st.st_uid, st.st_gid)
            os.chmod(tmp, stat.S_IMODE(st.st_mode))  # after chown, which clears set-id bits
            _copy_xattrs(target, tmp)
        except OSError as e:
            raise NotFixed(f"cannot keep its owner, mode or extended attributes ({e.strerror or e})", fatal=True) from None
        if _read(target) != fix.data:
            raise NotFixed("the file changed since it was checked; check it again", fatal=True)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


def _rewrite_in_place(fix: FileFix) -> None:
    """A file with several hard links: a rename would split them, so it is written in place, from
    its first changed byte, after reading it through the same open file."""
    with open(fix.target, "r+b") as f:
        if f.read() != fix.data:
            raise NotFixed("the file changed since it was checked; check it again", fatal=True)
        first = next((i for i, (a, b) in enumerate(zip(fix.data, fix.new_data)) if a != b),
                     min(len(fix.data), len(fix.new_data)))
        f.seek(first)
        f.write(fix.new_data[first:])
        f.truncate()
        f.flush()
        os.fsync(f.fileno())


def write(fix: FileFix) -> None:
    """Write a planned fix to its file (the target of a symbolic link), or raise NotFixed with the
    file left as it was."""
    if fix.new is None:
        raise NotFixed(fix.reason, fix.fatal)
    st = os.stat(fix.target)
    _check_writable(fix.target, st)
    if st.st_nlink > 1:
        _rewrite_in_place(fix)
    else:
        _replace(fix, st)
