import pytest


@pytest.fixture(autouse=True)
def _faults_fail_loudly(monkeypatch):
    """read_extract turns a fault in its own code into a refusal; here it must raise instead."""
    monkeypatch.setattr("indicators.extract.reader.STRICT", True)
