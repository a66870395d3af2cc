from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.fixture
def seeds_dir() -> Path:
    return ROOT / "seeds"


@pytest.fixture
def golden_dir() -> Path:
    return ROOT / "golden"
