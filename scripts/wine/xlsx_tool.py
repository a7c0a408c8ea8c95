"""Workbook helpers for scripts/wine-test (test-only; standard library only).

    xlsx_tool.py from-csv OUT.xlsx FILE.csv...   one sheet per CSV file, every cell as text
    xlsx_tool.py same A.xlsx B.xlsx              same parts with the same bytes, the
                                                 creation time in docProps/core.xml aside
    xlsx_tool.py unzip ZIP DIR                   extract a zip (no unzip on a bare machine)
"""

import csv
import io
import re
import sys
import zipfile
from xml.sax.saxutils import escape


def column(i):
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def sheet_xml(rows):
    out = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    ]
    for r, row in enumerate(rows, start=1):
        out.append(f'<row r="{r}">')
        for c, value in enumerate(row):
            if value != "":
                out.append(
                    f'<c r="{column(c)}{r}" t="inlineStr"><is><t xml:space="preserve">'
                    f"{escape(value)}</t></is></c>"
                )
        out.append("</row>")
    out.append("</sheetData></worksheet>")
    return "".join(out)


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        text = f.read()
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def from_csv(out, files):
    """The evidence as an office keeps it: one workbook, one sheet per agency's file."""
    names = [re.sub(r"\.csv$", "", f.replace("\\", "/").rsplit("/", 1)[-1]) for f in files]
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sheets = "".join(
        f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, 1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{ns}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(names) + 1)
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(names) + 1)
    )
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' + overrides + "</Types>",
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{ns}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'xmlns:r="{ns}"><sheets>{sheets}</sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + rels
        + "</Relationships>",
    }
    for i, f in enumerate(files, 1):
        parts[f"xl/worksheets/sheet{i}.xml"] = sheet_xml(read_csv(f))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode("utf-8"))


# rust_xlsxwriter stamps the creation time in docProps/core.xml; nothing else may differ.
STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def same(a, b):
    za, zb = zipfile.ZipFile(a), zipfile.ZipFile(b)
    na, nb = sorted(za.namelist()), sorted(zb.namelist())
    if na != nb:
        print(f"parts differ: {a}: {na}\n{b}: {nb}")
        return 1
    differ = []
    for n in na:
        pa, pb = za.read(n), zb.read(n)
        if n == "docProps/core.xml":
            pa, pb = STAMP.sub(rb"\1\2", pa), STAMP.sub(rb"\1\2", pb)
        if pa != pb:
            differ.append(n)
    if differ:
        print(f"{a} and {b}: these parts differ: {', '.join(differ)}")
        return 1
    print(f"{len(na)} parts identical")
    return 0


def main(argv):
    if len(argv) >= 3 and argv[0] == "from-csv":
        from_csv(argv[1], argv[2:])
        return 0
    if len(argv) == 3 and argv[0] == "same":
        return same(argv[1], argv[2])
    if len(argv) == 3 and argv[0] == "unzip":
        zipfile.ZipFile(argv[1]).extractall(argv[2])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
