"""The roster workbooks 附件1/2/3: written from templates_xlsx/ (export) and read back, our own and the
hand-made files offices send (reader, header, rows, tolerance)."""
