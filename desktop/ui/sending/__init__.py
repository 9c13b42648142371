"""What leaves the office: export, 报送 (e-mail draft), exchange packages, 打印预览 and 导出PDF."""
