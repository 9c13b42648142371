"""The monthly report workbook (月报): written from templates_xlsx/ (export and its sheets) and read back
(reader, layout_read, cell_reader, data_sheet); verify compares a written file with the report."""
