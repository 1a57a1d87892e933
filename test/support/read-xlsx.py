"""Reads an XLSX file with openpyxl, a parser that is not ours, and prints what it found as JSON:
every sheet's name and rows (cells as text, '' for empty) and how many cells are formulas."""
import json
import sys

import openpyxl

workbook = openpyxl.load_workbook(sys.argv[1])
sheets = []
formulas = 0
for sheet in workbook.worksheets:
    rows = [['' if value is None else str(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    formulas += sum(1 for row in sheet.iter_rows() for cell in row if cell.data_type == 'f')
    sheets.append({'name': sheet.title, 'rows': rows})
print(json.dumps({'sheets': sheets, 'formulas': formulas}, ensure_ascii=False))
