"""research/pg_csv.py: COPY's CSV made the file csv_stream() writes (the
byte-for-byte comparison over awkward data is in test_exports.py)."""

import pytest


@pytest.mark.parametrize(
    "copied, expected",
    [
        ("1,a\n2,b\n", "1,a\r\n2,b\r\n"),
        ('1,"a\nb",c\n', '1,"a\nb",c\r\n'),
        ('1,"say ""x""\nnow",c\n2,"""",d\n', '1,"say ""x""\nnow",c\r\n2,"""",d\r\n'),
        ('1,"cr\rlf\r\n"\n', '1,"cr\rlf\r\n"\r\n'),
        ("", ""),
    ],
)
def test_copy_records_end_with_crlf_and_quoted_breaks_stay(copied, expected):
    from research.pg_csv import with_crlf

    assert with_crlf(copied.encode()) == expected.encode()


@pytest.mark.parametrize(
    "records",
    [
        ["1,a\n", "2,b\n"],
        ['1,"a\nb",c\n', "2,d\n"],
        ['1,"甲\n乙",丙\n', '2,"""",丁\n'],
        [],
    ],
)
def test_records_end_with_crlf_whether_or_not_a_cell_breaks_a_line(records):
    from research.pg_csv import crlf_records, with_crlf

    copied = [memoryview(record.encode()) for record in records]  # a message each
    expected = with_crlf("".join(records).encode())
    assert crlf_records(copied) == expected
    assert expected.count(b"\r\n") == len(records)
