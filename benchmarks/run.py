"""qzcheck's speed and scale, measured side by side with jieba in the same run.

    python benchmarks/run.py              # the full run (a few minutes)
    python benchmarks/run.py --quick      # tiny sizes: checks that the script still works

Inputs are built deterministically (seeded) from the articles in examples/: sentences are varied
(figures, years, places) and shuffled into articles of about 10 KB. Each figure is the median of
several runs, timed in alternation with its baseline (the machine's drift moves both alike); ratios
are against the jieba baseline measured in the same run, so they hold on any machine. The qzcheck
that the timed processes import (the one `python -m quzhou_check` finds from where you are) is
byte-compiled first, as `pip install` does, and named under the table:

- cold latency: a fresh `qzcheck --format json --date D ARTICLE` process against a fresh
  `python -c "import jieba; jieba.lcut(text)"` on the same article;
- throughput: checking a corpus of at least 5 MB in one process against jieba.lcut of it; then the
  same with the segmenter's cache emptied before each article, since the corpus repeats sentences,
  and the same text as one file (at most 3 runs), which shows that time grows with an article's size
  and no faster;
- fact-base scale: the corpus against the real fact base and against one of 100,000 facts
  (the real ones and generated ones: many entities, metrics and years), time per claim and peak memory;
  the large base is measured with its parsed form in qzcheck's cache (a run after the first), and
  its first run, which parses and caches it, is shown beside;
- parallel: a folder of 600 articles (about 6 MB) with -j 1 against -j 2, and the two reports compared;
  then the same on 2,000 articles (at most 3 runs), where the fixed start-up and report weigh less.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DATE = "2026-02-15"


# ---- inputs ------------------------------------------------------------------------------------

def _sentences() -> list[str]:
    """The examples' sentences, less those on a line where qzcheck finds a problem: typical copy is
    mostly right. The examples hold deliberate errors, and some contradict each other (QZ300), so
    they are checked together, and a line with a finding in that run is left out: a corpus of them
    would be one of contradictions."""
    from datetime import date

    from quzhou_check.engine import Checker, check_text
    from quzhou_check.reader import decode

    d = date.fromisoformat(DATE)
    paths = sorted(EXAMPLES.glob("*.txt"))
    together = Checker().check_paths([str(p) for p in paths], d)
    bad = {(f.path, f.line) for f in together.findings}
    out = []
    for p in paths:
        text, _ = decode(p.read_bytes(), str(p))
        text = text.replace("\r\n", "\n")
        for n, line in enumerate(text.split("\n"), 1):
            if (str(p), n) in bad:
                continue
            for s in re.split(r"(?<=[。！？])", line):
                s = s.strip()
                if len(s) > 8 and not check_text(s, date=d).findings:
                    out.append(s)
    return out


_PLACES = ["衢州", "衢江区", "丙市", "丁县", "戊区", "某市"]
_PROSE = [
    "岁末年初，城市的街巷里洋溢着辞旧迎新的气氛，市民们在古城里漫步，感受千年文脉。",
    "在新的发展阶段，这座城市坚持创新驱动，推动产业链、创新链、人才链深度融合，营造良好的营商环境。",
    "记者在多个园区走访时看到，生产线满负荷运转，企业负责人对新一年的发展充满信心。",
    "交通网络的完善让城市之间的联系更加紧密，游客和企业都感受到了实实在在的便利。",
    "走进社区，老人们在幸福食堂里吃上了热乎的饭菜，孩子们在家门口就能享受优质的教育资源。",
    "面向未来，当地将持续深化改革扩大开放，坚持把发展经济的着力点放在实体经济上。",
    "一位企业负责人告诉记者，政府部门主动上门服务，帮助企业解决了用地、用工和融资方面的难题。",
    "清晨的江面上薄雾散去，货船依次驶离码头，岸边的吊机有条不紊地装卸着集装箱。",
    "在文化场馆里，市民们欣赏演出、阅读书籍、参加讲座，城市的文化气质日益浓厚。",
    "专家认为，产业与城市相互促进，是山区城市实现高质量发展的一条可行路径。",
]


def _vary(sentence: str, rng: random.Random) -> str:
    """Most sentences are reused as written; about one in ten is moved to another year, or to
    another place with figures of its own (fixed per place and sentence, so that the corpus does
    not contradict itself more than copy does)."""
    if rng.random() > 0.1:
        return sentence
    if rng.random() < 0.5:
        return re.sub(r"20(2[3-6])年", lambda m: f"20{rng.choice(['23', '24', '25'])}年", sentence)
    place = rng.choice(_PLACES[2:])
    if ("衢州" not in sentence and "衢江区" not in sentence) or re.search("全[市区县]", sentence):
        # no place named to move, or one a scope word (全区) still points back to: new figures
        # would contradict the sentence as written
        return sentence
    local = random.Random(f"{place}|{sentence}")

    def number(m: re.Match) -> str:
        t = m.group(0)
        if "." in t:
            d = len(t.split(".")[1])
            return f"{float(t) * local.uniform(0.8, 1.2):.{d}f}"
        return str(max(1, int(int(t) * local.uniform(0.8, 1.2))))

    s = re.sub(r"(?<![年\d])\d+(?:\.\d+)?(?![年月日\d])", number, sentence)
    return s.replace("衢州", place).replace("衢江区", place)


def make_article(rng: random.Random, pool: list[str], size: int = 10_000) -> str:
    parts = [f"经济观察（第{rng.randint(1, 999)}期）", ""]
    n = 0
    while n < size:
        # about one sentence in two holds figures, as in the seed articles (a claim per ~200 bytes)
        para = "".join(_vary(rng.choice(pool), rng) for _ in range(1))
        para += "".join(rng.sample(_PROSE, rng.randint(1, 3)))
        parts.append(para)
        parts.append("")
        n += len(para.encode("utf-8"))
    return "\n".join(parts)


def make_corpus(folder: Path, n_articles: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    pool = _sentences()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n_articles):
        p = folder / f"article-{i:04d}.txt"
        p.write_text(make_article(rng, pool), encoding="utf-8")
        paths.append(p)
    return paths


def make_big_factbase(folder: Path, n_facts: int, seed: int = 11) -> Path:
    """The real fact base plus generated facts up to n_facts: many entities, metrics and years."""

    from quzhou_check.factbase import default_facts_dir

    folder.mkdir(parents=True, exist_ok=True)
    src = default_facts_dir()
    for f in src.iterdir():
        if f.name.endswith(".toml"):
            (folder / f.name).write_bytes(f.read_bytes())
    real = sum(f.read_text(encoding="utf-8").count("[[fact]]") for f in folder.glob("*.toml"))
    rng = random.Random(seed)
    n_entities, n_metrics = 2000, 50
    units = ["亿元", "万人", "家", "%", "个", "万吨"]
    metrics = [(f"合成指标{i:02d}项", units[i % len(units)]) for i in range(n_metrics)]
    with open(folder / "zz-generated-entities.toml", "w", encoding="utf-8") as out:
        for e in range(n_entities):
            out.write(f'[[entity]]\nname = "合成{e:04d}市"\naliases = []\nlevel = "city"\n\n')
    with open(folder / "zz-generated-metrics.toml", "w", encoding="utf-8") as out:
        for name, unit in metrics:
            out.write(f'[[metric]]\nname = "{name}"\naliases = ["{name}总量"]\nunit = "{unit}"\n\n')
    todo = n_facts - real
    with open(folder / "zz-generated-facts.toml", "w", encoding="utf-8") as out:
        i = 0
        while i < todo:
            e, m = i % n_entities, (i // n_entities) % n_metrics
            year = 2000 + (i // (n_entities * n_metrics))
            name, unit = metrics[m]
            out.write(
                f'[[fact]]\nid = "gen.{e}.{m}.{year}"\nentity = "合成{e:04d}市"\nmetric = "{name}"\n'
                f'period = "{year}"\nvalue = {round(rng.uniform(1, 5000), 1)}\nunit = "{unit}"\nkind = "actual"\n'
                f'source = "generated.txt:{i + 1}"\nsource_date = "{year + 1}-03"\n\n'
            )
            i += 1
    return folder


# ---- measuring ---------------------------------------------------------------------------------

def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def paired_times(ours, baseline, runs: int) -> tuple[float, float]:
    """Medians of both, timed in alternation (ours, then the baseline, in every run), so that a
    machine that speeds up or slows down during the benchmark moves both sides alike."""
    a, b = [], []
    for _ in range(runs):
        for fn, times in ((ours, a), (baseline, b)):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
    return statistics.median(a), statistics.median(b)


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", **kw)


def _child_peak_mb(cmd: list[str]) -> tuple[float, str]:
    """Run a command in a fresh process and report its peak resident memory."""
    code = (
        "import resource, subprocess, sys; p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "sys.stdout.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) + '\\n' + p.stdout)"
    )
    out = _run([sys.executable, "-c", code, *cmd]).stdout
    first, _, rest = out.partition("\n")
    return int(first) / 1024, rest


def byte_compile(env: dict) -> str:
    """Byte-compile the qzcheck that the timed processes import, as `pip install` does, and return
    its folder. A source tree edited since its last run, with PYTHONDONTWRITEBYTECODE set, would
    otherwise be compiled again by every fresh process (30 ms of each start here): the benchmark
    would time the compiler, which no installed copy runs."""
    import compileall

    where = _run([sys.executable, "-c", "import os, quzhou_check; print(os.path.dirname(quzhou_check.__file__))"],
                 env=env).stdout.strip()
    if where:
        compileall.compile_dir(where, quiet=2)  # a folder we may not write to was compiled when installed
    return where


def qzcheck_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "quzhou_check", *args]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="tiny sizes, one run each: a smoke test")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = ap.parse_args()
    quick = args.quick
    runs = 1 if quick else args.runs
    corpus_mb = 0.05 if quick else 5.2
    n_folder = 6 if quick else 600
    n_facts = 2_000 if quick else 100_000
    rows: list[tuple[str, str, str, str]] = []
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="qzbench-") as tmp:
        tmp = Path(tmp)
        env = dict(os.environ, PYTHONHASHSEED="0")
        package = byte_compile(env)
        # warm the caches both sides use (jieba's dictionary cache, qzcheck's prefix table)
        article = make_corpus(tmp / "one", 1)[0]
        text = article.read_text(encoding="utf-8")
        _run(qzcheck_cmd("--format", "json", "--date", DATE, str(article)), env=env)
        jieba_cmd = [sys.executable, "-c", f"import jieba; jieba.lcut(open({str(article)!r}, encoding='utf-8').read())"]
        _run(jieba_cmd, env=env)

        # 1. cold latency
        t_q, t_j = paired_times(lambda: _run(qzcheck_cmd("--format", "json", "--date", DATE, str(article)), env=env),
                                lambda: _run(jieba_cmd, env=env), runs)
        figures.update(cold_qzcheck_s=t_q, cold_jieba_s=t_j, cold_ratio=t_q / t_j)
        rows.append(("cold latency (10 KB article)", f"{t_q:.3f} s", f"{t_j:.3f} s", f"{t_q / t_j:.2f} (≤ 1.0, goal 0.5)"))

        # 2. throughput in one process
        n_art = max(2, int(corpus_mb * 1024 * 1024 / len(text.encode("utf-8"))) + 1)
        paths = make_corpus(tmp / "corpus", n_art, seed=3)
        size_mb = sum(p.stat().st_size for p in paths) / 1024 / 1024
        texts = [p.read_text(encoding="utf-8") for p in paths]
        import jieba

        from quzhou_check.engine import Checker

        jieba.initialize()
        checker = Checker()
        checker.check_paths([str(paths[0])])  # set-up (jieba, tables) is not part of throughput
        from datetime import date

        d = date.fromisoformat(DATE)
        state = {}

        from quzhou_check import segment

        def check_corpus():
            segment._cached.cache_clear()  # no help from sentences segmented in an earlier run
            state["report"] = checker.check_paths([str(p) for p in paths], d)

        t_qt, t_jt = paired_times(check_corpus, lambda: [jieba.lcut(t) for t in texts], runs)
        claims = sum(len(r.claims) for r in state["report"].files)
        figures.update(corpus_mb=size_mb, throughput_qzcheck_s=t_qt, throughput_jieba_s=t_jt,
                       throughput_ratio=t_qt / t_jt, corpus_claims=claims)
        rows.append((f"throughput ({size_mb:.1f} MB, {claims} claims)", f"{t_qt:.2f} s ({size_mb / t_qt:.2f} MB/s)",
                     f"{t_jt:.2f} s ({size_mb / t_jt:.2f} MB/s)", f"{t_qt / t_jt:.2f} (≤ 0.5)"))

        # the corpus is built from a few hundred sentences, so most repeat across articles and the
        # segmenter's cache answers them; real copy repeats far less. The same corpus with the cache
        # emptied before each article shows what articles that share no sentence cost.
        def check_each_fresh():
            for p in paths:
                segment._cached.cache_clear()
                checker.check_paths([str(p)], d)

        t_qf = median_time(check_each_fresh, runs)
        figures.update(throughput_fresh_s=t_qf, throughput_fresh_ratio=t_qf / t_jt)
        rows.append(("  same, no sentence shared by articles", f"{t_qf:.2f} s ({size_mb / t_qf:.2f} MB/s)",
                     f"{t_jt:.2f} s ({size_mb / t_jt:.2f} MB/s)", f"{t_qf / t_jt:.2f} (not a target)"))

        # the same text as one file: the time to read an article must grow with its size, no faster
        # (a step once a paragraph and a QZ200 scan once a share were quadratic in it: a 43 MB
        # article took 222 s, where its text as a thousand files takes 12)
        one = tmp / "one-file.txt"
        one.write_text("\n\n".join(texts), encoding="utf-8")

        def check_one_file():
            segment._cached.cache_clear()
            checker.check_paths([str(one)], d)

        t_q1 = median_time(check_one_file, min(runs, 3))
        figures.update(throughput_one_file_s=t_q1, throughput_one_file_ratio=t_q1 / t_jt)
        rows.append(("  same text as one file", f"{t_q1:.2f} s ({size_mb / t_q1:.2f} MB/s)",
                     f"{t_jt:.2f} s ({size_mb / t_jt:.2f} MB/s)", f"{t_q1 / t_jt:.2f} (not a target)"))

        # 3. fact-base scale: the same corpus, real fact base against 100,000 facts, in fresh processes
        big = make_big_factbase(tmp / "bigfacts", n_facts)
        folder = str(tmp / "corpus")
        per_claim = {}
        # a large fact base is kept parsed in the user's cache after its first run: "big" is measured
        # warm, as an editor's every save after the first is; "big, first run" parses and caches it
        os.environ["QZCHECK_CACHE_DIR"] = str(tmp / "cache")
        for label, extra in (("big, first run", ["--facts", str(big)]), ("real", []), ("big", ["--facts", str(big)])):
            cmd = qzcheck_cmd("--format", "json", "--date", DATE, "--exit-zero", "-j", "1", *extra, folder)
            t0 = time.perf_counter()
            peak, out = _child_peak_mb(cmd)
            elapsed = time.perf_counter() - t0
            n = json.loads(out)["summary"]["claims"] if out.strip() else 0
            per_claim[label] = (elapsed / max(1, n), peak, elapsed)
        ratio = per_claim["big"][0] / per_claim["real"][0]
        figures.update(per_claim_real_ms=per_claim["real"][0] * 1000, per_claim_big_ms=per_claim["big"][0] * 1000,
                       per_claim_ratio=ratio, peak_real_mb=per_claim["real"][1], peak_big_mb=per_claim["big"][1])
        rows.append((f"time per claim, {n_facts:,} facts vs real", f"{per_claim['big'][0] * 1e3:.3f} ms",
                     f"{per_claim['real'][0] * 1e3:.3f} ms", f"{ratio:.2f} (≤ 3)"))
        rows.append((f"peak memory, {n_facts:,} facts vs real", f"{per_claim['big'][1]:.0f} MB",
                     f"{per_claim['real'][1]:.0f} MB", "≤ 400 MB"))
        first = per_claim["big, first run"]
        figures.update(per_claim_big_first_ms=first[0] * 1000, peak_big_first_mb=first[1])
        rows.append((f"  same, first run (parses {n_facts:,} facts)", f"{first[0] * 1e3:.3f} ms, {first[1]:.0f} MB",
                     f"{per_claim['real'][0] * 1e3:.3f} ms", f"{first[0] / per_claim['real'][0]:.2f} (not a target)"))

        # 4. parallel: -j 1 against -j 2 on a folder of articles; then a folder of an overnight
        # archive's size, where the start-up and the report, which no second process shares, weigh less
        def parallel(n: int, n_runs: int) -> tuple[float, float, bool, tuple[float, float]]:
            many = tmp / f"folder-{n}"
            make_corpus(many, n, seed=5)
            outs = {}

            def run_j(j):
                p = _run(qzcheck_cmd("--format", "json", "--date", DATE, "--exit-zero", "-j", str(j), str(many)), env=env)
                outs[j] = p.stdout

            # alternated, so that both see the machine in the same moods
            times: dict[int, list[float]] = {1: [], 2: []}
            for _ in range(n_runs):
                for j in (1, 2):
                    times[j].append(median_time(lambda j=j: run_j(j), 1))
            # each run's own ratio too: the spread says how far one run can be trusted
            ratios = [a / b for a, b in zip(times[1], times[2])]
            return (statistics.median(times[1]), statistics.median(times[2]), outs[1] == outs[2] and bool(outs[1]),
                    (min(ratios), max(ratios)))

        t1, t2, same, (lo, hi) = parallel(n_folder, runs)
        figures.update(j1_s=t1, j2_s=t2, speedup=t1 / t2, speedup_lowest=lo, speedup_highest=hi, identical=float(same))
        rows.append((f"parallel ({n_folder} articles)", f"-j 2: {t2:.2f} s", f"-j 1: {t1:.2f} s",
                     f"{t1 / t2:.2f}× (≥ 1.7; runs {lo:.2f}–{hi:.2f}), reports {'identical' if same else 'DIFFER'}"))
        n_big = 12 if quick else 2_000
        t1, t2, same, (lo, hi) = parallel(n_big, min(runs, 3))
        figures.update(j1_big_s=t1, j2_big_s=t2, speedup_big=t1 / t2, identical_big=float(same))
        rows.append((f"  same, {n_big:,} articles", f"-j 2: {t2:.2f} s", f"-j 1: {t1:.2f} s",
                     f"{t1 / t2:.2f}× (not a target; runs {lo:.2f}–{hi:.2f}), reports {'identical' if same else 'DIFFER'}"))

    w = [max(len(r[i]) for r in rows + [("figure", "qzcheck", "baseline", "ratio (target)")]) for i in range(4)]
    header = ("figure", "qzcheck", "baseline", "ratio (target)")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; median of {runs} run(s); "
          f"qzcheck from {package}")
    for r in (header, tuple("-" * n for n in w), *rows):
        print("  ".join(c.ljust(w[i]) for i, c in enumerate(r)))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
