"""The layouts as data match docs/cells.md (198 / 200 keys)."""
from core import schema


def test_key_counts():
    assert len(schema.cell_keys("2019")) == 198
    assert len(schema.cell_keys("2021")) == 200


def test_keys_unique_and_ascii():
    for layout in schema.LAYOUTS:
        keys = schema.cell_keys(layout)
        assert len(set(keys)) == len(keys)
        assert all(k.isascii() for k in keys)


def test_layout_specific_rows():
    k19, k21 = set(schema.cell_keys("2019")), set(schema.cell_keys("2021"))
    assert "requests.other.total" in k19 and "requests.other.total" not in k21
    assert "requests.other.no_fee.natural" in k21
    assert "active.procurement.amount" in k19 and "active.fees.amount" in k21
