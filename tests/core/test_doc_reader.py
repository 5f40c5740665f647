"""The Word 97 binary reader's parts on hand-made input: pieces out of file order (fast save),
compressed and Unicode pieces, fields, hidden text, special characters, and the cell grid."""
from core.readers.doc import _grid
from core.readers.doc_binary import (C_VANISH, IN_TABLE, RowLayout, _Fkps, _Piece, _split,
                                     _sprms)


def _fkps(runs) -> _Fkps:
    fkps = _Fkps.__new__(_Fkps)
    fkps.runs = sorted(runs)
    fkps.starts = [r[0] for r in fkps.runs]
    return fkps


def test_pieces_fields_hidden_text_and_marks():
    first = "甲\x13 PAGE \x145\x15乙\x01\r".encode("utf-16-le")  # cp 0..14, stored at fc 200
    second = b"hid\rcell\x07"                                      # cp 14..23, compressed at fc 20
    word = bytearray(400)
    word[200:200 + len(first)] = first
    word[20:20 + len(second)] = second
    pieces = [_Piece(0, 14, 200, 2), _Piece(14, 23, 20, 1)]
    chp = _fkps([(20, 23, [(C_VANISH, b"\x01")])])                # "hid" is hidden
    pap = _fkps([(24, 29, [(IN_TABLE, b"\x01")])])                 # "cell\x07" is in a table
    paras = _split(bytes(word), pieces, 23, pap, chp, b"")
    assert [(p.text, p.end, p.in_table) for p in paras] == [
        ("甲5乙", "\r", False), ("", "\r", False), ("cell", "\x07", True)]
    assert paras[0].cps == [0, 9, 11]                              # field result kept, code dropped
    assert paras[2].cps == [18, 19, 20, 21]
    assert [p.pictures for p in paras] == [1, 0, 0]                # the picture is counted, not shown


def test_sprm_operands_of_every_size():
    blob = bytes([0x16, 0x24, 1,  0x49, 0x66, 2, 0, 0, 0,  0x2B, 0xD6, 2, 0, 3])
    assert _sprms(blob) == [(0x2416, b"\x01"), (0x6649, b"\x02\x00\x00\x00"), (0xD62B, b"\x00\x03")]


def test_cell_edges_make_spans_and_vertical_merges_rowspans():
    rows = [([("a", 0, 1), ("b", 1, 2), ("c", 2, 3)], RowLayout([0, 100, 200, 300], [3, 0, 0], [0, 0, 0])),
            ([("", 3, 3), ("d", 4, 5)], RowLayout([0, 100, 300], [1, 0], [0, 0])),
            ([("e", 5, 6), ("f", 6, 7), ("g", 7, 8)], RowLayout([0, 110, 195, 300], [0, 0, 0], [0, 2, 0]))]
    origins: dict = {}
    grid = _grid(rows, origins, 0)
    shape = [[(c.text, c.row, c.col, c.rowspan, c.colspan) for c in row] for row in grid]
    assert shape == [[("a", 0, 0, 2, 1), ("b", 0, 1, 1, 1), ("c", 0, 2, 1, 1)],
                     [("d", 1, 1, 1, 2)],
                     [("e", 2, 0, 1, 2), ("g", 2, 2, 1, 1)]]   # f: a legacy merge into e
    assert origins[(0, 1, 1)] == (4, 5)
