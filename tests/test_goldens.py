"""Each seed cleans to its golden text and removals (pytest-regressions).

The same files back `cleaner check seeds golden`; `--force-regen` or
`cleaner check --update` rewrites them, and a reviewer reads the diff.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner import Cleaner

ROOT = Path(__file__).parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner()


@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem for s in SEEDS])
def test_seed_matches_golden(
    seed: Path, cleaner: Cleaner, file_regression, data_regression
) -> None:
    result = cleaner.clean(seed.read_text(encoding="utf-8"), id=str(seed))
    file_regression.check(result.text, fullpath=ROOT / "golden" / f"{seed.stem}.txt")
    data_regression.check(result.to_dict(), fullpath=ROOT / "golden" / f"{seed.stem}.yml")


@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem for s in SEEDS])
def test_cleaning_is_idempotent(seed: Path, cleaner: Cleaner) -> None:
    once = cleaner.clean(seed.read_text(encoding="utf-8")).text
    twice = cleaner.clean(once)
    assert twice.text == once
    assert twice.removals == []


def test_seed_boilerplate_is_gone_and_spacing_mended(cleaner: Cleaner) -> None:
    meduza = cleaner.clean((ROOT / "seeds" / "003_ad3391899b0d350a.txt").read_text()).text
    assert "NATO Secretary General proposed to hold talks with Russia on January 12" in meduza
    assert "Russia has put forward conditions" in meduza
    assert "was frozen, but" in meduza
    assert "\u00a0" not in meduza and "  " not in meduza
    for widget in ("Leave a Reply", "Akismet", "Connecting to", "MEDUZA", "Log Out"):
        assert widget not in meduza
    jakarta = cleaner.clean((ROOT / "seeds" / "000_aec2204b157bb59f.txt").read_text()).text
    assert jakarta.startswith("JAKARTA - NATO Secretary-General")
    assert "automatically generated" not in jakarta


def test_two_processes_give_identical_output(tmp_path: Path) -> None:
    """Different hash seeds, as in different processes: no set order may leak into output."""
    source = tmp_path / "in"
    source.mkdir()
    for seed in SEEDS:
        (source / seed.name).write_bytes(seed.read_bytes())
    # A Ukrainian comment count: two phrases of equal length compete for it.
    (source / "uk.txt").write_text("Рада зібралася в понеділок.\n\nКоментарів немає\n")
    outputs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / hash_seed
        subprocess.run(
            [
                sys.executable,
                "-m",
                "cleaner",
                "clean",
                str(source),
                str(out),
                "--report",
                str(out / "r.jsonl"),
            ],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
        outputs.append({p.name: p.read_bytes() for p in sorted(out.glob("*.txt"))})
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == len(SEEDS) + 1
    assert outputs[0]["uk.txt"] == "Рада зібралася в понеділок.\n".encode()
